import Foundation
import Model
import Testing
import TestSupport

/// `--time-limit` on `theorems` and `experiment` (SPEC section 6, Budgets): exit status 3, what
/// was cut stated, nothing partial written; plain progress lines when stderr is not a terminal.
@Suite struct TimeLimitCommandTests {
  /// The checkout's root (this file is Tests/VerifyTests/…).
  static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().path

  static func temporaryFolder(_ name: String) throws -> URL {
    let base = FileManager.default.temporaryDirectory.appendingPathComponent("aajr-\(name)-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: base, withIntermediateDirectories: true)
    return base
  }

  @Test func theoremsStopAtTheTimeLimitWithStatus3() throws {
    let base = try Self.temporaryFolder("theorems-limit")
    defer { try? FileManager.default.removeItem(at: base) }
    let report = base.appendingPathComponent("r/theorems.md").path
    let r = try runAAJR(["theorems", "--dir", Self.repositoryRoot + "/theorems", "--cases", "100000",
                         "--time-limit", "1/1000", "--jobs", "1", "--report", report])
    #expect(r.status == 3, "\(r.stderr)")
    #expect(r.stdout.contains("(stopped by the time budget)"))
    let markdown = try String(contentsOfFile: report, encoding: .utf8)
    #expect(markdown.contains("budget: incomplete**"), "the report states what was cut")
    // stderr is a pipe here: plain progress lines, the last one for all files.
    let files = try FileManager.default.contentsOfDirectory(atPath: Self.repositoryRoot + "/theorems")
      .filter { $0.hasSuffix(".md") && $0 != "README.md" }.count
    #expect(r.stderr.contains("aajr: theorems: \(files)/\(files) files after"), "\(r.stderr)")
  }

  @Test func experimentStopsAtTheTimeLimitWithoutAReport() throws {
    let base = try Self.temporaryFolder("experiment-limit")
    defer { try? FileManager.default.removeItem(at: base) }
    let sweepPath = base.appendingPathComponent("sweep.json").path
    try Data(ExperimentShardTests.sweep.utf8).write(to: URL(fileURLWithPath: sweepPath))
    let out = base.appendingPathComponent("out")
    let r = try runAAJR(["experiment", "--sweep", sweepPath, "--out", out.path, "--jobs", "1", "--time-limit", "1/1000"])
    #expect(r.status == 3, "\(r.stderr)")
    #expect(r.stderr.contains("stopped by --time-limit") && r.stderr.contains("no report written"), "\(r.stderr)")
    #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("experiments.md").path))
    // The same command without the limit continues from the cache and writes the report.
    let again = try runAAJR(["experiment", "--sweep", sweepPath, "--out", out.path, "--jobs", "1"])
    #expect(again.status == 0, "\(again.stderr)")
    #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("experiments.md").path))
  }

  @Test func badTimeLimitsExit2() throws {
    for value in ["0", "-1", "abc", "1e10"] {
      let t = try runAAJR(["theorems", "--time-limit", value])
      #expect(t.status == 2 && t.stderr.contains("--time-limit"), "theorems \(value): \(t.stderr)")
      let e = try runAAJR(["experiment", "--sweep", "none.json", "--time-limit", value])
      #expect(e.status == 2 && e.stderr.contains("--time-limit"), "experiment \(value): \(e.stderr)")
    }
  }

  /// `pathFolder` against the cases `NSString.deletingLastPathComponent` gets right on longer
  /// paths (it traps on one-character ones, which `aajr … --report r/x.md` reached).
  @Test func pathFolderCases() {
    let cases: [(String, String)] = [("r", "."), ("r/t.md", "r"), ("ab/t.md", "ab"), ("/r", "/"), ("/", "/"),
                                     ("x/r/t.md", "x/r"), ("a/b/", "a"), ("a//b", "a"), ("./x", "."), ("t.md", ".")]
    for (path, folder) in cases { #expect(pathFolder(path) == folder, "\(path)") }
  }
}
