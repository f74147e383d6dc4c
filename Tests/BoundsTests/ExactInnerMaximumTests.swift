import Bounds
import Formats
import LinearAlgebra
import Model
import Rational
import TestSupport
import Testing
import Verification

/// The exact inner maximum (`Policy.exactInnerMaximum`) against two independent oracles on
/// seeded random policies in 1 and 2 input dimensions, with convex (PSD) and indefinite Q:
///
/// 1. **Pattern brute force.** Every assignment of activation pieces to the kinked neurons
///    (no region splitting, no vertex form, no convexity shortcut): each assignment gives an
///    affine map and a closed H-polytope (box ∩ piece constraints, possibly empty or thin);
///    the maximum of the quadratic loss over it is the best feasible solution of the KKT
///    system of every set of at most d constraints (which covers every face's unique
///    stationary point and every vertex). Continuity of π makes the closed pieces cover the box.
/// 2. **Lattice.** A dense rational grid over the box: no grid point may beat the maximum,
///    and the maximiser must lie in the box with the loss there equal to the value.
@Suite struct ExactInnerMaximumTests {
  /// Brute-force maximum of the loss of `policy` at `sample` over `problem`'s box.
  static func bruteForceMaximum(_ policy: Policy, _ sample: Sample, _ problem: Problem) -> Rational? {
    let (lo, hi) = problem.perturbationBox(for: sample.state)
    let d = policy.inputDimension
    let boxLower = (0..<d).map { sample.state[$0] + lo[$0] }, boxUpper = (0..<d).map { sample.state[$0] + hi[$0] }
    var best: Rational?
    // Depth-first over neurons, carrying the affine map of the current layer's input.
    func layer(_ l: Int, _ M: [[Rational]], _ c: [Rational], _ cons: [([Rational], Rational)]) {
      if l == policy.layers.count {
        if let v = maximumOfQuadratic(M, c, sample.target, problem.loss, cons, boxLower, boxUpper) {
          if best == nil || v > best! { best = v }
        }
        return
      }
      let L = policy.layers[l]
      var Z = [[Rational]]()
      for row in L.weights {
        var z = [Rational](repeating: 0, count: d)
        for j in 0..<d { for k in row.indices { z[j] += row[k] * M[k][j] } }
        Z.append(z)
      }
      let z0 = L.weights.indices.map { i in dot(L.weights[i], c) + L.bias[i] }
      func neuron(_ i: Int, _ outM: [[Rational]], _ outC: [Rational], _ cons: [([Rational], Rational)]) {
        if i == Z.count { layer(l + 1, outM, outC, cons); return }
        let kinks = L.activation.kinks
        for k in 0...kinks.count {
          var more = cons
          if k > 0 { more.append((Z[i].map { -$0 }, z0[i] - kinks[k - 1])) }  // z ≥ kink
          if k < kinks.count { more.append((Z[i], kinks[k] - z0[i])) }  // z ≤ kink
          let (s, o) = L.activation.piece(k)
          neuron(i + 1, outM + [Z[i].map { s * $0 }], outC + [s * z0[i] + o], more)
        }
      }
      neuron(0, [], [], cons)
    }
    let identity = (0..<d).map { i in (0..<d).map { Rational($0 == i ? 1 : 0) } }
    layer(0, identity, [Rational](repeating: 0, count: d), [])
    return best
  }

