import Bounds
import Formats
import LinearAlgebra
import Model
import Rational
import TestSupport
import Testing
import Verification

/// The convention-pattern enumeration (γ_conv²) against the brute-force lattice oracle, the
/// exact cell LP on small known cells, and the inequality γ_adv² ≤ γ_conv² on random instances.
@Suite struct ConventionPatternTests {
  func r(_ n: Int, _ d: Int = 1) -> Rational { Rational(n, d) }

  /// Every enumerated pattern is produced at its own witness point, which lies in the closed box.
  func witnessesRealise(_ p: Policy, _ lower: [Rational], _ upper: [Rational], seed: UInt64) {
    for c in p.conventionPatterns(lower: lower, upper: upper)! {
      #expect(zip(c.witness, zip(lower, upper)).allSatisfy { $0 >= $1.0 && $0 <= $1.1 }, "seed \(seed)")
      #expect(ConventionOracle.pattern(p, at: c.witness) == c.pattern, "seed \(seed): witness does not produce its pattern")
      #expect(p.jacobian(at: p.forward(c.witness)) == c.jacobian, "seed \(seed): Jacobian differs from autograd's at the witness")
    }
  }

  /// 1-D networks whose kinks all lie on the lattice of 1/24 (weights ±1, biases in quarters,
  /// slopes 0 and ±1): the lattice of 1/48 meets every cell, so the sets are equal.
  @Test func oneDimensionalEnumerationEqualsTheLattice() {
    let seed: UInt64 = 0xC0FFEE
    forEachSeededCase(count: 60, seed: seed) { rng, caseSeed in
      let acts: [Activation] = [.relu, .abs, .hardtanh]
      var layers: [Layer] = []
      var width = 1
      let depth = Int.random(in: 1...2, using: &rng)
      for l in 0...depth {
        let last = l == depth
        let n = last ? 1 : (l == 0 ? Int.random(in: 1...3, using: &rng) : Int.random(in: 1...2, using: &rng))
        let w = (0..<n).map { _ in (0..<width).map { _ in Rational([-1, 1, 0][Int.random(in: 0..<(l == 0 ? 2 : 3), using: &rng)]) } }
        let b = (0..<n).map { _ in Rational(Int.random(in: -8...8, using: &rng), 4) }
        layers.append(Layer(weights: w, bias: b, activation: last ? .identity : acts[Int.random(in: 0..<3, using: &rng)]))
        width = n
      }
      let p = Policy(inputDimension: 1, layers: layers)
      let lower = [r(-2)], upper = [r(2)]
      let enumerated = Set(p.conventionPatterns(lower: lower, upper: upper)!.map(\.pattern))
      let lattice = ConventionOracle.latticePatterns(p, lower: lower, upper: upper, q: 48)
      #expect(enumerated == lattice, "seed \(caseSeed): enumeration \(enumerated.count), lattice \(lattice.count)")
      witnessesRealise(p, lower, upper, seed: caseSeed)
    }
  }

  /// 2-D random networks: every pattern met on a lattice (kinks, faces and corners of X on
  /// it when the weights are small integers) is enumerated, and every enumerated one is real.
  @Test func twoDimensionalLatticePatternsAreEnumerated() {
    let seed: UInt64 = 0xBEEF
    forEachSeededCase(count: 25, seed: seed) { rng, caseSeed in
      let acts: [Activation] = [.relu, .abs, .hardtanh, .leakyReLU(slope: r(1, 10))]
      let n = Int.random(in: 2...3, using: &rng)
      let w = (0..<n).map { _ in (0..<2).map { _ in Rational(Int.random(in: -1...1, using: &rng)) } }
      let b = (0..<n).map { _ in Rational(Int.random(in: -2...2, using: &rng)) }
      let out = [(0..<n).map { _ in Rational(Int.random(in: -2...2, using: &rng)) }]
      let p = Policy(inputDimension: 2, layers: [Layer(weights: w, bias: b, activation: acts[Int.random(in: 0..<4, using: &rng)]),
                                                  Layer(weights: out, bias: [0], activation: .identity)])
      let lower = [r(-2), r(-2)], upper = [r(2), r(2)]
      let enumerated = Set(p.conventionPatterns(lower: lower, upper: upper)!.map(\.pattern))
      let lattice = ConventionOracle.latticePatterns(p, lower: lower, upper: upper, q: 4)
      #expect(lattice.isSubset(of: enumerated), "seed \(caseSeed): a lattice pattern is missing")
      witnessesRealise(p, lower, upper, seed: caseSeed)
    }
  }

