import Bounds
import CrossCheck
import Formats
import Foundation
import LinearAlgebra
import Model
import Rational
import TestSupport
import Testing
import Verification

/// Float versus exact PGA: the cross-check agrees where rounding cannot matter and
/// names the rounding tie where it does.
@Suite struct CrossCheckTests {
  /// π(x) = relu(x₁/10 + x₂/5 − 3/10), then identity; at s = (1, 1) the exact
  /// pre-activation is exactly 0 but in doubles 0.1 + 0.2 − 0.3 = 5.55e-17.
  static let tiePolicy = Policy(inputDimension: 2, layers: [
    Layer(weights: [[Rational(1, 10), Rational(1, 5)]], bias: [Rational(-3, 10)], activation: .relu),
    Layer(weights: [[1]], bias: [0], activation: .identity),
  ])

  static func problem(state: [Rational], target: [Rational], steps: Int = 3) -> Problem {
    let d = state.count
    return Problem(lower: Array(repeating: -2, count: d), upper: Array(repeating: 2, count: d),
                   loss: .squaredError(dimension: target.count), samples: [Sample(state: state, target: target)],
                   attack: Attack(radius: Rational(1, 4), stepSize: Rational(1, 4), steps: steps))
  }

  static let tieProblem = problem(state: [1, 1], target: [1])

  @Test func genericRunOnRationalIsTheExactTrajectory() {
    forEachSeededCase(count: 40, seed: 5_005) { rng, caseSeed in
      let d = Int.random(in: 1...3, using: &rng), m = Int.random(in: 1...2, using: &rng)
      let policy = RandomInstances.policy(inputs: d, outputs: m, dyadic: true, using: &rng)
      var problem = RandomInstances.problem(inputs: d, outputs: m, dyadic: true, using: &rng)
      problem.attack.stepSize = Rational.random(numerator: 5, denominator: 7, using: &rng).magnitude + Rational(1, 9)
      let model = PGAModel<Rational>(policy: policy, problem: problem)
      for (k, sample) in problem.samples.enumerated() {
        let exact = policy.trajectory(for: sample, index: k, problem: problem)
        let run = model.run(sample: k)
        #expect(run.points.count == exact.steps.count)
        for (p, e) in zip(run.points, exact.steps) {
          #expect(p.delta == e.delta, "seed \(caseSeed) sample \(k) t \(e.t): δ")
          #expect(p.objective == e.objective, "seed \(caseSeed) sample \(k) t \(e.t): objective")
          #expect(p.gainSquared == e.gainSquared, "seed \(caseSeed) sample \(k) t \(e.t): gain")
          let pass = policy.forward(zip(sample.state, e.delta).map { $0 + $1 })
          #expect(p.preactivations == pass.preactivations)
          for (l, layer) in policy.layers.enumerated() {
            #expect(p.pattern[l] == pass.preactivations[l].map { layer.activation.derivativeBranch(at: $0) })
          }
        }
        #expect(run.isMonotone == exact.isMonotone)
      }
    }
  }

  @Test func flagsAnExactTieThatRoundingBreaks() throws {
    let check = CrossCheck(policy: Self.tiePolicy, problem: Self.tieProblem)
    #expect(!check.agree)
    let s = try #require(check.samples.first)
    #expect(s.firstPatternMismatch == 0)
    let flip = try #require(s.flip)
    #expect(flip.kind == .exactOnKink)
    #expect(flip.layer == 0 && flip.neuron == 0)
    #expect(flip.exactPreactivation == 0)
    // The engine sums from the bias, left to right: (−0.3 + 0.1·1) + 0.2·1 in Double.
    #expect(flip.floatPreactivation == (-0.3 + 0.1) + 0.2)
    #expect(flip.floatPreactivation != 0)
    // The exact run is stationary (relu'(0) = 0); the float run moves.
    #expect(s.exact.steps.allSatisfy { $0.delta == [0, 0] })
    #expect(try #require(s.maxDeltaError) > 0)
    let reason = try #require(s.reason)
    #expect(reason.contains("rounding tie"))
    #expect(reason.contains("exactly 0"))
    #expect(check.summary.contains("DISAGREE"))
    #expect(check.summary.contains("rounding tie"))
  }

