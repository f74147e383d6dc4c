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

/// `aajr import --onnx`, `aajr export --onnx` and `aajr import --vnnlib` through the built
/// binary: exit codes, one-line errors, nothing written on failure, notes on stderr.
@Suite struct InterchangeCommandTests {
  static var fixtures: URL { Bundle.module.url(forResource: "Fixtures", withExtension: nil)! }
  static var root: URL {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
  }

  static func temporaryDirectory() throws -> URL {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("aajr-interchange-\(getpid())-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    return dir
  }

  @Test func exportThenImportReproducesTheBundledPolicies() throws {
    let dir = try Self.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    for example in ["regression", "two-agent-game"] {
      let policy = Self.root.appendingPathComponent("examples/\(example)/policy.json").path
      let onnx = dir.appendingPathComponent("\(example).onnx").path
      let back = dir.appendingPathComponent("\(example).json").path
      let e = try runAAJR(["export", "--policy", policy, "--onnx", onnx])
      #expect(e.status == 0, "\(e.stderr)")
      let i = try runAAJR(["import", "--onnx", onnx, "--out", back])
      #expect(i.status == 0, "\(i.stderr)")
      #expect(i.stderr.contains("layer 0:"))
      let original = try Policy(file: policy, text: String(contentsOfFile: policy, encoding: .utf8))
      let imported = try Policy(file: back, text: String(contentsOfFile: back, encoding: .utf8))
      if example == "regression" {
        #expect(e.stderr.isEmpty)
        #expect(imported == original)
      } else {
        // The game's leaky_relu slope 1/10 is not a double: rounded, and the export says so.
        #expect(e.stderr.contains("1 numbers are not exactly representable in float64"))
        #expect(imported.layers.map(\.weights) == original.layers.map(\.weights))
        #expect(imported.layers[1].activation == .leakyReLU(slope: try Rational(exactly: 0.1)))
      }
    }
  }

  @Test func refusalsAreOneLineExitTwoAndWriteNothing() throws {
    let dir = try Self.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let out = dir.appendingPathComponent("p.json").path
    let tanh = Self.fixtures.appendingPathComponent("tanh.onnx").path
    let r = try runAAJR(["import", "--onnx", tanh, "--out", out])
    #expect(r.status == 2)
    #expect(r.stderr.split(separator: "\n").count == 1)
    #expect(r.stderr.contains("tanh.onnx: graph.node[1]: Tanh node \"/1/Tanh\": Tanh is not piecewise-linear"))
    #expect(!FileManager.default.fileExists(atPath: out))
    // A safetensors file given as ONNX, and both formats at once.
    let st = Self.root.appendingPathComponent("Tests/VerifyTests/Fixtures/sequential.safetensors").path
    #expect(try runAAJR(["import", "--onnx", st, "--out", out]).status == 2)
    #expect(try runAAJR(["import", "--onnx", tanh, "--safetensors", st, "--out", out]).status == 2)
    #expect(try runAAJR(["export", "--policy", tanh, "--onnx", out]).status == 2)
    #expect(!FileManager.default.fileExists(atPath: out))
  }

  @Test func aModelGivenAsAPolicyGetsAHint() throws {
    let model = Self.fixtures.appendingPathComponent("gemm_relu.onnx").path
    let problem = Self.root.appendingPathComponent("examples/regression/problem.json").path
    let r = try runAAJR(["verify", "--policy", model, "--problem", problem])
    #expect(r.status == 2)
    #expect(r.stderr.contains("aajr import --onnx"))
    #expect(r.stderr.split(separator: "\n").count == 1)
  }

  @Test func vnnlibBoxBecomesTheDomain() throws {
    let dir = try Self.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let prop = dir.appendingPathComponent("p.vnnlib")
    try Data("(declare-const X_0 Real)\n(declare-const X_1 Real)\n(assert (<= X_0 1.5))\n(assert (>= X_0 -1.5))\n(assert (<= X_1 2))\n(assert (>= X_1 -2))\n".utf8).write(to: prop)
    let template = Self.root.appendingPathComponent("examples/regression/problem.json").path
    let out = dir.appendingPathComponent("q.json").path
    let r = try runAAJR(["import", "--vnnlib", prop.path, "--problem-template", template, "--out", out])
    #expect(r.status == 0, "\(r.stderr)")
    let q = try Problem(file: out, text: String(contentsOfFile: out, encoding: .utf8))
    #expect(q.lower == [Rational(-3, 2), -2] && q.upper == [Rational(3, 2), 2])
    try Data("(declare-const X_0 Real)\n(declare-const X_1 Real)\n(assert (<= (+ X_0 X_1) 1))\n".utf8).write(to: prop)
    let bad = try runAAJR(["import", "--vnnlib", prop.path, "--problem-template", template, "--out", out + "2"])
    #expect(bad.status == 2)
    #expect(bad.stderr.contains("line 3") && bad.stderr.contains("not a box"))
    #expect(!FileManager.default.fileExists(atPath: out + "2"))
  }
}