  /// The interior mechanism: relu(x) − relu(−x) − relu(x + 3) is constant (−3) on X,
  /// so γ_G² = 0, but autograd's Jacobian at x = 0 is −1: γ_conv² = 1, and PGA from s = 0 sees it.
  @Test func antiParallelKinksWithAnAlwaysActiveNeuron() {
    let p = Policy(inputDimension: 1, layers: [
      Layer(weights: [[1], [-1], [1]], bias: [0, 0, 3], activation: .relu),
      Layer(weights: [[1, -1, -1]], bias: [0], activation: .identity),
    ])
    let problem = Problem(lower: [-2], upper: [2], loss: .squaredError(dimension: 1),
                          samples: [Sample(state: [0], target: [1])], attack: Attack(radius: 1, stepSize: r(1, 4), steps: 2))
    let global = GlobalBound(exactFor: p, lower: problem.lower, upper: problem.upper)
    let conv = ConventionBound(policy: p, lower: problem.lower, upper: problem.upper)!
    #expect(global.interval.upper == 0)
    #expect(conv.interval.lower == 1 && conv.interval.upper == 1)
    #expect(conv.lowerDimensionalPatterns == 1)
    let adv = p.attackAnalysis(on: problem).gammaAdvSquared
    #expect(adv == 1)
    #expect(conv.reaches(1) && !conv.reaches(r(1) + r(1, 1000)))
  }

  /// The face mechanism: relu(2 − x) is active inside X = [−2, 2] and on its kink at the face
  /// x = 2, where relu'(0) = 0 gives the Jacobian of the region outside X.
  @Test func kinkOnAFaceOfTheDomain() {
    let p = Policy(inputDimension: 1, layers: [
      Layer(weights: [[-1], [1]], bias: [2, 0], activation: .relu),
      Layer(weights: [[1, 2]], bias: [0], activation: .identity),
    ])
    // Inside: x ∈ (0, 2): −1 + 2 = 1; x ∈ (−2, 0): −1. At x = 2: relu'(0) = 0 for neuron 1: J = 2.
    let global = GlobalBound(exactFor: p, lower: [-2], upper: [2])
    let conv = ConventionBound(policy: p, lower: [-2], upper: [2])!
    #expect(global.interval.upper == 1)
    #expect(conv.interval.upper == 4)
    let face = conv.patterns.first { $0.jacobian == [[2]] }
    #expect(face?.witness == [2])
  }

  /// γ_adv² ≤ γ_conv² always, and γ_G² ≤ γ_conv² (random instances of the shared generator).
  @Test func conventionBoundCoversEveryIterate() {
    let seed: UInt64 = 0x5151
    forEachSeededCase(count: 30, seed: seed) { rng, caseSeed in
      let d = Int.random(in: 1...2, using: &rng), m = Int.random(in: 1...2, using: &rng)
      let p = RandomInstances.policy(inputs: d, outputs: m, using: &rng)
      let problem = RandomInstances.problem(inputs: d, outputs: m, using: &rng)
      let conv = ConventionBound(policy: p, lower: problem.lower, upper: problem.upper)!
      let global = GlobalBound(exactFor: p, lower: problem.lower, upper: problem.upper)
      #expect(global.interval.lower <= conv.interval.upper, "seed \(caseSeed)")
      let attack = p.attackAnalysis(on: problem)
      if let adv = attack.gammaAdvSquared {
        #expect(conv.reaches(adv), "seed \(caseSeed): γ_adv² = \(adv) above γ_conv²")
      }
      let patterns = Set(conv.patterns.map(\.pattern))
      for (k, traj) in attack.trajectories.enumerated() {
        for step in traj.steps {
          let x = zip(problem.samples[k].state, step.delta).map { $0 + $1 }
          #expect(patterns.contains(ConventionOracle.pattern(p, at: x)), "seed \(caseSeed): an iterate's pattern is missing")
        }
      }
    }
  }

  @Test func cellLPDecidesLowerDimensionalCells() {
    let lo = [r(-2), r(-2)], hi = [r(2), r(2)]
    // The corner (2, 2) as x + y = 4.
    #expect(CellFeasibilityLP.point(equalities: [([1, 1], 4)], strict: [], lower: lo, upper: hi) == [2, 2])
    // x + y = 4 and x < 2: empty.
    #expect(CellFeasibilityLP.point(equalities: [([1, 1], 4)], strict: [([1, 0], 2)], lower: lo, upper: hi) == nil)
    // x = y, x = −y, x > 0: empty; x = y, x < 1: nonempty.
    #expect(CellFeasibilityLP.point(equalities: [([1, -1], 0), ([1, 1], 0)], strict: [([-1, 0], 0)], lower: lo, upper: hi) == nil)
    let p = CellFeasibilityLP.point(equalities: [([1, -1], 0)], strict: [([1, 0], 1)], lower: lo, upper: hi)
    #expect(p != nil && p![0] == p![1] && p![0] < 1)
    // Outside the box: x = 3.
    #expect(CellFeasibilityLP.point(equalities: [([1, 0], 3)], strict: [], lower: lo, upper: hi) == nil)
    // Redundant equalities.
    #expect(CellFeasibilityLP.point(equalities: [([1, 0], 1), ([2, 0], 2)], strict: [([0, 1], -1)], lower: lo, upper: hi) != nil)
  }
}
