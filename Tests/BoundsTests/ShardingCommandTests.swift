import Bounds
import Formats
import Foundation
import LinearAlgebra
import Model
import Rational
import TestSupport
import Testing
import Verification

/// `--jobs`, `--shard` and `aajr merge` end to end: the merged parts are the unsharded
/// command's `--json` output byte for byte, with its exit status (issue 13).
@Suite struct ShardingCommandTests {
  static var root: URL {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
  }

  static func example(_ name: String) -> (policy: String, problem: String) {
    let dir = root.appendingPathComponent("examples/\(name)").path
    return (dir + "/policy.json", dir + "/problem.json")
  }

  static func temporaryFolder() throws -> String {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("aajr-shard-tests-\(getpid())-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    return dir.path
  }

  static func read(_ path: String) throws -> String { try String(contentsOfFile: path, encoding: .utf8) }

  /// Seeded random inputs written to files, for the command line.
  static func randomInputs(seed: UInt64, folder: String) throws -> (policy: String, problem: String) {
    var rng = SeededGenerator(seed: seed)
    let policy = ParallelEnumerationTests.policy(&rng)
    let problem = RandomInstances.problem(inputs: policy.inputDimension, outputs: 2, using: &rng)
    let p = folder + "/policy-\(seed).json", q = folder + "/problem-\(seed).json"
    try policy.jsonText.write(toFile: p, atomically: true, encoding: .utf8)
    try problem.jsonText.write(toFile: q, atomically: true, encoding: .utf8)
    return (p, q)
  }

  @Test func verifyOutputDoesNotDependOnJobs() throws {
    let folder = try Self.temporaryFolder()
    var inputs = [Self.example("regression"), Self.example("two-agent-game")]
    for seed: UInt64 in [71, 72, 73] { inputs.append(try Self.randomInputs(seed: seed, folder: folder)) }
    for (p, q) in inputs {
      for global in ["exact", "off"] {
        let base = ["verify", "--policy", p, "--problem", q, "--gamma", "2", "--global", global, "--json"]
        let one = try runAAJR(base + ["--jobs", "1"])
        #expect(one.status == 0 || one.status == 1, "\(p): \(one.stderr)")
        for jobs in ["2", "3"] {
          let many = try runAAJR(base + ["--jobs", jobs])
          #expect(many.stdout == one.stdout && many.status == one.status, "\(p) --global \(global) --jobs \(jobs)")
        }
      }
    }
    // The bundled examples' statuses, pinned.
    let (p, q) = Self.example("regression")
    #expect(try runAAJR(["verify", "--policy", p, "--problem", q, "--json", "--jobs", "2"]).status == 0)
  }

  @Test func badJobsAndShardOptionsAreUsageErrors() throws {
    let (p, q) = Self.example("regression")
    let folder = try Self.temporaryFolder()
    let bad: [[String]] = [
      ["--jobs", "0"], ["--jobs", "two"], ["--jobs", "-1"],
      ["--shard", "3/3", "--out", folder + "/x.json"], ["--shard", "1", "--out", folder + "/x.json"],
      ["--shard", "0/0", "--out", folder + "/x.json"], ["--shard", "0/2"],
      ["--shard", "0/2", "--out", folder + "/x.json", "--global", "off"],
      ["--shard", "0/2", "--out", folder + "/x.json", "--max-regions", "5"],
      ["--shard", "0/2", "--out", folder + "/x.json", "--json"],
      ["--out", folder + "/x.json"],
    ]
    for extra in bad {
      let r = try runAAJR(["verify", "--policy", p, "--problem", q] + extra)
      #expect(r.status == 2 && r.stdout.isEmpty, "\(extra): \(r.status) \(r.stderr)")
      #expect(r.stderr.split(separator: "\n").count == 1, "one line: \(r.stderr)")
    }
    #expect(!FileManager.default.fileExists(atPath: folder + "/x.json"))
    #expect(try runAAJR(["theorems", "--shard", "0/2"]).status == 2)
    #expect(try runAAJR(["merge"]).status == 2)
  }

  @Test func mergedVerifyPartsEqualTheUnshardedRun() throws {
    let folder = try Self.temporaryFolder()
    var inputs = [Self.example("regression"), Self.example("two-agent-game")]
    for seed: UInt64 in [81, 82] { inputs.append(try Self.randomInputs(seed: seed, folder: folder)) }
    for (k, (p, q)) in inputs.enumerated() {
      for gamma in [["--gamma", "3/2"], []] {
        let full = try runAAJR(["verify", "--policy", p, "--problem", q, "--json"] + gamma)
        #expect(full.status == 0 || full.status == 1, "\(full.stderr)")
        for n in [1, 3] {
          var parts: [String] = []
          for i in 0..<n {
            let part = folder + "/v\(k)-\(n)-\(i).json"
            let r = try runAAJR(["verify", "--policy", p, "--problem", q, "--shard", "\(i)/\(n)", "--out", part, "--jobs", "2"] + gamma)
            #expect(r.status == 0 && r.stdout.isEmpty, "shard \(i)/\(n): \(r.stderr)")
            parts.append(part)
          }
          let merged = try runAAJR(["merge"] + parts.reversed())
          #expect(merged.stdout == full.stdout && merged.status == full.status, "\(p) \(gamma) in \(n) shards: \(merged.stderr)")
          let out = folder + "/merged-\(k)-\(n).json"
          let toFile = try runAAJR(["merge", "--out", out, "--jobs", "1"] + parts)
          #expect(toFile.stdout.isEmpty && toFile.status == full.status && (try? Self.read(out)) == full.stdout)
        }
      }
    }
  }

  @Test func mergeRefusesIncompleteOrMismatchedParts() throws {
    let folder = try Self.temporaryFolder()
    let (p, q) = Self.example("two-agent-game")
    let (p2, q2) = Self.example("regression")
    func shard(_ i: Int, _ n: Int, _ policy: String, _ problem: String, _ name: String) throws -> String {
      let out = folder + "/" + name
      let r = try runAAJR(["verify", "--policy", policy, "--problem", problem, "--shard", "\(i)/\(n)", "--out", out])
      #expect(r.status == 0, "\(r.stderr)")
      return out
    }
    let a0 = try shard(0, 2, p, q, "a0.json"), a1 = try shard(1, 2, p, q, "a1.json")
    let b1 = try shard(1, 2, p2, q2, "b1.json"), c0 = try shard(0, 3, p, q, "c0.json")
    let garbage = folder + "/garbage.json"
    try "{\"format\": \"aajr-verify/1\"}".write(toFile: garbage, atomically: true, encoding: .utf8)
    for parts in [[a0], [a0, a0], [a0, b1], [a0, c0], [a0, a1, c0], [garbage], [a0, folder + "/missing.json"]] {
      let r = try runAAJR(["merge"] + parts)
      #expect(r.status == 2 && r.stdout.isEmpty, "\(parts.map { ($0 as NSString).lastPathComponent }): \(r.stderr)")
      #expect(r.stderr.split(separator: "\n").count == 1, "\(r.stderr)")
    }
    #expect(try runAAJR(["merge", a1, a0]).status == 0)
  }

  @Test func mergedTheoremPartsEqualTheUnshardedRun() throws {
    let folder = try Self.temporaryFolder()
    let dir = Self.root.appendingPathComponent("theorems").path
    let report = folder + "/report/theorems.md"
    let full = try runAAJR(["theorems", "--dir", dir, "--cases", "2", "--seed", "5", "--report", report, "--json"])
    #expect(full.status == 0 || full.status == 1, "\(full.stderr)")
    #expect(full.stdout.hasPrefix("{"))
    for n in [2, 4, 13] {
      var parts: [String] = []
      for i in 0..<n {
        let part = folder + "/t-\(n)-\(i).json"
        let r = try runAAJR(["theorems", "--dir", dir, "--cases", "2", "--seed", "5", "--report", report,
                             "--shard", "\(i)/\(n)", "--out", part])
        #expect(r.status == 0 && r.stdout.isEmpty, "shard \(i)/\(n): \(r.stderr)")
        parts.append(part)
      }
      let merged = try runAAJR(["merge"] + parts.reversed())
      #expect(merged.stdout == full.stdout && merged.status == full.status, "\(n) shards: \(merged.stderr)")
    }
    // Parts of runs with other options do not mix.
    let other = folder + "/other.json"
    _ = try runAAJR(["theorems", "--dir", dir, "--cases", "3", "--seed", "5", "--report", report, "--shard", "1/2", "--out", other])
    let mixed = try runAAJR(["merge", folder + "/t-2-0.json", other])
    #expect(mixed.status == 2, "\(mixed.stderr)")
  }
}
