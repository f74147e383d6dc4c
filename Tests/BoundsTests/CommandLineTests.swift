import Bounds
import Formats
import Foundation
import LinearAlgebra
import Model
import Rational
import TestSupport
import Testing
import Verification

/// End-to-end: runs the built `aajr` binary and checks exit codes and output.
@Suite struct CommandLineTests {

  static func fixture(_ path: String) -> String {
    Bundle.module.url(forResource: "Fixtures/\(path)", withExtension: nil)!.path
  }



  static func temporaryFile(_ name: String, _ text: String) throws -> String {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("aajr-cli-tests-\(getpid())")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    let url = dir.appendingPathComponent(UUID().uuidString + "-" + name)  // tests run in parallel
    try Data(text.utf8).write(to: url)
    return url.path
  }

  @Test func binaryExists() {
    #expect(FileManager.default.isExecutableFile(atPath: aajrExecutable.path), "run `swift build` first: \(aajrExecutable.path)")
  }

  @Test func versionAndHelp() throws {
    let v = try runAAJR(["--version"])
    #expect(v.status == 0)
    #expect(v.stdout.hasPrefix("0."))
    let h = try runAAJR(["verify", "--help"])
    #expect(h.status == 0)
    #expect(h.stdout.contains("--policy"))
    #expect(h.stdout.contains("--global"))
  }

  @Test func verifyJSONOnPublicCase() throws {
    let r = try runAAJR(["verify", "--policy", Self.fixture("cases/p2/policy.json"),
                          "--problem", Self.fixture("cases/p2/problem.json"), "--json"])
    #expect(r.status == 1)  // p2's step size is not certified
    #expect(r.stdout.contains("\"format\": \"aajr-verify/1\""))
    #expect(r.stdout.contains("\"gamma_adv_sq\": \"25/9\""))
    #expect(r.stdout.contains("\"regions\": 7"))
  }

  @Test func gammaDecidesMembership() throws {
    let args = ["verify", "--policy", Self.fixture("cases/p2/policy.json"),
                "--problem", Self.fixture("cases/p2/problem.json"), "--json"]
    // γ_adv² = 25/9 and γ_G² = 25/9: γ = 5/3 is in both classes, γ = 3/2 in neither.
    let inside = try runAAJR(args + ["--gamma", "5/3"])
    #expect(inside.stdout.contains("\"global\": true"))
    #expect(inside.stdout.contains("\"aajr\": true"))
    let outside = try runAAJR(args + ["--gamma", "3/2"])
    #expect(outside.status == 1)
    #expect(outside.stdout.contains("\"aajr\": false"))
  }

  @Test func badInputExitsTwoWithOneLine() throws {
    let policy = try Self.temporaryFile("bad-policy.json", BadInputTests.policy.replacingFirst("\"relu\"", with: "\"gelu\""))
    let r = try runAAJR(["verify", "--policy", policy, "--problem", Self.fixture("cases/p2/problem.json")])
    #expect(r.status == 2)
    #expect(r.stdout.isEmpty)
    let lines = r.stderr.split(separator: "\n")
    #expect(lines.count == 1)
    #expect(r.stderr.contains(policy) && r.stderr.contains("layers[0].activation") && r.stderr.contains("gelu"))
  }

  /// Every bad-input case of `BadInputTests`, through the binary: exit 2, nothing on
  /// stdout, one stderr line naming the file, the field and the problem.
  @Test func everyBadInputCaseExitsTwo() throws {
    let goodPolicy = try Self.temporaryFile("good-policy.json", BadInputTests.policy)
    let goodProblem = try Self.temporaryFile("good-problem.json", BadInputTests.problem)
    let cases = BadInputTests.policyCases.map { ($0, true) } + BadInputTests.problemCases.map { ($0, false) }
    for (c, isPolicy) in cases {
      let text = (isPolicy ? BadInputTests.policy : BadInputTests.problem).replacingFirst(c.replace, with: c.with)
      let bad = try Self.temporaryFile("bad-\(isPolicy ? "policy" : "problem").json", text)
      let r = try runAAJR(["verify", "--policy", isPolicy ? bad : goodPolicy, "--problem", isPolicy ? goodProblem : bad])
      #expect(r.status == 2, "\(c.name)")
      #expect(r.stdout.isEmpty, "\(c.name)")
      #expect(r.stderr.split(separator: "\n").count == 1, "\(c.name)")
      #expect(r.stderr.contains(bad) && (c.field.isEmpty || r.stderr.contains(c.field)) && r.stderr.contains(c.message), "\(c.name): \(r.stderr)")
    }
  }

  /// `aajr theorems`: a malformed file exits 2 naming file and line; a claim whose
  /// verdict differs from its `expect` exits 1 and still writes the report.
  @Test func theoremsExitCodes() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("aajr-thm-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    let head = "---\nid: X1\ntitle: t\nfamily: random-pl\ncases: 3\nseed: 1\n"
    try Data((head + "claim: gamma_adv_sqq >= 0\n---\nbody\n").utf8).write(to: dir.appendingPathComponent("X1.md"))
    let report = dir.appendingPathComponent("out/theorems.md").path
    let bad = try runAAJR(["theorems", "--dir", dir.path, "--report", report])
    #expect(bad.status == 2)
    #expect(bad.stderr.contains("X1.md") && bad.stderr.contains("line 7") && bad.stderr.contains("gamma_adv_sqq"), "\(bad.stderr)")
    #expect(!FileManager.default.fileExists(atPath: report))
    try Data((head + "claim: gamma_adv_sq < 0\n---\nbody\n").utf8).write(to: dir.appendingPathComponent("X1.md"))
    let refuted = try runAAJR(["theorems", "--dir", dir.path, "--report", report, "--json"])
    #expect(refuted.status == 1)
    #expect(refuted.stdout.contains("\"format\": \"aajr-theorems/1\"") && refuted.stdout.contains("\"status\": \"refuted\""))
    #expect(FileManager.default.fileExists(atPath: report))
    #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("out/counterexamples/X1/policy.json").path))
  }

