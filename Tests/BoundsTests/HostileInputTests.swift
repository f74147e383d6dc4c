import Bounds
import Formats
import Foundation
import LinearAlgebra
import Model
import Rational
import TestSupport
import Testing
import Verification

/// Hostile inputs through the built binary (issue 12): no signal, no lost data, no silent
/// misread; every failure one printable line with exit status 2, a budget exit status 3.
@Suite struct HostileInputTests {
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()
  static var regression: (policy: String, problem: String) {
    (root.appendingPathComponent("examples/regression/policy.json").path,
     root.appendingPathComponent("examples/regression/problem.json").path)
  }
  static func fixture(_ path: String) -> String {
    Bundle.module.url(forResource: "Fixtures/\(path)", withExtension: nil)!.path
  }

  static func policy(layers: [String], inputs: Int = 1) -> String {
    "{\"format\": \"aajr-policy/1\", \"input_dim\": \(inputs), \"layers\": [" + layers.joined(separator: ",") + "]}"
  }
  static func layer(_ weights: [[String]], _ bias: [String], _ activation: String) -> String {
    let w = weights.map { "[" + $0.map { "\"\($0)\"" }.joined(separator: ",") + "]" }.joined(separator: ",")
    return "{\"weights\": [\(w)], \"bias\": [" + bias.map { "\"\($0)\"" }.joined(separator: ",") + "], \"activation\": \"\(activation)\"}"
  }
  static func problem(steps: Int = 2, stepSize: String = "1/4", samples: Int = 1, loss: String = "{\"kind\": \"squared_error\"}",
                      attackExtra: String = "") -> String {
    let data = (0..<samples).map { _ in "{\"state\": [\"1/2\"], \"target\": [\"0\"]}" }.joined(separator: ",")
    return "{\"format\": \"aajr-problem/1\", \"domain\": {\"lower\": [\"-1\"], \"upper\": [\"1\"]}, \"loss\": \(loss), "
      + "\"data\": [\(data)], \"attack\": {\"radius\": \"1/10\", \"step_size\": \"\(stepSize)\", \"steps\": \(steps)\(attackExtra)}}"
  }

