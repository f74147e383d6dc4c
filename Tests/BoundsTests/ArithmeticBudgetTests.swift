import Bounds
import Formats
import LinearAlgebra
import Model
import Rational
import TestSupport
import Testing
import Verification

/// The a-priori size estimate of `ArithmeticBudget` bounds the sizes the exact run really forms
/// (its documented over-estimate), and refuses what it must.
@Suite struct ArithmeticBudgetTests {
  static let seed: UInt64 = 0xB175

  /// On random instances (and with more steps and odd step sizes), every iterate, objective, gain
  /// and β of the exact run has at most the estimated number of bits.
  @Test func estimateBoundsTheActualSizes() {
    forEachSeededCase(count: 40, seed: Self.seed) { rng, caseSeed in
      let d = Int.random(in: 1...3, using: &rng), m = Int.random(in: 1...2, using: &rng)
      let policy = RandomInstances.policy(inputs: d, outputs: m, using: &rng)
      var problem = RandomInstances.problem(inputs: d, outputs: m, using: &rng)
      problem.attack.steps = Int.random(in: 0...12, using: &rng)
      problem.attack.stepSize = Rational(Int.random(in: 1...9, using: &rng), Int.random(in: 1...40, using: &rng))
      let estimate = ArithmeticBudget.estimatedBits(policy: policy, problem: problem)
      var largest = 0
      for traj in policy.attackAnalysis(on: problem).trajectories {
        for step in traj.steps {
          largest = max(largest, step.objective.bitSize)
          for x in step.delta { largest = max(largest, x.bitSize) }
          if let g = step.gainSquared { largest = max(largest, g.bitSize) }
          if case .finite(let b)? = step.smoothness { largest = max(largest, b.bitSize) }
        }
      }
      #expect(largest <= estimate, "seed \(caseSeed): \(largest) bits formed, \(estimate) estimated")
    }
  }

  @Test func hugeInputsAreRefused() {
    let layer = Layer(weights: [[Rational(BigInt(10).power(100_000))]], bias: [0], activation: .identity)
    let deep = Policy(inputDimension: 1, layers: Array(repeating: layer, count: 200))
    let problem = Problem(lower: [-1], upper: [1], loss: .squaredError(dimension: 1),
                          samples: [Sample(state: [Rational(1, 2)], target: [0])],
                          attack: Attack(radius: Rational(1, 10), stepSize: Rational(1, 4), steps: 1))
    #expect(throws: InputError.self) { try ArithmeticBudget.check(policy: deep, problem: problem, file: "q.json") }
    let small = Policy(inputDimension: 1, layers: [Layer(weights: [[2]], bias: [Rational(1, 3)], activation: .relu)])
    var tiny = problem
    tiny.attack = Attack(radius: Rational(1, 10), stepSize: try! Rational(numerator: BigInt(1), denominator: BigInt(10).power(100_000)), steps: 40)
    #expect(throws: InputError.self) { try ArithmeticBudget.check(policy: small, problem: tiny, file: "q.json") }
    tiny.attack.steps = 2
    #expect(throws: Never.self) { try ArithmeticBudget.check(policy: small, problem: tiny, file: "q.json") }
  }
}