  /// Family parameters are validated when a file is loaded: a bad value exits 2 naming the
  /// file, its line and the parameter, and writes nothing.
  @Test func theoremFamilyParametersAreValidated() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("aajr-thp-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    let report = dir.appendingPathComponent("out/theorems.md").path
    for (name, value) in [("outputs", "0"), ("width", "0"), ("inputs", "-3"), ("activations", "relu, sigmoid"),
                          ("depth", "3-1"), ("radius", "0"), ("kink_states", "2")] {
      let text = "---\nid: X2\ntitle: t\nfamily: random-pl\nparameters:\n  \(name): \(value)\ncases: 3\nseed: 1\nclaim: gamma_adv_sq >= 0\n---\n"
      try Data(text.utf8).write(to: dir.appendingPathComponent("X2.md"))
      let r = try runAAJR(["theorems", "--dir", dir.path, "--report", report])
      #expect(r.status == 2, "\(name): \(value)")
      #expect(r.stderr.contains("X2.md") && r.stderr.contains("line 6") && r.stderr.contains(name), "\(r.stderr)")
      #expect(!FileManager.default.fileExists(atPath: report))
    }
    let r = try runAAJR(["theorems", "--dir", dir.path, "--report", report, "--cases", "1000001"])
    #expect(r.status == 2 && r.stderr.contains("--cases"))
  }

  /// The time budget is a reported safety stop: a budget too small for any work stops the
  /// check before its first chunk, the report says so, and the command exits 3.
  @Test func theoremBudgetStopIsReported() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("aajr-thb-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    let text = "---\nid: X3\ntitle: t\nfamily: random-pl\ncases: 3\nseed: 1\nclaim: gamma_adv_sq >= 0\n---\n"
    try Data(text.utf8).write(to: dir.appendingPathComponent("X3.md"))
    let report = dir.appendingPathComponent("out/theorems.md").path
    let r = try runAAJR(["theorems", "--dir", dir.path, "--report", report, "--budget", "0.000000001", "--json"])
    #expect(r.status == 3, "\(r.stderr)")
    #expect(r.stdout.contains("\"stopped_by_budget\": true"))
    let md = try String(contentsOfFile: report, encoding: .utf8)
    #expect(md.contains("stopped by the"))
    let bad = try runAAJR(["theorems", "--dir", dir.path, "--report", report, "--budget", "0"])
    #expect(bad.status == 2 && bad.stderr.contains("--budget"))
  }

  /// `aajr demo` reproduces the committed `reports/demo.md` byte for byte (training is
  /// deterministic per seed, and every number in the report is exact or from that run).
  @Test(.enabled(if: snapshotTestsEnabled, "snapshot: AAJR_QUICK=1 skips it"))
  func demoReproducesTheCommittedReport() throws {
    let out = try Self.temporaryFile("demo.md", "")
    let r = try runAAJR(["demo", "--out", out])
    #expect(r.status == 0, "\(r.stderr)")
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    let committed = try String(contentsOf: root.appendingPathComponent("reports/demo.md"), encoding: .utf8)
    let fresh = try String(contentsOfFile: out, encoding: .utf8)
    #expect(fresh == committed, "reports/demo.md is stale: run `swift run aajr demo`")
  }

  @Test func missingFileAndBadOptionExitTwo() throws {
    let missing = try runAAJR(["verify", "--policy", "/nonexistent/p.json", "--problem", "/nonexistent/q.json"])
    #expect(missing.status == 2)
    #expect(missing.stderr.contains("/nonexistent/p.json"))
    let badGamma = try runAAJR(["verify", "--policy", Self.fixture("cases/p2/policy.json"),
                                 "--problem", Self.fixture("cases/p2/problem.json"), "--gamma", "x"])
    #expect(badGamma.status == 2)
    #expect(badGamma.stderr.contains("--gamma"))
    let badMode = try runAAJR(["verify", "--policy", "a", "--problem", "b", "--global", "sometimes"])
    #expect(badMode.status == 2)
    let unknown = try runAAJR(["frobnicate"])
    #expect(unknown.status == 2)
  }

  @Test func reportIsWrittenAndNothingOnBadInput() throws {
    let out = try Self.temporaryFile("report.md", "")
    try FileManager.default.removeItem(atPath: out)
    let r = try runAAJR(["verify", "--policy", Self.fixture("cases/p1/policy.json"),
                          "--problem", Self.fixture("cases/p1/problem.json"), "--report", out])
    #expect(r.status == 1)  // p1's step size is not certified
    let text = try String(contentsOfFile: out, encoding: .utf8)
    #expect(text.contains("# aajr verify report"))
    #expect(text.contains("### Sample 1"))
    let out2 = out + ".never"
    let bad = try runAAJR(["verify", "--policy", "/nonexistent", "--problem", "/nonexistent", "--report", out2])
    #expect(bad.status == 2)
    #expect(!FileManager.default.fileExists(atPath: out2))
  }
}
