import ArgumentParser
import Bounds
import ClaimLanguage
import CrossCheck
import Experiments
import Formats
import Foundation
import LinearAlgebra
import Model
import ONNXFormat
import Rational
import Reports
import Theorems
import Training
import Verification

/// `aajr theorems`: checks every theorem file and writes the report.
struct TheoremsCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "theorems",
    abstract: "Check the claims in the theorem files on their instance families and write the report.",
    discussion: """
      Every file runs its random instances (`cases`, at most 1000000; streamed, so memory \
      stays bounded), its structured instances and every instance of the exhaustive scopes \
      that fit its family; the instance counts are fixed, so a verdict depends only on the seed. \
      With --shard i/n only the files whose position k (sorted by name) has k mod n = i are \
      checked; their part goes to --out (with the counterexamples of those files), no report. \
      Exit status: 0 when every file's verdict is its `expect`, 1 when one differs, 2 on a \
      malformed file (naming the file, the line and the problem), 3 when the time budget \
      (--budget per file, or --time-limit for the whole command) stopped some file's check (the \
      report says which; its verdict is then incomplete; 3 takes precedence over 1). Progress \
      goes to stderr: a bar on a terminal, else a plain line at most every 10 seconds.
      """
  )

  @Option(help: "The folder of theorem files (*.md; README.md is skipped).")
  var dir = "theorems"

  @Option(help: "The Markdown report to write; counterexamples go to its folder's counterexamples/.")
  var report = "reports/theorems.md"

  @Option(parsing: .unconditional, help: "Instances per theorem (overrides each file's `cases`).")
  var cases: Int?

  @Option(parsing: .unconditional, help: "Seed (overrides each file's `seed`).")
  var seed: UInt64?

  @Option(help: "Safety time budget per theorem file, in seconds (reaching it is reported, exit status 3).")
  var budget: Double = TheoremChecker.defaultBudget

  @Flag(help: "Print one aajr-theorems/1 JSON object.")
  var json = false

  @OptionGroup var sharding: ShardOptions

  @OptionGroup var parallel: JobsOption

  @OptionGroup var limit: TimeLimitOption

  /// Every check of the options, before any file is read (exit status 2 with one line).
  func validate() throws {
    if let c = cases, c < 1 {
      throw InputError(file: "command line", field: "--cases", message: "must be at least 1, found \(c)")
    }
    try sharding.check(json: json)
    try parallel.check()
    try limit.check()
    if let c = cases, c > TheoremChecker.maximumCases {
      throw InputError(file: "command line", field: "--cases", message: "must be at most \(TheoremChecker.maximumCases), found \(c)")
    }
    guard budget > 0, budget.isFinite else {
      throw InputError(file: "command line", field: "--budget", message: "must be a positive number of seconds")
    }
  }

  func run() async throws {
    let shardPart = sharding.part
    let workers = parallel.workers
    let outTarget = try sharding.out.map { try OutputTarget($0, option: "--out") }
    let reportTarget = try OutputTarget(report, option: "--report", folderCreatable: true)
    let allFiles = try loadTheoremFiles(dir)
    let indices = allFiles.indices.filter { k in shardPart.map { k % $0.count == $0.index } ?? true }
    let files = indices.map { allFiles[$0] }
    if let input = files.first(where: { sameFile($0.path, report) }) {
      throw InputError(file: report, field: "--report", message: "is also an input of this command (\(InputError.quote(input.path))); choose another output")
    }
    var results: [TheoremResult] = []
    // --time-limit: each file gets what is left of it (at most --budget); a file reached after
    // the limit still runs its first window of instances and is reported as stopped by the budget.
    let deadline = limit.deadline()
    let progress = CountProgress(label: "theorems", noun: "files", total: files.count)
    for file in files {
      let left = deadline.map { max(0.001, $0.timeIntervalSinceNow) }
      results.append(await TheoremChecker.check(file, cases: cases, seed: seed, budget: min(budget, left ?? budget), jobs: workers))
      progress.update(done: results.count)
    }
    progress.finish()
    let counterexampleBase = folderOf(report) + "/counterexamples"
    let run = TheoremRun(results: results, counterexampleBase: counterexampleBase)
    // Every file is checked and staged before any reaches its place (and stdout is written
    // in between), so a failure leaves the previous report and counterexamples untouched.
    var outputs: [(text: String, target: OutputTarget, option: String)] = []
    for (path, text) in run.counterexampleFiles {
      guard path.hasPrefix(counterexampleBase + "/"), !path.dropFirst(counterexampleBase.count + 1).split(separator: "/").contains(where: { $0 == "." || $0 == ".." }) else {
        throw InputError(file: path, field: "", message: "a counterexample path leaves the counterexamples folder")
      }
      try makeFolders(folderOf(path), option: "--report")
      outputs.append((text, try OutputTarget(path, option: "--report"), "--report"))
    }
    if let shardPart, let outTarget {
      let options = [("cases", cases.map(String.init) ?? "per file"), ("seed", seed.map(String.init) ?? "per file"),
                     ("counterexamples", counterexampleBase)]
      let part = TheoremPartial(shard: shardPart.index, shardCount: shardPart.count, fileCount: allFiles.count,
                                options: options.map { (key: $0.0, value: $0.1) }, run: run, indices: indices)
      outputs.append((part.jsonText, outTarget, "--out"))
      try emit(standardOutput: "", files: outputs)
      return
    }
    try makeFolders(folderOf(report), option: "--report")
    outputs.append((run.markdown, reportTarget, "--report"))
    var out = ""
    if json {
      out = run.jsonText
    } else {
      for r in results {
        let flag = r.matchesExpectation ? "" : "   <- expected \(r.file.expect.rawValue)"
        let cut = r.evidence.stoppedByBudget ? "   (stopped by the time budget)" : ""
        out += "\(r.file.id): \(r.status.rawValue) on \(r.instances) instances\(flag)\(cut)\n"
      }
      out += "report: \(report)\n"
    }
    try emit(standardOutput: out, files: outputs)
    // A check cut by the budget is incomplete whatever its verdict: that comes first.
    if results.contains(where: { $0.evidence.stoppedByBudget }) { throw ExitCode(3) }
    if !run.allMatchExpectations { throw ExitCode(1) }
  }
}

