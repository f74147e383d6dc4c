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

/// End-to-end: `aajr crosscheck` and `aajr import` through the built binary.
@Suite struct CrossCheckCommandTests {

  /// The package root (three levels above this file).
  static var root: URL {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
  }



  static func temporaryDirectory() throws -> URL {
    let dir = FileManager.default.temporaryDirectory
      .appendingPathComponent("aajr-verify-tests-\(getpid())-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    return dir
  }

  static func write(_ text: String, _ name: String, in dir: URL) throws -> String {
    let url = dir.appendingPathComponent(name)
    try Data(text.utf8).write(to: url)
    return url.path
  }

  @Test func crosscheckAgreesOnTheBundledGame() throws {
    let ex = Self.root.appendingPathComponent("examples/two-agent-game")
    let args = ["crosscheck", "--policy", ex.appendingPathComponent("policy.json").path,
                "--problem", ex.appendingPathComponent("problem.json").path]
    let r = try runAAJR(args + ["--json"])
    #expect(r.status == 0, "\(r.stderr)")
    #expect(r.stdout.contains("\"format\": \"aajr-crosscheck/1\""))
    #expect(r.stdout.contains("\"agree\": true"))
    #expect(r.stdout.contains("\"first_pattern_mismatch\": null"))
    let summary = try runAAJR(args)
    #expect(summary.status == 0)
    #expect(summary.stdout.contains("agree on all"))
  }

  @Test func crosscheckExitsOneOnARoundingTie() throws {
    let dir = try Self.temporaryDirectory()
    let policy = try Self.write(CrossCheckTests.tiePolicy.jsonText, "policy.json", in: dir)
    let problem = try Self.write(CrossCheckTests.tieProblem.jsonText, "problem.json", in: dir)
    let r = try runAAJR(["crosscheck", "--policy", policy, "--problem", problem])
    #expect(r.status == 1)
    #expect(r.stdout.contains("DISAGREE"))
    #expect(r.stdout.contains("rounding tie at t = 0, layer 0 neuron 0"))
    let j = try runAAJR(["crosscheck", "--policy", policy, "--problem", problem, "--json"])
    #expect(j.status == 1)
    #expect(j.stdout.contains("\"agree\": false"))
    #expect(j.stdout.contains("\"kind\": \"exact_on_kink\""))
  }

  @Test func crosscheckExitsTwoOnBadInput() throws {
    let dir = try Self.temporaryDirectory()
    let policy = try Self.write(CrossCheckTests.tiePolicy.jsonText.replacingOccurrences(of: "\"relu\"", with: "\"gelu\""),
                                "policy.json", in: dir)
    let problem = try Self.write(CrossCheckTests.tieProblem.jsonText, "problem.json", in: dir)
    let r = try runAAJR(["crosscheck", "--policy", policy, "--problem", problem, "--json"])
    #expect(r.status == 2)
    #expect(r.stdout.isEmpty)
    #expect(r.stderr.split(separator: "\n").count == 1)
    #expect(r.stderr.contains(policy) && r.stderr.contains("gelu"))
  }

  @Test func importWritesAnExactPolicyAtomically() throws {
    let dir = try Self.temporaryDirectory()
    let st = dir.appendingPathComponent("m.safetensors")
    try SafeTensorsBytes.file(SafeTensorsBytes.twoLayers).write(to: st)
    let out = dir.appendingPathComponent("policy.json").path
    let r = try runAAJR(["import", "--safetensors", st.path, "--out", out, "--activation", "hardtanh"])
    #expect(r.status == 0, "\(r.stderr)")
    let p = try Policy(file: out, text: String(contentsOfFile: out, encoding: .utf8))
    #expect(p.layers.map(\.activation) == [.hardtanh, .identity])
    #expect(p.layers[0].weights[0][0] == (try Rational(exactly: 0.1)))
    // The imported policy runs through the other commands.
    let problem = Problem(lower: [-1, -1], upper: [1, 1], loss: .squaredError(dimension: 1),
                          samples: [Sample(state: [Rational(1, 4), Rational(-1, 2)], target: [1])],
                          attack: Attack(radius: Rational(1, 8), stepSize: Rational(1, 4), steps: 3))
    let prob = try Self.write(problem.jsonText, "problem.json", in: dir)
    let c = try runAAJR(["crosscheck", "--policy", out, "--problem", prob])
    #expect(c.status == 0, "\(c.stdout)")  // dyadic weights and problem: the float run agrees
    #expect(c.stdout.hasPrefix("crosscheck:"))
  }

  @Test func importRejectsAMalformedFileWithOneLine() throws {
    let dir = try Self.temporaryDirectory()
    let e = SafeTensorsBytes.twoLayers
    let st = dir.appendingPathComponent("bad.safetensors")
    // Layer 2 takes 4 inputs, layer 0 has 3 outputs.
    try SafeTensorsBytes.file([e[0], e[1], SafeTensorsBytes.f32("2.weight", [1, 4], [1, 2, 3, 4]), e[3]]).write(to: st)
    let out = dir.appendingPathComponent("policy.json").path
    let r = try runAAJR(["import", "--safetensors", st.path, "--out", out])
    #expect(r.status == 2)
    let lines = r.stderr.split(separator: "\n")
    #expect(lines.count == 1)
    #expect(r.stderr.contains(st.path) && r.stderr.contains("2.weight") && r.stderr.contains("previous layer"))
    #expect(!FileManager.default.fileExists(atPath: out))
    let missing = try runAAJR(["import", "--safetensors", dir.appendingPathComponent("nope").path, "--out", out])
    #expect(missing.status == 2)
    let badAct = try runAAJR(["import", "--safetensors", st.path, "--out", out, "--activation", "gelu"])
    #expect(badAct.status == 2)
    #expect(badAct.stderr.contains("--activation"))
  }
}
