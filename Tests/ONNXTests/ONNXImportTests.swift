import Bounds
import CrossCheck
import Formats
import Foundation
import LinearAlgebra
import Model
import ONNXFormat
import Rational
import Testing
import Verification

/// `aajr import --onnx` on models written by Python's onnx helper (Fixtures/make_models.py):
/// exact weights, the exact forward pass against onnxruntime's recorded outputs, refusals.
@Suite struct ONNXImportTests {
  static var fixtures: URL { Bundle.module.url(forResource: "Fixtures", withExtension: nil)! }

  static func model(_ name: String) throws -> ONNXImport {
    try ONNXImport(contentsOf: fixtures.appendingPathComponent("\(name).onnx").path)
  }

  /// models.expected.json: per model its element type, inputs, onnxruntime's outputs and
  /// every initializer entry, as float.hex() text.
  static func expected() throws -> [String: JSONValue] {
    let text = try String(contentsOf: fixtures.appendingPathComponent("models.expected.json"), encoding: .utf8)
    guard case .object(let top) = try JSONValue.parse(text), case .object(let models)? = top.first(where: { $0.key == "models" })?.value
    else { throw InputError(file: "models.expected.json", field: "", message: "unexpected layout") }
    return Dictionary(uniqueKeysWithValues: models.map { ($0.key, $0.value) })
  }

  static func hexValues(_ v: JSONValue?) throws -> [Rational] {
    guard case .array(let items)? = v else { throw InputError(file: "models.expected.json", field: "", message: "not an array") }
    return try items.map { item in
      guard case .string(let s) = item, let d = Double(s) else {
        throw InputError(file: "models.expected.json", field: "", message: "bad hex \(item)")
      }
      return try Rational(exactly: d)
    }
  }

  static func rows(_ v: JSONValue?) throws -> [[Rational]] {
    guard case .array(let items)? = v else { throw InputError(file: "models.expected.json", field: "", message: "not an array") }
    return try items.map { try hexValues($0) }
  }

  @Test func gemmReluWeightsAreTheExactStoredFloats() throws {
    let imported = try Self.model("gemm_relu")
    let p = imported.policy
    #expect(p.inputDimension == 3)
    #expect(p.layers.map(\.outputCount) == [5, 2])
    #expect(p.layers.map(\.activation) == [.relu, .identity])
    let e = try #require(try Self.expected()["gemm_relu"])
    guard case .object(let fields) = e, case .object(let inits)? = fields.first(where: { $0.key == "initializers" })?.value
    else { Issue.record("layout"); return }
    func tensor(_ n: String) throws -> [Rational] { try Self.hexValues(inits.first { $0.key == n }?.value) }
    // transB = 1: the stored [out, in] matrix is W itself.
    #expect(Array(p.layers[0].weights.joined()) == (try tensor("fc1.weight")))
    #expect(p.layers[0].bias == (try tensor("fc1.bias")))
    #expect(Array(p.layers[1].weights.joined()) == (try tensor("fc2.weight")))
    #expect(p.layers[1].bias == (try tensor("fc2.bias")))
    #expect(p.layers.allSatisfy { $0.weights.joined().allSatisfy(\.isDyadic) })
    #expect(imported.notes.first?.contains("2 layers") == true)
  }

  @Test func matMulAddTransposesAndGemmAlphaBetaAreFolded() throws {
    let p = try Self.model("matmul_add").policy
    let e = try #require(try Self.expected()["matmul_add"])
    guard case .object(let fields) = e, case .object(let inits)? = fields.first(where: { $0.key == "initializers" })?.value
    else { Issue.record("layout"); return }
    func tensor(_ n: String) throws -> [Rational] { try Self.hexValues(inits.first { $0.key == n }?.value) }
    let w1 = try tensor("W1")  // [4, 6], typed float_data: x · W1, so W = W1ᵀ
    #expect(p.layers[0].weights[2][1] == w1[1 * 6 + 2])
    #expect(p.layers[0].bias == (try tensor("b1")))
    #expect(p.layers[0].activation == .leakyReLU(slope: Rational(1, 8)))
    let w2 = try tensor("W2"), b2 = try tensor("b2")  // alpha = 1/2, beta = 2
    #expect(p.layers[1].weights[0][5] == w2[5 * 3 + 0] / 2)
    #expect(p.layers[1].bias == b2.map { $0 * 2 })
  }