  @Test func flagsAFloatValueRoundedOntoTheKink() throws {
    // In doubles 0.1 + 0.7 = 0.7999999999999999 = D; with bias −D the float
    // pre-activation is exactly 0 while the exact one is 4/5 − D > 0.
    let d = 0.1 + 0.7
    let bias = try Rational(exactly: -d)
    let policy = Policy(inputDimension: 2, layers: [
      Layer(weights: [[Rational(1, 10), Rational(7, 10)]], bias: [bias], activation: .relu),
      Layer(weights: [[1]], bias: [0], activation: .identity),
    ])
    let check = CrossCheck(policy: policy, problem: Self.problem(state: [1, 1], target: [1]))
    let s = try #require(check.samples.first)
    let flip = try #require(s.flip)
    #expect(flip.t == 0)
    #expect(flip.kind == .floatOnKink)
    #expect(flip.floatPreactivation == 0)
    #expect(flip.exactPreactivation > 0)
    #expect(!check.agree)
    #expect(s.reason?.contains("float pre-activation is exactly 0") == true)
  }

  @Test func agreesOnALinearPolicyWithDyadicData() throws {
    let policy = Policy(inputDimension: 2, layers: [
      Layer(weights: [[Rational(1, 2), Rational(-3, 4)], [1, Rational(1, 8)]], bias: [Rational(1, 4), 0],
            activation: .identity),
    ])
    let problem = Problem(lower: [-2, -2], upper: [2, 2], loss: .squaredError(dimension: 2),
                          samples: [Sample(state: [Rational(1, 2), 0], target: [1, -1]),
                                    Sample(state: [-1, Rational(3, 4)], target: [0, Rational(1, 2)])],
                          attack: Attack(radius: Rational(1, 2), stepSize: Rational(1, 8), steps: 6))
    let check = CrossCheck(policy: policy, problem: problem)
    #expect(check.agree)
    for s in check.samples {
      #expect(s.firstPatternMismatch == nil)
      #expect(s.reason == nil)
      #expect(s.monotoneExact == s.monotoneFloat)
    }
    #expect(check.summary.contains("agree on all 2 samples"))
  }

  @Test func randomDyadicInstancesWithoutTiesAgree() {
    var compared = 0, agreed = 0
    forEachSeededCase(count: 80, seed: 7_117) { rng, caseSeed in
      let d = Int.random(in: 1...3, using: &rng), m = Int.random(in: 1...2, using: &rng)
      let policy = RandomInstances.policy(inputs: d, outputs: m, dyadic: true, using: &rng)
      let problem = RandomInstances.problem(inputs: d, outputs: m, dyadic: true, using: &rng)
      let check = CrossCheck(policy: policy, problem: problem)
      for s in check.samples where !s.exact.steps.contains(where: \.onKink) {
        compared += 1
        if s.agrees {
          agreed += 1
          #expect(s.maxDeltaError.map { $0 < Rational(1, 1 << 30) } == true,
                  "seed \(caseSeed) sample \(s.index): δ error \(s.maxDeltaError?.decimalApproximation ?? "nil")")
        } else {
          // Without an exact tie the only admissible cause is a near tie (or a float
          // value landing on the kink), never an unexplained drift.
          #expect(s.flip.map { $0.kind == .nearKink || $0.kind == .floatOnKink } ?? false,
                  "seed \(caseSeed) sample \(s.index): \(s.reason ?? "")")
        }
      }
    }
    #expect(compared >= 60, "enough tie-free instances (\(compared))")
    #expect(agreed * 10 >= compared * 9, "most tie-free instances agree (\(agreed) of \(compared))")
  }

  @Test func jsonHasTheContractFields() {
    let json = CrossCheck(policy: Self.tiePolicy, problem: Self.tieProblem).jsonText
    for field in ["\"format\": \"aajr-crosscheck/1\"", "\"agree\": false", "\"samples\"",
                  "\"first_pattern_mismatch\": 0", "\"max_delta_error\"", "\"monotone_exact\": true",
                  "\"monotone_float\"", "\"gamma_adv_sq_rel_error\"", "\"kind\": \"exact_on_kink\"",
                  "\"reason\": \"rounding tie"] {
      #expect(json.contains(field), "missing \(field)")
    }
  }

  @Test func scientificStringIsExactRounding() throws {
    #expect(Rational(0).scientificString() == "0")
    #expect(Rational(1).scientificString(significantDigits: 3) == "1.00")
    #expect(Rational(1, 3).scientificString(significantDigits: 3) == "3.33e-1")
    #expect(Rational(1, 3).scientificString(significantDigits: 3, rounding: .up) == "3.34e-1")
    #expect(Rational(-12_345).scientificString(significantDigits: 2) == "-1.2e4")
    #expect(Rational(999_999, 1_000_000).scientificString(significantDigits: 3) == "1.00")
    #expect(try Rational(exactly: 0x1p-60).scientificString(significantDigits: 6) == "8.67362e-19")
    #expect(Rational(221, 64).decimalApproximation == "3.453125")
    #expect(Rational(1, 3).decimalApproximation == "3.3333333333333333e-1")
  }
}
