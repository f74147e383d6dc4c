import Bounds
import CrossCheck
import Formats
import Foundation
import LinearAlgebra
import Model
import ONNXFormat
import Rational
import TestSupport
import Testing
import Verification

/// A real float peer: exported policies run in onnxruntime (Python), compared with aajr's
/// exact forward pass (within the rounding bound) and with aajr's float32 forward pass and
/// gradient. Needs `python3` with onnx, onnxruntime and numpy (`.ci/run` installs them);
/// without them the test is skipped with a message, or fails when CI=true.
@Suite struct OnnxRuntimePeerTests {
  static var fixtures: URL { Bundle.module.url(forResource: "Fixtures", withExtension: nil)! }

  static func python(_ arguments: [String]) throws -> CommandRun { try runExternal("python3", arguments) }

  /// Whether onnxruntime is importable; records a failure under CI=true when it is not.
  static func peerAvailable() -> Bool {
    let ok = (try? python(["-c", "import onnx, onnxruntime, numpy"]))?.status == 0
    if !ok {
      if ProcessInfo.processInfo.environment["CI"] == "true" {
        Issue.record("onnxruntime is not importable by python3 and CI=true (install: python3 -m pip install onnx onnxruntime numpy)")
      } else {
        print("OnnxRuntimePeerTests: SKIPPED, python3 cannot import onnx, onnxruntime and numpy (python3 -m pip install onnx onnxruntime numpy)")
      }
    }
    return ok
  }

  static func hexRows(_ rows: [[Rational]]) -> String {
    "[" + rows.map { "[" + $0.map { "\"\($0.doubleNearest().hexString)\"" }.joined(separator: ", ") + "]" }.joined(separator: ", ") + "]"
  }

  static func parseRows(_ v: JSONValue?) throws -> [[Rational]] {
    guard case .array(let rows)? = v else { throw InputError(file: "peer", field: "", message: "not an array") }
    return try rows.map { row in
      guard case .array(let xs) = row else { throw InputError(file: "peer", field: "", message: "not a row") }
      return try xs.map { x in
        guard case .string(let s) = x, let d = Double(s) else { throw InputError(file: "peer", field: "", message: "bad \(x)") }
        return try Rational(exactly: d)
      }
    }
  }

