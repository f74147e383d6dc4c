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

/// `aajr crosscheck --precision float32`: the PGA in IEEE binary32 beside the exact run.
@Suite struct CrossCheckFloat32Tests {
  /// relu(w·x − 1) with w = 1 + 2⁻³⁰: at x = 1 the exact pre-activation is 2⁻³⁰ > 0 and the
  /// float64 run sees it, but w rounds to 1 in float32, the float32 pre-activation is exactly
  /// 0 and relu'(0) = 0 flips the pattern.
  static let policy = Policy(inputDimension: 1, layers: [
    Layer(weights: [[Rational(1) + Rational(1).scaled(byPowerOfTwo: -30)]], bias: [-1], activation: .relu),
    Layer(weights: [[2]], bias: [0], activation: .identity),
  ])
  static let problem = CrossCheckTests.problem(state: [1], target: [3])

  @Test func float32RoundingFlipsWhatFloat64Keeps() {
    let f64 = CrossCheck(policy: Self.policy, problem: Self.problem, precision: .float64)
    #expect(f64.agree)
    let f32 = CrossCheck(policy: Self.policy, problem: Self.problem, precision: .float32)
    #expect(!f32.agree)
    let flip = f32.samples[0].flip
    #expect(flip?.t == 0)
    #expect(flip?.kind == .floatOnKink)
    #expect(f32.jsonText.contains("\"precision\": \"float32\""))
    #expect(f32.jsonText.contains("IEEE 754 binary32"))
    #expect(f32.summary.hasPrefix("crosscheck (float32): float and exact PGA DISAGREE"))
  }

  /// The comparison holds the float32 run itself (every value widened exactly to Double,
  /// the same points and patterns as `PGAModel<Float>`), and runs that agree differ by
  /// rounding only.
  @Test func float32RunIsTheFloatModelOfTheSameAlgorithm() {
    forEachSeededCase(count: 30, seed: 3_232) { rng, caseSeed in
      let d = Int.random(in: 1...3, using: &rng), m = Int.random(in: 1...2, using: &rng)
      let policy = RandomInstances.policy(inputs: d, outputs: m, dyadic: true, using: &rng)
      let problem = RandomInstances.problem(inputs: d, outputs: m, dyadic: true, using: &rng)
      let f32 = CrossCheck(policy: policy, problem: problem, precision: .float32)
      let model = PGAModel<Float>(policy: policy, problem: problem)
      for (k, s) in f32.samples.enumerated() {
        let run = model.run(sample: k)
        // The comparison holds the float32 run widened exactly.
        #expect(s.float.points.map { $0.delta } == run.points.map { $0.delta.map(Double.init) }, "seed \(caseSeed)")
        #expect(s.float.points.map(\.pattern) == run.points.map(\.pattern), "seed \(caseSeed)")
        if s.agrees, let e = s.maxDeltaError {
          // Agreeing runs differ by rounding only: far below the radius.
          #expect(e <= problem.attack.radius * Rational(1, 1000), "seed \(caseSeed): float32 δ error \(e)")
        }
      }
    }
  }

  @Test func commandLineTakesThePrecision() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("aajr-f32-\(getpid())-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let p = dir.appendingPathComponent("p.json"), q = dir.appendingPathComponent("q.json")
    try Data(Self.policy.jsonText.utf8).write(to: p)
    try Data(Self.problem.jsonText.utf8).write(to: q)
    let base = ["crosscheck", "--policy", p.path, "--problem", q.path]
    #expect(try runAAJR(base).status == 0)
    #expect(try runAAJR(base + ["--precision", "float64"]).status == 0)
    let r = try runAAJR(base + ["--precision", "float32", "--json"])
    #expect(r.status == 1)
    #expect(r.stdout.contains("\"kind\": \"float_on_kink\""))
    #expect(try runAAJR(base + ["--precision", "float16"]).status == 2)
  }
}