/// Loads and parses every theorem file of `dir`, sorted by name.
func loadTheoremFiles(_ dir: String) throws -> [TheoremFile] {
  guard let names = try? FileManager.default.contentsOfDirectory(atPath: dir) else {
    var st = stat()
    let why: String
    if stat(dir, &st) != 0 {
      why = errno == ENOENT ? "no such folder" : errnoWords(errno)
    } else if (st.st_mode & S_IFMT) != S_IFDIR {
      why = "is not a folder"
    } else {
      why = access(dir, R_OK | X_OK) != 0 ? "permission denied" : "cannot list the folder"
    }
    throw InputError(file: dir, field: "--dir", message: "cannot read the theorem folder: \(why)")
  }
  let families = Set(InstanceFamily.allCases.map(\.rawValue))
  var files: [TheoremFile] = []
  for name in names.sorted() where name.hasSuffix(".md") && name != "README.md" {
    let path = dir + "/" + name
    do {
      let file = try TheoremFile.parse(path: path, text: readText(path),
                                       quantities: TheoremQuantities.allNames,
                                       booleanQuantities: TheoremQuantities.booleanNames,
                                       knownFamilies: families)
      if let bad = file.parameters.keys.sorted().first(where: { !FamilyParameters.known.contains($0) }) {
        throw TheoremFileError(file: path, line: file.parameterLines[bad] ?? 1, message: "unknown family parameter '\(bad)'")
      }
      if let problem = theoremIdProblem(file.id) {
        throw TheoremFileError(file: path, line: 1, message: "id \(InputError.quote(file.id)) \(problem)")
      }
      for name in file.parameters.keys.sorted() {
        if let problem = FamilyParameters.problem(with: name, value: file.parameters[name]!) {
          throw TheoremFileError(file: path, line: file.parameterLines[name] ?? 1, message: "parameter '\(name)': \(problem)")
        }
      }

      if files.contains(where: { $0.id == file.id }) {
        throw TheoremFileError(file: path, line: 1, message: "duplicate id '\(file.id)'")
      }
      files.append(file)
    } catch let e as TheoremFileError {
      throw InputError(file: e.file, field: "line \(e.line)", message: e.message)
    }
  }
  return files
}

/// Why a theorem id cannot name its counterexample folder, or nil when it can: 1 to 64
/// characters from letters, digits, `-`, `_` and `.`, not starting with `.` (so never `.` or
/// `..`, and never a hidden or nested path).
func theoremIdProblem(_ id: String) -> String? {
  guard !id.isEmpty, id.count <= 64 else { return "must have 1 to 64 characters" }
  guard id.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || "-_.".unicodeScalars.contains($0) }) else {
    return "may only hold letters, digits, '-', '_' and '.'"
  }
  guard !id.hasPrefix(".") else { return "must not start with '.'" }
  return nil
}

/// Whether two paths name the same existing file.
func sameFile(_ a: String, _ b: String) -> Bool {
  var x = stat(), y = stat()
  return stat(a, &x) == 0 && stat(b, &y) == 0 && x.st_dev == y.st_dev && x.st_ino == y.st_ino
}