  @Test func onnxRuntimeAgreesWithTheExactAndFloat32Passes() throws {
    guard Self.peerAvailable() else { return }
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("aajr-ort-\(getpid())-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let seed: UInt64 = 1129
    var worst: [String: Double] = ["f64_vs_exact": 0, "f32_vs_exact": 0, "f32_vs_aajr_f32": 0, "grad_f32_vs_aajr_f32": 0,
                                   "grad_f64_vs_exact": 0]
    var compared = 0, gradientsCompared = 0
    try forEachSeededCase(count: 12, seed: seed) { rng, caseSeed in
      let d = Int.random(in: 1...4, using: &rng), m = Int.random(in: 1...3, using: &rng)
      // Weights: float32 values with full 24-bit significands (exact in both exports), so
      // both float runs round; shapes and activations from the shared generator.
      var policy = RandomInstances.policy(inputs: d, outputs: m, dyadic: true, using: &rng)
      for l in policy.layers.indices {
        policy.layers[l].weights = policy.layers[l].weights.map { row in
          row.map { _ in try! Rational(exactly: Float(Double.random(in: -1.5...1.5, using: &rng))) }
        }
        policy.layers[l].bias = policy.layers[l].bias.map { _ in try! Rational(exactly: Float(Double.random(in: -0.5...0.5, using: &rng))) }
      }
      let inputs = (0..<6).map { _ in (0..<d).map { _ in Rational(Int.random(in: -64...64, using: &rng), 32) } }
      let targets = (0..<6).map { _ in (0..<m).map { _ in Rational(Int.random(in: -16...16, using: &rng), 8) } }
      let request = dir.appendingPathComponent("request-\(caseSeed).json")
      try Data("{\"inputs\": \(Self.hexRows(inputs)), \"targets\": \(Self.hexRows(targets))}".utf8).write(to: request)
      var peer: [ONNXExport.Precision: (outputs: [[Rational]], gradients: [[Rational]])] = [:]
      for precision in ONNXExport.Precision.allCases {
        let file = dir.appendingPathComponent("policy-\(caseSeed)-\(precision.rawValue).onnx")
        try ONNXExport(policy: policy, precision: precision, producerVersion: "test").data.write(to: file)
        let run = try Self.python([Self.fixtures.appendingPathComponent("ort_peer.py").path, file.path, request.path])
        try #require(run.status == 0, "seed \(caseSeed): ort_peer.py failed: \(run.stderr)")
        guard case .object(let members) = try JSONValue.parse(run.stdout) else { Issue.record("seed \(caseSeed): output"); return }
        let map = Dictionary(uniqueKeysWithValues: members.map { ($0.key, $0.value) })
        peer[precision] = (try Self.parseRows(map["outputs"]), try Self.parseRows(map["gradients"]))
      }
      // aajr's float32 run of the same policy, squared error.
      let problem = Problem(lower: Array(repeating: -2, count: d), upper: Array(repeating: 2, count: d),
                            loss: .squaredError(dimension: m), samples: [Sample(state: inputs[0], target: targets[0])],
                            attack: Attack(radius: 1, stepSize: 1, steps: 1))
      let f32 = PGAModel<Float>(policy: policy, problem: problem)
      let exactModel = PGAModel<Rational>(policy: policy, problem: problem)
      for (k, (x, y)) in zip(inputs, targets).enumerated() {
        let exact = policy.forward(x)
        let (_, exactGradient) = exactModel.outputAndGradient(at: x, target: y)
        let b64 = ForwardErrorBound.bound(policy: policy, at: x, unitRoundoff: 0x1p-53)
        let b32 = ForwardErrorBound.bound(policy: policy, at: x, unitRoundoff: 0x1p-24)
        let (aajrOut, aajrGrad) = f32.outputAndGradient(at: x.map { $0.floatNearest() }, target: y.map { $0.floatNearest() })
        let o64 = peer[.float64]!.outputs[k], o32 = peer[.float32]!.outputs[k]
        for i in 0..<m {
          let e64 = (o64[i] - exact.output[i]).magnitude.doubleNearest()
          let e32 = (o32[i] - exact.output[i]).magnitude.doubleNearest()
          let ea = (o32[i] - (try Rational(exactly: aajrOut[i]))).magnitude.doubleNearest()
          #expect(e64 <= b64[i], "seed \(caseSeed) x = \(x): onnxruntime float64 output \(i) off the exact one by \(e64) > \(b64[i])")
          #expect(e32 <= b32[i], "seed \(caseSeed) x = \(x): onnxruntime float32 output \(i) off the exact one by \(e32) > \(b32[i])")
          #expect(ea <= 2 * b32[i], "seed \(caseSeed) x = \(x): onnxruntime and aajr float32 outputs differ by \(ea)")
          worst["f64_vs_exact"] = max(worst["f64_vs_exact"]!, e64)
          worst["f32_vs_exact"] = max(worst["f32_vs_exact"]!, e32)
          worst["f32_vs_aajr_f32"] = max(worst["f32_vs_aajr_f32"]!, ea)
        }
        compared += 1
        // Gradients: only where no pre-activation lies within the float32 bound of a kink
        // (there the float pattern may legitimately differ from the exact one).
        let b32pre = preactivationBounds(policy: policy, at: x, unitRoundoff: 0x1p-24)
        let nearKink = policy.layers.indices.contains { l in
          exact.preactivations[l].indices.contains { i in
            policy.layers[l].activation.kinks.contains { ($0 - exact.preactivations[l][i]).magnitude.doubleNearest() <= 2 * b32pre[l][i] }
          }
        }
        guard !nearKink else { continue }
        gradientsCompared += 1
        let g32 = peer[.float32]!.gradients[k], g64 = peer[.float64]!.gradients[k]
        let scale = 1 + exactGradient.map { $0.magnitude.doubleNearest() }.max()!
        for j in 0..<d {
          let ea = (g32[j] - (try Rational(exactly: aajrGrad[j]))).magnitude.doubleNearest()
          let e64 = (g64[j] - exactGradient[j]).magnitude.doubleNearest()
          #expect(ea <= 0x1p-12 * scale, "seed \(caseSeed) x = \(x): float32 gradients differ by \(ea) (onnxruntime vs aajr)")
          #expect(e64 <= 0x1p-40 * scale, "seed \(caseSeed) x = \(x): onnxruntime float64 gradient off the exact one by \(e64)")
          worst["grad_f32_vs_aajr_f32"] = max(worst["grad_f32_vs_aajr_f32"]!, ea)
          worst["grad_f64_vs_exact"] = max(worst["grad_f64_vs_exact"]!, e64)
        }
      }
    }
    #expect(compared == 72)
    #expect(gradientsCompared > 36, "too few points away from kinks (\(gradientsCompared))")
    print("OnnxRuntimePeerTests: \(compared) points, \(gradientsCompared) gradients; max abs errors "
      + worst.sorted { $0.key < $1.key }.map { "\($0.key) = \($0.value)" }.joined(separator: ", "))
  }

  /// The forward bound per layer's pre-activations (the bound of a policy cut after layer l).
  func preactivationBounds(policy: Policy, at x: [Rational], unitRoundoff u: Double) -> [[Double]] {
    policy.layers.indices.map { l in
      var cut = Policy(inputDimension: policy.inputDimension, layers: Array(policy.layers[0...l]))
      cut.layers[l].activation = .identity
      return ForwardErrorBound.bound(policy: cut, at: x, unitRoundoff: u)
    }
  }
}

extension Double {
  /// C99 hexadecimal text (what Python's float.fromhex reads), exact.
  var hexString: String { String(format: "%a", self) }
}