  /// Exit 2, one line on stderr, nothing on stdout, and no signal.
  static func expectRefused(_ r: HostileRun, mentioning words: [String] = [], _ what: String) {
    #expect(!r.signaled, "\(what): ended by a signal")
    #expect(r.status == 2, "\(what): status \(r.status), stderr \(r.stderr.prefix(300))")
    #expect(r.oneLineError, "\(what): \(r.stderr.prefix(300))")
    #expect(r.stdout.isEmpty, "\(what): wrote to stdout")
    for w in words { #expect(r.stderr.contains(w), "\(what): \(r.stderr.prefix(300)) lacks \(w)") }
  }

  // MARK: Crashes

  @Test func crosscheckBeyondDoubleRangeDoesNotTrap() throws {
    let dir = try hostileTemporaryFolder("crosscheck")
    let big = try writeTemporary(dir, "p.json", Self.policy(layers: [Self.layer([["1e309"]], ["0"], "relu"),
                                                                      Self.layer([["1"]], ["0"], "identity")]))
    let q = try writeTemporary(dir, "q.json", Self.problem())
    let r1 = try runHostile(["crosscheck", "--policy", big, "--problem", q, "--json"])
    #expect(!r1.signaled && (r1.status == 0 || r1.status == 1), "\(r1.status) \(r1.stderr)")
    let small = try writeTemporary(dir, "s.json", Self.policy(layers: [Self.layer([["1"]], ["0"], "relu")]))
    let q2 = try writeTemporary(dir, "q2.json", Self.problem(loss: "{\"kind\": \"quadratic\", \"Q\": [[\"1e400\"]], \"b\": [\"0\"]}"))
    let r2 = try runHostile(["crosscheck", "--policy", small, "--problem", q2, "--json"])
    #expect(!r2.signaled && (r2.status == 0 || r2.status == 1), "\(r2.status) \(r2.stderr)")
    #expect(r2.stdout.contains("\"agree\""))
  }

  @Test func deepAndWidePoliciesDoNotOverflowTheStack() throws {
    let dir = try hostileTemporaryFolder("deep")
    let chain = try writeTemporary(dir, "chain.json", Self.policy(layers: Array(repeating: Self.layer([["1"]], ["0"], "relu"), count: 10_000)))
    let q = try writeTemporary(dir, "q.json", Self.problem(steps: 1))
    let r = try runHostile(["verify", "--policy", chain, "--problem", q, "--json"])
    #expect(!r.signaled && r.status == 0, "\(r.status) \(r.stderr)")
    #expect(r.stdout.contains("\"regions\": 2"))  // x ≤ 0 and x > 0
    let n = 10_000
    let wide = try writeTemporary(dir, "wide.json", Self.policy(layers: [
      Self.layer((0..<n).map { ["\($0 % 7 - 3)"] }, (0..<n).map { "\($0 % 5 - 2)" }, "relu"),
      Self.layer([Array(repeating: "1", count: n)], ["0"], "identity"),
    ]))
    let w = try runHostile(["verify", "--policy", wide, "--problem", q, "--json"])
    #expect(!w.signaled && (w.status == 0 || w.status == 1), "\(w.status) \(w.stderr)")
    // Kinks of relu(a x + b) with a ∈ {-3…3}, b ∈ {-2…2} inside (-1, 1): x = -b/a, distinct values
    // 0, ±1/3, ±2/3, ±1/2 → 7 breakpoints, 8 pieces, each with its own pattern.
    #expect(w.stdout.contains("\"regions\": 8"), "\(w.stdout.prefix(400))")
  }

  @Test func highDimensionalExactEnumerationIsRefusedNotExhaustingMemory() throws {
    let dir = try hostileTemporaryFolder("dims")
    let d = 20_000
    let row = "[" + Array(repeating: "\"1\"", count: d).joined(separator: ",") + "]"
    let p = try writeTemporary(dir, "p.json", Self.policy(layers: ["{\"weights\": [\(row)], \"bias\": [\"0\"], \"activation\": \"relu\"}"], inputs: d))
    let ones = { (v: String) in "[" + Array(repeating: "\"\(v)\"", count: d).joined(separator: ",") + "]" }
    let q = try writeTemporary(dir, "q.json", "{\"format\": \"aajr-problem/1\", \"domain\": {\"lower\": \(ones("-1")), \"upper\": \(ones("1"))}, "
      + "\"loss\": {\"kind\": \"squared_error\"}, \"data\": [{\"state\": \(ones("1/2")), \"target\": [\"0\"]}], "
      + "\"attack\": {\"radius\": \"1/10\", \"step_size\": \"1/4\", \"steps\": 1}}")
    Self.expectRefused(try runHostile(["verify", "--policy", p, "--problem", q]), mentioning: ["20000 dimensions", "--global bound"], "d = 20000")
    let b = try runHostile(["verify", "--policy", p, "--problem", q, "--global", "bound"])
    #expect(!b.signaled && (b.status == 0 || b.status == 1), "\(b.status) \(b.stderr)")
  }

  @Test func hugeExactNumbersAreRefusedNotAborted() throws {
    let dir = try hostileTemporaryFolder("gmp")
    let bomb = try writeTemporary(dir, "bomb.json", Self.policy(layers: Array(repeating: Self.layer([["1e100000"]], ["0"], "identity"), count: 200)))
    let q = try writeTemporary(dir, "q.json", Self.problem(steps: 1))
    Self.expectRefused(try runHostile(["verify", "--policy", bomb, "--problem", q]), mentioning: ["bits"], "200 layers of 1e100000")
    let small = try writeTemporary(dir, "s.json", Self.policy(layers: [Self.layer([["2"]], ["1/3"], "relu")]))
    let tiny = try writeTemporary(dir, "tiny.json", Self.problem(steps: 40, stepSize: "1e-100000"))
    Self.expectRefused(try runHostile(["verify", "--policy", small, "--problem", tiny]), mentioning: ["bits", "40 steps"], "step 1e-100000")
    // The allocation bound itself (lowered for the test): a clean line, never GMP's abort.
    let tiny2 = try writeTemporary(dir, "tiny2.json", Self.problem(steps: 2, stepSize: "1e-100000"))
    let r = try runHostile(["verify", "--policy", small, "--problem", tiny2], environment: ["AAJR_GMP_LIMIT_BYTES": "5000"])
    #expect(!r.signaled && r.status == 2 && r.oneLineError && r.stderr.contains("exact arithmetic stopped"), "\(r.status) \(r.stderr)")
  }

  @Test func deepClaimsInTheoremFilesExitTwo() throws {
    let dir = try hostileTemporaryFolder("claims")
    let head = "---\nid: X1\ntitle: t\nfamily: random-pl\ncases: 1\nseed: 1\n"
    for (name, claim) in [("nots", String(repeating: "not ", count: 2_000) + "monotone"),
                          ("parens", String(repeating: "(", count: 3_000) + "C" + String(repeating: ")", count: 3_000) + " > 0"),
                          ("sum", (0..<2_000).map { _ in "C" }.joined(separator: " + ") + " > 0")] {
      _ = try writeTemporary(dir, "X1.md", head + "claim: " + claim + "\n---\nbody\n")
      let r = try runHostile(["theorems", "--dir", dir, "--report", dir + "/out/r.md"])
      Self.expectRefused(r, mentioning: ["X1.md"], "claim \(name)")
      #expect(!FileManager.default.fileExists(atPath: dir + "/out"), "\(name): nothing written")
    }
  }

  @Test func unsafeTheoremIdsAreRefused() throws {
    let dir = try hostileTemporaryFolder("ids")
    for id in ["..", ".", "a/b", ".hidden", String(repeating: "x", count: 65)] {
      _ = try writeTemporary(dir, "X1.md", "---\nid: \(id)\ntitle: t\nfamily: random-pl\ncases: 1\nseed: 1\nclaim: C >= 0\n---\nbody\n")
      let r = try runHostile(["theorems", "--dir", dir, "--report", dir + "/out/r.md"])
      Self.expectRefused(r, mentioning: ["X1.md", "id"], "id \(id)")
      #expect(!FileManager.default.fileExists(atPath: dir + "/out"))
    }
  }

  // MARK: Lost or overwritten data

  @Test func outputsThatAreInputsAreRefused() throws {
    let dir = try hostileTemporaryFolder("inputs")
    let p = try writeTemporary(dir, "policy.json", try String(contentsOfFile: Self.regression.policy, encoding: .utf8))
    let before = try String(contentsOfFile: p, encoding: .utf8)
    Self.expectRefused(try runHostile(["verify", "--policy", p, "--problem", Self.regression.problem, "--report", p]),
                       mentioning: ["--report", "input"], "--report is the policy")
    let link = dir + "/link.json"
    try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: p)
    Self.expectRefused(try runHostile(["report", "--policy", p, "--problem", Self.regression.problem, "--out", link]),
                       mentioning: ["--out", "input"], "--out links to the policy")
    #expect(try String(contentsOfFile: p, encoding: .utf8) == before)
    let model = try writeTemporary(dir, "model.safetensors", "not a model")
    Self.expectRefused(try runHostile(["import", "--safetensors", model, "--out", model]), mentioning: ["input"], "import --out = model")
    #expect(try String(contentsOfFile: model, encoding: .utf8) == "not a model")
  }