  /// max of `𝓛(M x + c)` over `{x ∈ box : n·x ≤ β for (n, β) in cons}` by KKT enumeration.
  static func maximumOfQuadratic(_ M: [[Rational]], _ c: [Rational], _ y: [Rational], _ loss: QuadraticLoss,
                                 _ cons: [([Rational], Rational)], _ lower: [Rational], _ upper: [Rational]) -> Rational? {
    let d = lower.count, m = M.count
    var all = cons
    for k in 0..<d {
      var e = [Rational](repeating: 0, count: d)
      e[k] = 1
      all.append((e, upper[k]))
      e[k] = -1
      all.append((e, -lower[k]))
    }
    // q(x) = ½ (Mx + c − y)ᵀQ(Mx + c − y) + bᵀ(Mx + c − y): Hessian MᵀQM, gradient at 0 Mᵀ(Q(c−y)+b).
    var H = [[Rational]](repeating: [Rational](repeating: 0, count: d), count: d)
    for i in 0..<d {
      for j in 0..<d {
        var t = Rational.zero
        for p in 0..<m { for q in 0..<m { t += M[p][i] * loss.Q[p][q] * M[q][j] } }
        H[i][j] = t
      }
    }
    let r0 = (0..<m).map { c[$0] - y[$0] }
    let g = (0..<m).map { p in dot(loss.Q[p], r0) + loss.b[p] }
    var g0 = [Rational](repeating: 0, count: d)
    for j in 0..<d { for p in 0..<m { g0[j] += M[p][j] * g[p] } }
    var best: Rational?
    func consider(_ chosen: [Int]) {
      let k = chosen.count
      var rows = (0..<d).map { i in H[i] + chosen.map { all[$0].0[i] } }
      for a in chosen { rows.append(all[a].0 + [Rational](repeating: 0, count: k)) }
      guard let sol = Matrix(rows).solve(g0.map { -$0 } + chosen.map { all[$0].1 }) else { return }
      let x = Array(sol[0..<d])
      guard all.allSatisfy({ dot($0.0, x) <= $0.1 }) else { return }
      let v = loss.value(at: (0..<m).map { dot(M[$0], x) + c[$0] }, target: y)
      if best == nil || v > best! { best = v }
    }
    func subsets(_ start: Int, _ chosen: [Int]) {
      consider(chosen)
      guard chosen.count < d else { return }
      for a in start..<all.count { subsets(a + 1, chosen + [a]) }
    }
    subsets(0, [])
    return best
  }

  @Test func agreesWithPatternBruteForceAndLattice() {
    var agreed = (psd: 0, indefinite: 0)
    forEachSeededCase(count: 120, seed: 10_2026) { rng, caseSeed in
      let d = Int.random(in: 1...2, using: &rng), m = Int.random(in: 1...2, using: &rng)
      let policy = RandomInstances.policy(inputs: d, outputs: m, using: &rng)
      let assignments = policy.layers.reduce(1) { acc, l in (0..<l.outputCount).reduce(acc) { a, _ in a * l.activation.pieceCount } }
      guard assignments <= 729 else { return }
      let problem = RandomInstances.problem(inputs: d, outputs: m, using: &rng)
      let psd = Matrix(problem.loss.Q).isPositiveSemidefinite()
      for (i, sample) in problem.samples.enumerated() {
        let exact = policy.exactInnerMaximum(for: sample, in: problem)
        let brute = Self.bruteForceMaximum(policy, sample, problem)
        #expect(brute == exact.value, "seed \(caseSeed) sample \(i): exact \(exact.value), brute force \(String(describing: brute))")
        // The maximiser is admissible and attains the value.
        let (lo, hi) = problem.perturbationBox(for: sample.state)
        #expect(exact.delta.indices.allSatisfy { lo[$0] <= exact.delta[$0] && exact.delta[$0] <= hi[$0] }, "seed \(caseSeed)")
        let x = zip(sample.state, exact.delta).map { $0 + $1 }
        #expect(problem.loss.value(at: policy.forward(x).output, target: sample.target) == exact.value, "seed \(caseSeed)")
        // No lattice point beats it.
        let n = d == 1 ? 64 : 16
        var idx = [Int](repeating: 0, count: d)
        while true {
          let p = (0..<d).map { sample.state[$0] + lo[$0] + (hi[$0] - lo[$0]) * Rational(idx[$0], n) }
          let v = problem.loss.value(at: policy.forward(p).output, target: sample.target)
          #expect(v <= exact.value, "seed \(caseSeed) sample \(i): lattice point \(p) beats the maximum")
          var k = 0
          while k < d && idx[k] == n { idx[k] = 0; k += 1 }
          if k == d { break }
          idx[k] += 1
        }
        if brute == exact.value { if psd { agreed.psd += 1 } else { agreed.indefinite += 1 } }
      }
    }
    print("exact inner maximum = brute force on \(agreed.psd) PSD-Q and \(agreed.indefinite) indefinite-Q samples")
    #expect(agreed.psd >= 40 && agreed.indefinite >= 40)
  }

