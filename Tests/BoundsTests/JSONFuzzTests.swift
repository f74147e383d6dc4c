import Bounds
import Formats
import Foundation
import LinearAlgebra
import Model
import Rational
import TestSupport
import Testing
import Verification

/// Seeded random mutation of valid policy and problem files (issue 12): the reader never crashes,
/// and every rejection is an `InputError` whose message is one printable, bounded line. The seed
/// is printed; set AAJR_FUZZ_SEED to replay another. Bounded by a case count, not by time.
@Suite struct JSONFuzzTests {
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()
  static var seed: UInt64 { ProcessInfo.processInfo.environment["AAJR_FUZZ_SEED"].flatMap { UInt64($0) } ?? 20_261_129 }

  static let fragments: [String] = [
    "{", "}", "[", "]", "\"", ",", ":", "\\", "\\u", "\\ud800", "1e100001", "1e-99999", "-0", "0/0", "1/0", "NaN",
    "\"B\": 1,", "\"norm\": \"l2\",", "null", "true", "\u{0}", "\n", "\u{1B}[31m", "\u{FEFF}", "é", "9999999999999999999999",
    "\"steps\": 1000001", "\"x\"", "[[[[", "]]]]", "  ",
  ]

  static func mutate(_ bytes: [UInt8], _ rng: inout SplitMix64) -> [UInt8] {
    var b = bytes
    switch rng.next() % 5 {
    case 0 where !b.isEmpty:
      let i = Int(rng.next() % UInt64(b.count))
      b.removeSubrange(i..<min(b.count, i + 1 + Int(rng.next() % 8)))
    case 1:
      let i = Int(rng.next() % UInt64(b.count + 1))
      b.insert(contentsOf: Array(fragments[Int(rng.next() % UInt64(fragments.count))].utf8), at: i)
    case 2 where b.count > 1:
      let i = Int(rng.next() % UInt64(b.count)), j = min(b.count, i + 1 + Int(rng.next() % 40))
      b.insert(contentsOf: b[i..<j], at: j)
    case 3 where !b.isEmpty:
      b[Int(rng.next() % UInt64(b.count))] = UInt8(truncatingIfNeeded: rng.next())
    default:
      if let i = b.firstIndex(of: UInt8(ascii: "{")) { b.insert(contentsOf: Array("\"extra\": 0, ".utf8), at: i + 1) }
    }
    return b
  }

  static func expectClean(_ error: Error, seed: UInt64, _ what: String) {
    guard let e = error as? InputError else {
      Issue.record("seed \(seed): \(what): not an InputError: \(error)")
      return
    }
    let line = e.description
    #expect(!line.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F }, "seed \(seed): \(line.debugDescription)")
    #expect(line.count < 1200, "seed \(seed): \(line.count) characters")
  }

  @Test func mutatedFilesAreReadOrRejectedCleanly() throws {
    let seed = Self.seed
    print("JSON fuzz seed: \(seed) (AAJR_FUZZ_SEED to replay)")
    var rng = SplitMix64(seed: seed)
    let pairs = ["examples/regression", "examples/two-agent-game"].map { dir in
      (try! String(contentsOf: Self.root.appendingPathComponent(dir + "/policy.json"), encoding: .utf8),
       try! String(contentsOf: Self.root.appendingPathComponent(dir + "/problem.json"), encoding: .utf8))
    }
    for _ in 0..<1500 {
      let (policyText, problemText) = pairs[Int(rng.next() % UInt64(pairs.count))]
      let mutatePolicy = rng.next() % 2 == 0
      var bytes = Array((mutatePolicy ? policyText : problemText).utf8)
      for _ in 0...(rng.next() % 4) { bytes = Self.mutate(bytes, &rng) }
      guard let text = String(bytes: bytes, encoding: .utf8) else { continue }  // the CLI rejects non-UTF-8 first
      do {
        let policy = try Policy(file: "p.json", text: mutatePolicy ? text : policyText)
        let problem = try Problem(file: "q.json", text: mutatePolicy ? problemText : text, policy: policy)
        _ = ArithmeticBudget.estimatedBits(policy: policy, problem: problem)
      } catch {
        Self.expectClean(error, seed: seed, mutatePolicy ? "policy" : "problem")
      }
    }
  }

  /// A few mutants through the binary: exit 0, 1, 2 or 3, never a signal, one line on exit 2.
  @Test func mutatedFilesThroughTheBinary() throws {
    let seed = Self.seed &+ 1
    print("JSON fuzz (binary) seed: \(seed)")
    var rng = SplitMix64(seed: seed)
    let dir = try hostileTemporaryFolder("fuzz")
    let policy = try String(contentsOf: Self.root.appendingPathComponent("examples/regression/policy.json"), encoding: .utf8)
    let problem = try String(contentsOf: Self.root.appendingPathComponent("examples/regression/problem.json"), encoding: .utf8)
    for k in 0..<24 {
      let onPolicy = k % 2 == 0
      var bytes = Array((onPolicy ? policy : problem).utf8)
      for _ in 0...(rng.next() % 3) { bytes = Self.mutate(bytes, &rng) }
      let p = dir + "/p\(k).json", q = dir + "/q\(k).json"
      try Data(onPolicy ? bytes : Array(policy.utf8)).write(to: URL(fileURLWithPath: p))
      try Data(onPolicy ? Array(problem.utf8) : bytes).write(to: URL(fileURLWithPath: q))
      let r = try runHostile(["verify", "--policy", p, "--problem", q, "--global", "bound", "--json"])
      #expect(!r.signaled && [0, 1, 2, 3].contains(r.status), "seed \(seed) case \(k): status \(r.status)")
      if r.status == 2 { #expect(r.oneLineError && r.stdout.isEmpty, "seed \(seed) case \(k): \(r.stderr.prefix(300))") }
    }
  }

  /// Duplicate keys are still found among many keys (the check is a hash set, linear time).
  @Test func manyKeysAndDuplicates() throws {
    let keys = (0..<200_000).map { "\"k\($0)\": 0" }
    let ok = try JSONValue.parse("{" + keys.joined(separator: ",") + "}")
    if case .object(let members) = ok { #expect(members.count == 200_000) } else { Issue.record("not an object") }
    #expect(throws: JSONSyntaxError.self) { try JSONValue.parse("{" + keys.joined(separator: ",") + ", \"k5\": 1}") }
  }

  /// Every bundled and shared policy and problem file still loads with the stricter reader.
  @Test func everyShippedFileStillLoads() throws {
    var dirs = ["examples/regression", "examples/two-agent-game", "Tests/BoundsTests/Fixtures/cases/p1",
                "Tests/BoundsTests/Fixtures/cases/p2"].map { Self.root.appendingPathComponent($0).path }
    let counterexamples = Self.root.appendingPathComponent("reports/counterexamples").path
    for d in (try? FileManager.default.contentsOfDirectory(atPath: counterexamples)) ?? [] { dirs.append(counterexamples + "/" + d) }
    for shared in ["/work/shared/cases/p1", "/work/shared/cases/p2", "/work/shared/bench/mlp8", "/work/shared/bench/global2"]
    where FileManager.default.fileExists(atPath: shared) {
      dirs.append(shared)
    }
    #expect(dirs.count >= 4)
    for d in dirs {
      let p = try Policy(file: d + "/policy.json", text: String(contentsOfFile: d + "/policy.json", encoding: .utf8))
      let q = try Problem(file: d + "/problem.json", text: String(contentsOfFile: d + "/problem.json", encoding: .utf8), policy: p)
      try ArithmeticBudget.check(policy: p, problem: q, file: d)
    }
  }
}