  /// The ONNX export is a binary output and goes through the same checked path: a symlink is
  /// written through (kept), and the input policy is never the output.
  @Test func onnxExportWritesThroughLinksAndRefusesItsInput() throws {
    let dir = try hostileTemporaryFolder("export")
    let (p, _) = Self.regression
    let real = try writeTemporary(dir, "real.onnx", "old")
    let link = dir + "/link.onnx"
    try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: real)
    let r = try runHostile(["export", "--policy", p, "--onnx", link])
    #expect(r.status == 0, "\(r.stderr)")
    #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == real, "the link is kept")
    #expect(try Data(contentsOf: URL(fileURLWithPath: real)).count > 100, "the model went through the link")
    let copy = try writeTemporary(dir, "policy.json", String(contentsOfFile: p, encoding: .utf8))
    Self.expectRefused(try runHostile(["export", "--policy", copy, "--onnx", copy]), mentioning: ["--onnx"], "output = input")
    #expect(try String(contentsOfFile: copy, encoding: .utf8) == String(contentsOfFile: p, encoding: .utf8), "input untouched")
  }

  @Test func symlinksAndDevicesAreWrittenThroughNotReplaced() throws {
    let dir = try hostileTemporaryFolder("links")
    let (p, q) = Self.regression
    let real = try writeTemporary(dir, "real.md", "old")
    let link = dir + "/link.md"
    try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: real)
    let r = try runHostile(["verify", "--policy", p, "--problem", q, "--global", "off", "--report", link])
    #expect(r.status == 0, "\(r.stderr)")
    #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == real, "the link is kept")
    #expect(try String(contentsOfFile: real, encoding: .utf8).hasPrefix("# aajr verify report"))
    let toNull = dir + "/null.md"
    try FileManager.default.createSymbolicLink(atPath: toNull, withDestinationPath: "/dev/null")
    let n = try runHostile(["verify", "--policy", p, "--problem", q, "--global", "off", "--report", toNull])
    #expect(n.status == 0, "\(n.stderr)")
    #expect(try FileManager.default.destinationOfSymbolicLink(atPath: toNull) == "/dev/null")
    var st = stat()
    #expect(stat("/dev/null", &st) == 0 && (st.st_mode & S_IFMT) == S_IFCHR, "/dev/null is still a device")
    let d = try runHostile(["verify", "--policy", p, "--problem", q, "--global", "off", "--report", "/dev/null"])
    #expect(d.status == 0 && stat("/dev/null", &st) == 0 && (st.st_mode & S_IFMT) == S_IFCHR)
    // A FIFO is written through, never replaced; without a reader it is an error, not a hang.
    let fifo = dir + "/fifo"
    #expect(mkfifo(fifo, 0o600) == 0)
    let noReader = try runHostile(["verify", "--policy", p, "--problem", q, "--global", "off", "--report", fifo])
    Self.expectRefused(noReader, mentioning: ["no reader"], "FIFO without a reader")
    #expect(stat(fifo, &st) == 0 && (st.st_mode & S_IFMT) == S_IFIFO, "the FIFO is still a FIFO")
    try FileManager.default.removeItem(atPath: fifo)
    // /dev/stdout is standard output itself: the summary, then the report, both kept.
    let so = try runHostile(["verify", "--policy", p, "--problem", q, "--global", "off", "--report", "/dev/stdout"])
    #expect(so.status == 0 && so.stdout.hasPrefix("γ_adv²") && so.stdout.contains("# aajr verify report"), "\(so.stdout.prefix(200))")
    var ls = stat()
    #expect(lstat("/dev/stdout", &ls) == 0 && (ls.st_mode & S_IFMT) != S_IFREG, "/dev/stdout is not replaced by a file")
    let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.contains(".aajr-") }
    #expect(leftovers.isEmpty, "temporaries left: \(leftovers)")
  }

  @Test func stdoutWriteFailuresExitTwo() throws {
    let (p, q) = Self.regression
    let r = try runHostile(["verify", "--policy", p, "--problem", q, "--global", "off", "--json"], standardOutputPath: "/dev/full")
    #expect(!r.signaled && r.status == 2 && r.oneLineError && r.stderr.contains("standard output"), "\(r.status) \(r.stderr)")
    let c = try runHostile(["crosscheck", "--policy", p, "--problem", q], standardOutputPath: "/dev/full")
    #expect(c.status == 2 && c.oneLineError, "\(c.status) \(c.stderr)")
    // With a report too: the report is not put in place when stdout fails.
    let dir = try hostileTemporaryFolder("full")
    let rep = dir + "/r.md"
    let both = try runHostile(["verify", "--policy", p, "--problem", q, "--global", "off", "--report", rep], standardOutputPath: "/dev/full")
    #expect(both.status == 2)
    #expect(try FileManager.default.contentsOfDirectory(atPath: dir).isEmpty, "nothing written")
  }

  @Test func outputLocationsAreCheckedBeforeComputing() throws {
    let dir = try hostileTemporaryFolder("locations")
    let (p, q) = Self.regression
    Self.expectRefused(try runHostile(["verify", "--policy", p, "--problem", q, "--report", dir]), mentioning: ["is a directory"], "report is a dir")
    Self.expectRefused(try runHostile(["verify", "--policy", p, "--problem", q, "--report", dir + "/no/such/r.md"]),
                       mentioning: ["no such folder"], "missing folder")
    Self.expectRefused(try runHostile(["verify", "--policy", p, "--problem", q, "--report", ""]), mentioning: ["empty"], "empty path")
    let theorems = Self.root.appendingPathComponent("theorems").path
    let t = try runHostile(["theorems", "--dir", theorems, "--report", dir, "--cases", "1"])
    Self.expectRefused(t, mentioning: ["is a directory"], "theorems --report dir")
    #expect(!FileManager.default.fileExists(atPath: dir + "/counterexamples"), "no counterexample written")
  }

  // MARK: Silent misreads

  @Test func unknownKeysAreErrorsNamingTheKey() throws {
    let dir = try hostileTemporaryFolder("keys")
    let p = try writeTemporary(dir, "p.json", Self.policy(layers: [Self.layer([["1"]], ["0"], "relu")]))
    let misspelt = try writeTemporary(dir, "q1.json", Self.problem(loss: "{\"kind\": \"quadratic\", \"Q\": [[\"1\"]], \"B\": [\"1\"]}"))
    Self.expectRefused(try runHostile(["verify", "--policy", p, "--problem", misspelt]), mentioning: ["loss.B", "unknown field"], "B for b")
    let norm = try writeTemporary(dir, "q2.json", Self.problem(attackExtra: ", \"norm\": \"l2\""))
    Self.expectRefused(try runHostile(["verify", "--policy", p, "--problem", norm]), mentioning: ["attack.norm"], "norm l2")
    let slope = try writeTemporary(dir, "p2.json", Self.policy(layers: ["{\"weights\": [[\"1\"]], \"bias\": [\"0\"], \"activation\": \"relu\", \"slope\": \"1/10\"}"]))
    Self.expectRefused(try runHostile(["verify", "--policy", slope, "--problem", norm]), mentioning: ["layers[0].slope"], "slope on relu")
  }

  // MARK: Unbounded work

  @Test func epochsAndTrajectorySizesAreCapped() throws {
    Self.expectRefused(try runHostile(["demo", "--epochs", "1000000000"]), mentioning: ["--epochs"], "demo epochs")
    let dir = try hostileTemporaryFolder("caps")
    Self.expectRefused(try runHostile(["train", "--reg", "none", "--epochs", "1000000000", "--out", dir + "/t"]),
                       mentioning: ["--epochs"], "train epochs")
    #expect(!FileManager.default.fileExists(atPath: dir + "/t"))
    let p = try writeTemporary(dir, "p.json", Self.policy(layers: [Self.layer([["1"]], ["0"], "relu")]))
    let q = try writeTemporary(dir, "q.json", Self.problem(steps: 1000, samples: 1000))
    Self.expectRefused(try runHostile(["verify", "--policy", p, "--problem", q]), mentioning: ["attack.steps", "trajectory coordinates"], "1000 × 1000")
  }

  // MARK: Messages

  @Test func messagesAreOnePrintableBoundedLine() throws {
    let dir = try hostileTemporaryFolder("messages")
    let nasty = "gel\nu\u{1B}[31m\u{7}" + String(repeating: "x", count: 1_000_000)
    let escaped = nasty.replacingOccurrences(of: "\n", with: "\\n").replacingOccurrences(of: "\u{1B}", with: "\\u001b")
      .replacingOccurrences(of: "\u{7}", with: "\\u0007")
    let p = try writeTemporary(dir, "p.json", Self.policy(layers: ["{\"weights\": [[\"1\"]], \"bias\": [\"0\"], \"activation\": \"\(escaped)\"}"]))
    let q = try writeTemporary(dir, "q.json", Self.problem())
    let r = try runHostile(["verify", "--policy", p, "--problem", q])
    Self.expectRefused(r, mentioning: ["layers[0].activation", "…"], "nasty activation")
    #expect(r.stderr.count < 2000)
    #expect(!r.stderr.unicodeScalars.dropLast().contains { $0.value < 0x20 || $0.value == 0x7F }, "control characters echoed")
    let (pp, qq) = Self.regression
    let g = try runHostile(["verify", "--policy", pp, "--problem", qq, "--gamma", "-1"])
    Self.expectRefused(g, mentioning: ["--gamma", "non-negative"], "--gamma -1")
    #expect(!g.stderr.contains("Missing value"))
    Self.expectRefused(try runHostile(["verify", "--policy", dir, "--problem", qq]), mentioning: ["is a directory"], "dir as input")
    Self.expectRefused(try runHostile(["verify", "--policy", dir + "/none/p.json", "--problem", qq]), mentioning: ["no such folder"], "missing folder")
    Self.expectRefused(try runHostile(["verify", "--policy", dir + "/p-missing.json", "--problem", qq]), mentioning: ["no such file"], "missing file")
    let bad = try runHostile(["verify", "--policy", pp, "--problem", qq, "--report", "/proc/version"])
    #expect(bad.status == 2 && bad.oneLineError && !bad.stderr.contains("NSCocoaErrorDomain") && !bad.stderr.contains("Error Domain"), "\(bad.stderr)")
  }

  // MARK: Budgets

  @Test func regionBudgetGivesASoundIntervalAndExitThree() throws {
    let p = Self.fixture("cases/p1/policy.json"), q = Self.fixture("cases/p1/problem.json")
    let full = try runHostile(["verify", "--policy", p, "--problem", q, "--json"])
    let cut = try runHostile(["verify", "--policy", p, "--problem", q, "--json", "--max-regions", "1"])
    #expect(cut.status == 3, "\(cut.stderr)")
    func global(_ text: String) throws -> [String: Any] {
      let o = try JSONSerialization.jsonObject(with: Data(text.utf8)) as! [String: Any]
      return o["global"] as! [String: Any]
    }
    let f = try global(full.stdout), c = try global(cut.stdout)
    #expect(f["exact"] as? Bool == true && c["exact"] as? Bool == false)
    #expect(c["regions"] as? Int == 1)
    func value(_ s: Any?) -> Double {
      let parts = (s as! String).split(separator: "/").map { Double(String($0))! }
      return parts.count == 2 ? parts[0] / parts[1] : parts[0]
    }
    // The cut interval encloses the exact one.
    #expect(value(c["gamma_sq_lower"]) <= value(f["gamma_sq_lower"]))
    #expect(value(c["gamma_sq_upper"]) >= value(f["gamma_sq_upper"]))
    let budget = (try JSONSerialization.jsonObject(with: Data(cut.stdout.utf8)) as! [String: Any])["budget"] as! [String: Any]
    #expect(budget["reached"] as? Bool == true)
    #expect(((budget["cut"] as? [String])?.first ?? "").contains("--max-regions 1"))
    // A budget that is not reached changes nothing but the added budget object.
    let roomy = try runHostile(["verify", "--policy", p, "--problem", q, "--json", "--max-regions", "100000"])
    #expect(roomy.status == full.status)
    #expect(try global(roomy.stdout)["gamma_sq_upper"] as? String == f["gamma_sq_upper"] as? String)
    let rep = try runHostile(["report", "--policy", p, "--problem", q, "--max-regions", "1"])
    #expect(rep.status == 3 && rep.stdout.contains("## Budget reached") && rep.stdout.contains("--max-regions 1"), "\(rep.stderr)")
    // A time limit already past when enumeration starts.
    let timed = try runHostile(["verify", "--policy", p, "--problem", q, "--time-limit", "1/1000000000"])
    #expect(timed.status == 3 && timed.stdout.contains("sound enclosure"), "\(timed.stdout)")
    Self.expectRefused(try runHostile(["verify", "--policy", p, "--problem", q, "--max-regions", "-1"]), mentioning: ["--max-regions"], "negative")
    // The time limit also cuts the attack between samples: what was analysed is exact and
    // complete, and nothing that needs every sample is claimed.
    let dir = try hostileTemporaryFolder("timed")
    let pol = try writeTemporary(dir, "p.json", Self.policy(layers: [Self.layer([["2"]], ["1/3"], "relu")]))
    let many = try writeTemporary(dir, "q.json", Self.problem(steps: 3, samples: 300))
    for gamma in ["1", "1/2"] {
      let r = try runHostile(["verify", "--policy", pol, "--problem", many, "--json", "--time-limit", "1/1000000000", "--gamma", gamma])
      #expect(r.status == 3, "\(r.stderr)")
      let o = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any]
      #expect((o["samples"] as! [Any]).count == 1)
      #expect(o["gamma_adv_sq"] is NSNull)
      #expect((o["step_size"] as! [String: Any])["certified"] is NSNull)
      let b = o["budget"] as! [String: Any]
      #expect(b["samples_analysed"] as? Int == 1 && b["gamma_adv_sq_lower"] as? String == "4")  // relu slope 2: gain 4
      let aajr = (o["membership"] as! [String: Any])["aajr"]
      // γ_adv² ≥ 4 > γ² decides non-membership already; γ² = 1 < 4 too, so both are false.
      #expect(aajr as? Bool == false, "γ = \(gamma)")
    }
    let big = try runHostile(["verify", "--policy", pol, "--problem", many, "--json", "--time-limit", "1/1000000000", "--gamma", "3"])
    #expect(big.status == 3)
    #expect(((try JSONSerialization.jsonObject(with: Data(big.stdout.utf8)) as! [String: Any])["membership"] as! [String: Any])["aajr"] is NSNull,
            "4 ≤ 9 on the samples analysed decides nothing")
    Self.expectRefused(try runHostile(["verify", "--policy", p, "--problem", q, "--time-limit", "0"]), mentioning: ["--time-limit"], "zero")
  }
}
