import Bounds
import Formats
import Foundation
import LinearAlgebra
import Model
import Rational
import TestSupport
import Testing
import Training

/// End-to-end: `aajr train` through the built binary (beside the test executable).
@Suite struct TrainCommandTests {



  static func temporaryDirectory() -> String {
    FileManager.default.temporaryDirectory.appendingPathComponent("aajr-train-tests-\(getpid())-\(UUID().uuidString)").path
  }

  @Test func writesPolicyProblemAndLog() throws {
    try #require(FileManager.default.isExecutableFile(atPath: aajrExecutable.path), "aajr binary at \(aajrExecutable.path)")
    let dir = Self.temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let r = try runAAJR(["train", "--task", "game", "--reg", "aajr", "--epochs", "2", "--seed", "4", "--out", dir])
    #expect(r.status == 0, "stderr: \(r.stderr)")
    #expect(r.stderr.isEmpty, "no progress on a non-terminal stderr")
    let policyText = try String(contentsOfFile: dir + "/policy.json", encoding: .utf8)
    let policy = try Policy(file: "policy.json", text: policyText)
    let problem = try Problem(file: "problem.json", text: String(contentsOfFile: dir + "/problem.json", encoding: .utf8),
                              policy: policy)
    #expect(problem.attack.steps == 5)
    let log = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: dir + "/log.json"))) as? [String: Any]
    #expect(log?["format"] as? String == "aajr-train-log/1")
    let entries = log?["log"] as? [[String: Any]] ?? []
    #expect(entries.count == 2)
    #expect(entries.allSatisfy { $0["nominal_loss"] is Double && $0["robust_loss"] is Double && $0["penalty"] is Double })
    // The same seed writes the same policy file.
    let dir2 = Self.temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: dir2) }
    _ = try runAAJR(["train", "--task", "game", "--reg", "aajr", "--epochs", "2", "--seed", "4", "--out", dir2])
    #expect(try String(contentsOfFile: dir2 + "/policy.json", encoding: .utf8) == policyText)
  }

  @Test(arguments: [
    ["train", "--reg", "bogus", "--out", "x"],
    ["train", "--out", "x"],
    ["train", "--reg", "none"],
    ["train", "--reg", "none", "--out", "x", "--task", "nope"],
    ["train", "--reg", "none", "--out", "x", "--gamma=-1"],
    ["train", "--reg", "none", "--out", "x", "--lambda", "abc"],
    ["train", "--reg", "none", "--out", "x", "--epochs", "0"],
  ])
  func badArgumentsExitTwoWithOneLine(_ args: [String]) throws {
    try #require(FileManager.default.isExecutableFile(atPath: aajrExecutable.path))
    let r = try runAAJR(args)
    #expect(r.status == 2, "\(args)")
    #expect(r.stdout.isEmpty)
    #expect(r.stderr.split(separator: "\n").count == 1, "\(args): \(r.stderr)")
    #expect(!FileManager.default.fileExists(atPath: "x"))
  }

  @Test func listsTasks() throws {
    try #require(FileManager.default.isExecutableFile(atPath: aajrExecutable.path))
    let r = try runAAJR(["train", "--list-tasks"])
    #expect(r.status == 0)
    #expect(r.stdout.contains("teacher (default)"))
    #expect(r.stdout.contains("game"))
    #expect(r.stdout.contains("embedding: policy head over fixed text embeddings"))
  }
}
