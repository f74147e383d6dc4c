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

/// `aajr merge PARTS…`: joins the aajr-partial/1 files of a sharded run into the output the
/// unsharded command gives with `--json`, byte for byte, with its exit status.
struct MergeCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "merge",
    abstract: "Join the partial results of `verify --shard`, `theorems --shard` or `experiment --shard` into the unsharded output.",
    discussion: """
      Every part must come from the same command, inputs and options, and every shard 0..n-1 \
      must be given exactly once. For verify and theorems the result is the unsharded --json \
      output (standard output, or the file --out); for experiment, --out DIR is required: the \
      folder (created if missing) that receives exactly the files `aajr experiment --out DIR` \
      writes (experiments.md, .csv, .json, the Pareto plots and the run cache). Exit status: \
      that of the unsharded command (0 every check holds, 1 one fails), 2 on bad, missing or \
      mismatched parts.
      """
  )

  @Argument(help: "The partial result files (aajr-partial/1), in any order.")
  var parts: [String] = []

  @Option(help: "Write the merged JSON to this file instead of the standard output (experiment parts: the output folder, required).")
  var out: String?

  @OptionGroup var parallel: JobsOption

  /// Every check of the options, before any file is read (exit status 2 with one line).
  func validate() throws {
    try parallel.check()
    guard !parts.isEmpty else {
      throw InputError(file: "command line", field: "PARTS", message: "give the partial result files to merge")
    }
  }

  func run() throws {
    let workers = parallel.workers
    var readers: [(path: String, reader: FieldReader, shard: Int, count: Int)] = []
    var command: String?
    for path in parts {
      let f = try FieldReader.load(file: path, text: readText(path))
      let format = try f.field("format").string()
      guard format == "aajr-partial/1" else {
        throw f.fail("format is \(InputError.quote(format)), expected \"aajr-partial/1\"")
      }
      let c = try f.field("command")
      let name = try c.string()
      guard name == "verify" || name == "theorems" || name == "experiment" else {
        throw c.fail("unknown command \(InputError.quote(name)) (expected verify, theorems or experiment)")
      }
      if let command, command != name {
        throw c.fail("is \(InputError.quote(name)) but \(InputError.quote(parts[0])) is \(InputError.quote(command))")
      }
      command = name
      let n = try f.field("shards").integer(atLeast: 1)
      let i = try f.field("shard").integer()
      guard i < n else { throw try f.field("shard").fail("must be below shards (\(n)), found \(i)") }
      readers.append((path, f, i, n))
    }
    let n = readers[0].count
    for r in readers where r.count != n {
      throw try r.reader.field("shards").fail("is \(r.count) but \(InputError.quote(readers[0].path)) has \(n)")
    }
    var seen: [Int: String] = [:]
    for r in readers {
      if let other = seen[r.shard] {
        throw try r.reader.field("shard").fail("shard \(r.shard) is given twice (also \(InputError.quote(other)))")
      }
      seen[r.shard] = r.path
    }
    if let missing = (0..<n).first(where: { seen[$0] == nil }) {
      throw InputError(file: "command line", field: "PARTS", message: "shard \(missing) of \(n) is missing")
    }
    readers.sort { $0.shard < $1.shard }
    if command == "experiment" {
      guard let out else {
        throw InputError(file: "command line", field: "--out", message: "experiment parts need --out DIR, the folder of the merged files")
      }
      try mergeExperiment(readers.map { ($0.path, try ExperimentPartial(reader: $0.reader, shard: $0.shard, shardCount: n)) }, folder: out)
      return
    }
    let target = try out.map { try OutputTarget($0, option: "--out", inputs: parts) }
    let text: String
    let allHold: Bool
    if command == "verify" {
      (text, allHold) = try mergeVerify(readers.map { ($0.path, try VerifyPartial(reader: $0.reader, shard: $0.shard, shardCount: n)) },
                                        jobs: workers)
    } else {
      (text, allHold) = try mergeTheorems(readers.map { ($0.path, try TheoremPartial(reader: $0.reader, shard: $0.shard, shardCount: n)) })
    }
    if let target {
      try emit(standardOutput: "", files: [(text, target, "--out")])
    } else {
      try emit(standardOutput: text)
    }
    if !allHold { throw ExitCode(1) }
  }

  /// The parts of `verify --shard`: same inputs, every subtree of the frontier once.
  func mergeVerify(_ parts: [(path: String, part: VerifyPartial)], jobs: Int) throws -> (String, Bool) {
    let first = parts[0]
    for (path, p) in parts.dropFirst() {
      let same = p.policyText == first.part.policyText && p.problemText == first.part.problemText
        && p.gammaText == first.part.gammaText && p.gammaSquaredText == first.part.gammaSquaredText
      guard same else {
        throw InputError(file: path, field: "inputs", message: "differs from \(InputError.quote(first.path)) (another policy, problem or γ)")
      }
      guard p.frontierCount == first.part.frontierCount else {
        throw InputError(file: path, field: "frontier", message: "is \(p.frontierCount) but \(InputError.quote(first.path)) has \(first.part.frontierCount)")
      }
    }
    _ = try dealtItems(parts.map { ($0.path, $0.part.shard, $0.part.shardCount, $0.part.pieces.map { ($0.index, ()) }) },
                       count: first.part.frontierCount, field: "pieces", noun: "subtree", missingNoun: "subtree")
    let policyFile = first.path + " (inputs.policy)", problemFile = first.path + " (inputs.problem)"
    let policy = try Policy(file: policyFile, text: first.part.policyText)
    let problem = try Problem(file: problemFile, text: first.part.problemText, policy: policy)
    try ArithmeticBudget.check(policy: policy, problem: problem, file: problemFile)
    let gamma = try first.part.gammaText.map { try Rational(parsing: $0) }
    let g2 = try first.part.gammaSquaredText.map { try Rational(parsing: $0) }
    var summary = RegionGainSummary(for: policy)
    for part in parts.map(\.part).sorted(by: { $0.shard < $1.shard }) {
      guard (part.summary.patterns != nil) == (summary.patterns != nil) else {
        throw InputError(file: parts.first { $0.part.shard == part.shard }!.path, field: "regions.patterns",
                         message: summary.patterns != nil ? "is missing (the policy's patterns can repeat)" : "must be null (the policy's patterns cannot repeat)")
      }
      summary.merge(part.summary)
    }
    let leaves = parts.flatMap(\.part.pieces).reduce(0) { $0 + $1.leaves }
    let v = PolicyVerification(policy: policy, problem: problem, gamma: gamma, gammaSquared: g2,
                               regions: RegionStream(summary: summary, leaves: leaves, stopReason: nil), jobs: jobs)
    return (v.jsonText, v.allChecksHold)
  }

  /// The parts of `theorems --shard`: same options, every file once.
  func mergeTheorems(_ parts: [(path: String, part: TheoremPartial)]) throws -> (String, Bool) {
    let first = parts[0]
    for (path, p) in parts.dropFirst() {
      guard p.fileCount == first.part.fileCount,
            p.options.map(\.key) == first.part.options.map(\.key), p.options.map(\.value) == first.part.options.map(\.value) else {
        throw InputError(file: path, field: "options", message: "differs from \(InputError.quote(first.path)) (another folder, --cases, --seed or --report)")
      }
    }
    let ordered = try dealtItems(parts.map { ($0.path, $0.part.shard, $0.part.shardCount, $0.part.entries.map { ($0.index, $0) }) },
                                 count: first.part.fileCount, field: "theorems", noun: "file", missingNoun: "theorem file")
    return (TheoremRun.jsonText(entries: ordered.map(\.json)), ordered.allSatisfy(\.matchesExpectation))
  }

  /// The parts of `experiment --shard`: same sweep, every run once. Writes into `folder` what
  /// the unsharded `aajr experiment --sweep S --out folder` writes: the report's files and the
  /// run cache (so a later unsharded run there reuses every run).
  func mergeExperiment(_ parts: [(path: String, part: ExperimentPartial)], folder: String) throws {
    let first = parts[0]
    for (path, p) in parts.dropFirst() {
      guard p.sweepText == first.part.sweepText, p.sweepPath == first.part.sweepPath, p.runCount == first.part.runCount else {
        throw InputError(file: path, field: "sweep", message: "differs from \(InputError.quote(first.path)) (another sweep file or path)")
      }
    }
    let sweepFile = first.path + " (sweep_text)"
    let plan = try Sweep(reading: FieldReader.load(file: sweepFile, text: first.part.sweepText))
    guard plan.points.count == first.part.runCount else {
      throw InputError(file: first.path, field: "runs", message: "is \(first.part.runCount) but the sweep has \(plan.points.count) runs")
    }
    let ordered = try dealtItems(parts.map { part in (part.path, part.part.shard, part.part.shardCount,
                                                       part.part.entries.map { ($0.index, (path: part.path, entry: $0)) }) },
                                 count: plan.points.count, field: "rows", noun: "run", missingNoun: "run")
    var rows: [ExperimentRow] = []
    for (k, item) in ordered.enumerated() {
      guard item.entry.key == plan.points[k].key else {
        throw InputError(file: item.path, field: "rows", message: "run \(k) is \(InputError.quote(item.entry.key)), the sweep's is \(InputError.quote(plan.points[k].key))")
      }
      rows.append(try ExperimentRow(reading: FieldReader.load(file: item.path + " (run \(k))", text: item.entry.row)))
    }
    try makeFolders(folder, option: "--out")
    let dir = URL(fileURLWithPath: folder)
    let cacheDir = dir.appendingPathComponent("experiments-runs")
    try makeFolders(cacheDir.path, option: "--out")
    for (k, item) in ordered.enumerated() {
      try writeTextAtomically(item.entry.row, to: cacheDir.appendingPathComponent(plan.points[k].key + ".json").path)
    }
    let report = ExperimentReport(rows: rows, command: experimentCommandLine(sweep: first.part.sweepPath), sweepText: first.part.sweepText)
    try writeExperimentReport(report, to: dir)
    print("merge: \(rows.count) runs from \(parts.count) parts -> \(dir.appendingPathComponent("experiments.md").path)")
  }

  /// The items of every part in index order, checking that items 0..<count were dealt as
  /// `--shard` deals them (item k to shard k mod n), each exactly once.
  func dealtItems<Item>(
    _ parts: [(path: String, shard: Int, shardCount: Int, items: [(index: Int, item: Item)])],
    count: Int, field: String, noun: String, missingNoun: String
  ) throws -> [Item] {
    var found: [Int: Item] = [:]
    for part in parts {
      for (index, item) in part.items {
        guard index < count, index % part.shardCount == part.shard, found[index] == nil else {
          throw InputError(file: part.path, field: field,
                           message: "\(noun) \(index) does not belong to shard \(part.shard) of \(part.shardCount) or is repeated")
        }
        found[index] = item
      }
    }
    if let missing = (0..<count).first(where: { found[$0] == nil }) {
      throw InputError(file: parts[missing % parts.count].path, field: field, message: "\(missingNoun) \(missing) is missing")
    }
    return (0..<count).map { found[$0]! }
  }
}
