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

/// `aajr experiment`: a declared sweep of float training runs, each checkpoint verified
/// exactly, written as one table and a report with statistics over seeds.
struct ExperimentCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "experiment",
    abstract: "Run a declared sweep (aajr-sweep/1) of training runs, verify every checkpoint exactly, and write the table and reports/experiments.md.",
    discussion: """
      Writes OUT/experiments.md, OUT/experiments.csv (decimals), OUT/experiments.json (exact), \
      OUT/experiments-pareto-N.svg, and caches every finished run in OUT/experiments-runs/KEY.json: \
      an interrupted sweep resumes without redoing finished runs. Runs go in parallel on --jobs \
      threads; the outputs are byte-identical whatever the number. With --shard i/n only the \
      runs k with k mod n = i are done and OUT/experiments-part-i.json is written instead of the \
      report; `aajr merge` joins the parts. With --time-limit S no run starts after S seconds: \
      when runs are left, nothing but the finished runs' cache is written and the exit status is \
      3 (rerun the same command to continue). Progress goes to stderr: a bar on a terminal, else \
      a plain line at most every 10 seconds. Exit status 1 when a run diverges, 2 on a bad sweep file.
      """
  )

  @Option(help: "The sweep file (aajr-sweep/1 JSON).")
  var sweep: String

  @Option(help: "The output folder (created if missing).")
  var out = "reports"

  @OptionGroup var parallel: JobsOption

  @OptionGroup var limit: TimeLimitOption

  @Option(parsing: .unconditional,
          help: "Train and verify only part i of n (0 ≤ i < n): the runs whose position k in the sweep has k mod n = i; write OUT/experiments-part-i.json (aajr-partial/1) and the runs' cache, no report. `aajr merge OUT/experiments-part-*.json --out DIR` writes the unsharded command's files.")
  var shard: String?

  /// Every check of the options, before any file is read (exit status 2 with one line).
  func validate() throws {
    try parallel.check()
    try limit.check()
    _ = try shard.map { try Shard(parsing: $0) }
  }

  func run() throws {
    let text = try readText(sweep)
    let plan = try Sweep(reading: FieldReader.load(file: sweep, text: text))
    let threads = parallel.workers
    let shardPart = try shard.map { try Shard(parsing: $0) }
    let cacheDir = URL(fileURLWithPath: out).appendingPathComponent("experiments-runs")
    do {
      try FileManager.default.createDirectory(at: cacheDir, withIntermediateDirectories: true)
    } catch {
      throw InputError(file: out, field: "", message: "cannot create the output folder (\(error.localizedDescription))")
    }

    let points = plan.points
    var rows = [ExperimentRow?](repeating: nil, count: points.count)
    @Sendable func settings(_ p: Sweep.Point) -> ExperimentRow {
      let c = p.configuration
      return ExperimentRow.settings(task: c.task.name, regularizer: p.regularizerName, seed: c.seed, lambda: p.lambdaText,
                                    gamma: c.gammaText, epsilon: p.epsilonText, steps: p.steps, epochs: c.epochs,
                                    globalMode: p.globalMode)
    }
    // Cached runs whose settings match are reused.
    for (i, p) in points.enumerated() {
      let path = cacheDir.appendingPathComponent(p.key + ".json").path
      guard let data = FileManager.default.contents(atPath: path), let t = String(data: data, encoding: .utf8),
            let reader = try? FieldReader.load(file: path, text: t), let row = try? ExperimentRow(reading: reader) else { continue }
      let s = settings(p)
      if row.cell == s.cell && row.regularizer == s.regularizer && row.seed == s.seed && row.globalMode == s.globalMode {
        rows[i] = row
      }
    }
    // A shard's runs: position k mod n = i (all of them unsharded).
    let mine = points.indices.filter { k in shardPart.map { k % $0.count == $0.index } ?? true }
    let pending = mine.filter { rows[$0] == nil }
    let cached = mine.count - pending.count

    final class Shared: @unchecked Sendable {
      let lock = NSLock()
      var next = 0
      var done = 0
      var results: [Int: ExperimentRow] = [:]
      var failure: String?
      var cut = false
    }
    let shared = Shared()
    let progress = CountProgress(label: "experiment", noun: "runs trained and verified", total: pending.count)
    let deadline = limit.deadline()
    DispatchQueue.concurrentPerform(iterations: min(threads, max(1, pending.count))) { _ in
      while true {
        shared.lock.lock()
        if shared.next >= pending.count || shared.failure != nil { shared.lock.unlock(); return }
        // --time-limit: no run starts after it (runs under way finish and are cached).
        if let deadline, Date() >= deadline { shared.cut = true; shared.lock.unlock(); return }
        let i = pending[shared.next]
        shared.next += 1
        shared.lock.unlock()
        let p = points[i]
        let outcome: Result<ExperimentRow, Error> = Result {
          let run = try Trainer.train(p.configuration)
          let gamma = try Rational(parsing: p.configuration.gammaText)
          let row = try ExperimentRow.measure(policy: run.exactPolicy, problem: run.instance.evaluation, gamma: gamma,
                                          globalMode: p.globalMode == "exact" ? .exact : .bound, settings: settings(p))
          try Data(row.jsonText.utf8).write(to: cacheDir.appendingPathComponent(p.key + ".json"), options: .atomic)
          return row
        }
        shared.lock.lock()
        switch outcome {
        case .success(let row): shared.results[i] = row
        case .failure(let e): shared.failure = shared.failure ?? "run \(p.key): \(e)"
        }
        shared.done += 1
        let done = shared.done
        shared.lock.unlock()
        progress.update(done: done)
      }
    }
    progress.finish()
    if let failure = shared.failure {
      printError(failure)
      throw ExitCode(1)
    }
    if shared.cut {
      // No report or part from a subset of the runs: its statistics would look complete.
      let left = pending.count - shared.results.count
      printError("experiment: stopped by --time-limit with \(left) of \(mine.count) runs not done; the \(shared.results.count + cached) finished runs are cached in \(cacheDir.path), so the same command continues from there; no report written")
      throw ExitCode(3)
    }
    for (i, row) in shared.results { rows[i] = row }

    let dir = URL(fileURLWithPath: out)
    if let shardPart {
      let part = ExperimentPartial(shard: shardPart.index, shardCount: shardPart.count, runCount: points.count,
                                   sweepPath: sweep, sweepText: text,
                                   entries: mine.map { ExperimentPartial.Entry(index: $0, key: points[$0].key, row: rows[$0]!.jsonText) })
      let path = dir.appendingPathComponent("experiments-part-\(shardPart.index).json").path
      try writeTextAtomically(part.jsonText, to: path)
      print("experiment: shard \(shardPart.index)/\(shardPart.count): \(mine.count) of \(points.count) runs (\(pending.count) trained and verified, \(cached) from the cache) -> \(path)")
      return
    }
    let report = ExperimentReport(rows: rows.map { $0! }, command: experimentCommandLine(sweep: sweep), sweepText: text)
    try writeExperimentReport(report, to: dir)
    print("experiment: \(points.count) runs (\(pending.count) trained and verified, \(cached) from the cache) -> \(dir.appendingPathComponent("experiments.md").path)")
  }
}

/// The command line the experiment report quotes.
func experimentCommandLine(sweep: String) -> String { "aajr experiment --sweep \(sweep)" }

/// Writes the report's files into `dir`: one Pareto plot per cell, `experiments.csv`,
/// `experiments.json` and `experiments.md` (what `aajr experiment` and the merge of its parts write).
func writeExperimentReport(_ report: ExperimentReport, to dir: URL) throws {
  for (i, cell) in report.cells.enumerated() {
    try writeTextAtomically(report.paretoPlot(cell: cell), to: dir.appendingPathComponent(ExperimentReport.plotName(i)).path)
  }
  try writeTextAtomically(report.csv, to: dir.appendingPathComponent("experiments.csv").path)
  try writeTextAtomically(report.json, to: dir.appendingPathComponent("experiments.json").path)
  try writeTextAtomically(report.markdown, to: dir.appendingPathComponent("experiments.md").path)
}
