import Foundation
import TestSupport
import Testing

/// `aajr experiment --shard i/n` and `aajr merge`: the parts of a tiny sweep, merged, are the
/// unsharded command's files byte for byte (report, table, plots and run cache); missing or
/// repeated parts and a merge without --out are exit 2.
@Suite struct ExperimentShardTests {
  static let sweep = """
    { "format": "aajr-sweep/1", "tasks": ["teacher"], "regularizers": ["none", "aajr"],
      "seeds": [3, 4], "epochs": 2 }
    """

  /// Every file the experiment writes in `dir` (the run cache under `experiments-runs/`), by relative path.
  static func files(_ dir: URL) throws -> [String: String] {
    var out: [String: String] = [:]
    for name in try FileManager.default.contentsOfDirectory(atPath: dir.path) where name.hasPrefix("experiments") && name.contains(".") {
      guard !name.hasPrefix("experiments-part-") else { continue }
      out[name] = try String(contentsOf: dir.appendingPathComponent(name), encoding: .utf8)
    }
    let cache = dir.appendingPathComponent("experiments-runs")
    for name in try FileManager.default.contentsOfDirectory(atPath: cache.path) {
      out["experiments-runs/" + name] = try String(contentsOf: cache.appendingPathComponent(name), encoding: .utf8)
    }
    return out
  }

  @Test func shardedAndMergedEqualsUnsharded() throws {
    let base = FileManager.default.temporaryDirectory.appendingPathComponent("aajr-experiment-shard-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: base, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: base) }
    let sweepPath = base.appendingPathComponent("sweep.json").path
    try Data(Self.sweep.utf8).write(to: URL(fileURLWithPath: sweepPath))
    let whole = base.appendingPathComponent("whole"), parts = base.appendingPathComponent("parts")
    let merged = base.appendingPathComponent("merged")
    let one = try runAAJR(["experiment", "--sweep", sweepPath, "--out", whole.path, "--jobs", "1"])
    #expect(one.status == 0, "\(one.stderr)")
    // Three shards of four runs (0 and 3 / 1 / 2), sharing one output folder as array tasks would.
    for i in 0..<3 {
      let r = try runAAJR(["experiment", "--sweep", sweepPath, "--out", parts.path, "--shard", "\(i)/3", "--jobs", "1"])
      #expect(r.status == 0, "shard \(i): \(r.stderr)")
      #expect(r.stdout.contains("shard \(i)/3: \(i == 0 ? 2 : 1) of 4 runs"), "\(r.stdout)")
    }
    #expect(!FileManager.default.fileExists(atPath: parts.appendingPathComponent("experiments.md").path), "a shard writes no report")
    let partFiles = (0..<3).map { parts.appendingPathComponent("experiments-part-\($0).json").path }
    let m = try runAAJR(["merge", partFiles[2], partFiles[0], partFiles[1], "--out", merged.path])
    #expect(m.status == 0, "\(m.stderr)")
    let expected = try Self.files(whole), got = try Self.files(merged)
    #expect(Set(got.keys) == Set(expected.keys))
    for (name, text) in expected { #expect(got[name] == text, "\(name) differs between the merged and the unsharded run") }
    #expect(expected.keys.contains("experiments.md") && expected.keys.filter { $0.hasPrefix("experiments-runs/") }.count == 4)

    // Refusals: a missing part, a repeated part, no --out.
    let missing = try runAAJR(["merge", partFiles[0], partFiles[1], "--out", base.appendingPathComponent("x").path])
    #expect(missing.status == 2 && missing.stderr.contains("shard 2 of 3 is missing"), "\(missing.stderr)")
    let twice = try runAAJR(["merge", partFiles[0], partFiles[0], partFiles[1], "--out", base.appendingPathComponent("y").path])
    #expect(twice.status == 2, "\(twice.stderr)")
    let noOut = try runAAJR(["merge"] + partFiles)
    #expect(noOut.status == 2 && noOut.stderr.contains("--out"), "\(noOut.stderr)")
    #expect(!FileManager.default.fileExists(atPath: base.appendingPathComponent("x").path), "nothing written on a refusal")
  }
}