  /// The exact forward pass of every imported model lies within the rounding bound of
  /// onnxruntime's output (float32 models with u = 2⁻²⁴, float64 with 2⁻⁵³, float16 with 2⁻¹¹;
  /// the batchnorm model's folded float64 scale adds one more rounding, inside the slack).
  @Test func exactForwardPassMatchesOnnxRuntimeWithinRoundingBound() throws {
    let expected = try Self.expected()
    #expect(Set(expected.keys) == ["gemm_relu", "matmul_add", "batchnorm", "clip_abs_scalars", "float16", "external", "transpose"])
    for (name, entry) in expected.sorted(by: { $0.key < $1.key }) {
      guard case .object(let fields) = entry, case .string(let type)? = fields.first(where: { $0.key == "element_type" })?.value
      else { Issue.record("layout \(name)"); continue }
      let u: Double = type == "DOUBLE" ? 0x1p-53 : (type == "FLOAT" ? 0x1p-24 : 0x1p-11)
      let policy = try Self.model(name).policy
      let inputs = try Self.rows(fields.first { $0.key == "inputs" }?.value)
      let outputs = try Self.rows(fields.first { $0.key == "outputs" }?.value)
      for (x, y) in zip(inputs, outputs) {
        let exact = policy.forward(x).output
        let bound = ForwardErrorBound.bound(policy: policy, at: x, unitRoundoff: u, slack: name == "float16" ? 8 : 4)
        for i in exact.indices {
          let err = (exact[i] - y[i]).magnitude.doubleNearest()
          #expect(err <= bound[i], "\(name) x = \(x) output \(i): |exact − onnxruntime| = \(err) > bound \(bound[i])")
        }
      }
    }
  }

  @Test func tanhAndOtherNonPiecewiseLinearModelsAreRefusedNamingTheNode() throws {
    func refusal(_ name: String) -> InputError? {
      do { _ = try Self.model(name); return nil } catch let e as InputError { return e } catch { return nil }
    }
    let tanh = try #require(refusal("tanh"))
    #expect(tanh.field == "graph.node[1]")
    #expect(tanh.message.contains("Tanh node \"/1/Tanh\""))
    #expect(tanh.message.contains("not piecewise-linear"))
    let relu6 = try #require(refusal("refused_relu6"))
    #expect(relu6.message.contains("Clip node \"relu6\""))
    #expect(relu6.message.contains("[0, 6] is not supported"))
  }

  @Test func batchNormIsFoldedAndTheFloatScaleIsAnnounced() throws {
    let imported = try Self.model("batchnorm")
    #expect(imported.policy.layers.map(\.outputCount) == [4, 1])
    #expect(imported.notes.contains { $0.contains("BatchNormalization node \"bn\"") && $0.contains("irrational") })
  }

  @Test func externalDataIsReadFromTheModelsFolder() throws {
    let p = try Self.model("external").policy
    let e = try #require(try Self.expected()["external"])
    guard case .object(let fields) = e, case .object(let inits)? = fields.first(where: { $0.key == "initializers" })?.value
    else { Issue.record("layout"); return }
    #expect(Array(p.layers[0].weights.joined()) == (try Self.hexValues(inits.first { $0.key == "W" }?.value)))
    #expect(p.layers[0].bias == (try Self.hexValues(inits.first { $0.key == "b" }?.value)))
  }

  @Test func garbageIsNotAModel() {
    #expect(throws: InputError.self) { try ONNXImport(file: "x.onnx", data: Data([0xFF, 0xFF, 0xFF, 0x07, 0x01])) }
  }
}