  /// A concave loss along a ramp: the maximum sits in the interior of the box, where no vertex
  /// lies. π(x) = x on [−1, 1], 𝓛(z) = −½ z² + z/4: the maximum is at z = 1/4 with value 1/32.
  @Test func indefiniteMaximumInsideTheBox() {
    let policy = Policy(inputDimension: 1, layers: [Layer(weights: [[1]], bias: [0], activation: .identity)])
    let problem = Problem(lower: [-1], upper: [1], loss: QuadraticLoss(Q: [[-1]], b: [Rational(1, 4)]),
                          samples: [Sample(state: [0], target: [0])],
                          attack: Attack(radius: Rational(1, 2), stepSize: 1, steps: 1))
    let m = policy.exactInnerMaximum(for: problem.samples[0], in: problem)
    #expect(m.value == Rational(1, 32))
    #expect(m.delta == [Rational(1, 4)])
  }

  /// The budget stops the enumeration deterministically; within it the answer is unchanged.
  @Test func budget() {
    var rng = SeededGenerator(seed: 10_2027)
    var stopped = 0
    for _ in 0..<20 {
      let policy = RandomInstances.policy(inputs: 2, outputs: 1, using: &rng)
      let problem = RandomInstances.problem(inputs: 2, outputs: 1, using: &rng)
      for sample in problem.samples {
        let full = policy.exactInnerMaximum(for: sample, in: problem)
        #expect(policy.exactInnerMaximum(for: sample, in: problem, budget: InnerMaximumBudget(pieces: full.pieces, vertices: 1000)) == full)
        if full.pieces > 1 {
          #expect(policy.exactInnerMaximum(for: sample, in: problem, budget: InnerMaximumBudget(pieces: full.pieces - 1, vertices: 1000)) == nil)
          stopped += 1
        }
      }
    }
    #expect(stopped > 5)
  }

  /// `--risk off` and the default: `robust_exact` null only when skipped, with the reason.
  @Test func verifyRiskOption() throws {
    let policy = CommandLineTests.fixture("cases/p2/policy.json"), problem = CommandLineTests.fixture("cases/p2/problem.json")
    let on = try runAAJR(["verify", "--policy", policy, "--problem", problem, "--json"])
    #expect(on.stdout.contains("\"robust_exact\": \"36737/18432\""))
    #expect(on.stdout.contains("\"robust_exact_reason\": null"))
    let off = try runAAJR(["verify", "--policy", policy, "--problem", problem, "--json", "--risk", "off"])
    #expect(off.stdout.contains("\"robust_exact\": null") && off.stdout.contains("\"robust_exact_reason\": \"skipped (--risk off)\""))
    #expect(off.status == on.status)
    let bad = try runAAJR(["verify", "--policy", policy, "--problem", problem, "--risk", "sometimes"])
    #expect(bad.status == 2)
  }

  /// A zero radius: the box is the state itself.
  @Test func zeroRadius() {
    let policy = Policy(inputDimension: 2, layers: [Layer(weights: [[1, 2]], bias: [0], activation: .relu)])
    let problem = Problem(lower: [-1, -1], upper: [1, 1], loss: .squaredError(dimension: 1),
                          samples: [Sample(state: [Rational(1, 2), 0], target: [0])],
                          attack: Attack(radius: 0, stepSize: 1, steps: 1))
    let m = policy.exactInnerMaximum(for: problem.samples[0], in: problem)
    #expect(m.value == Rational(1, 8))
    #expect(m.delta == [0, 0])
  }
}
