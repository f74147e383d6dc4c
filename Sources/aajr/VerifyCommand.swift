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

extension GlobalMode: ExpressibleByArgument {}
extension RiskMode: ExpressibleByArgument {}

/// `aajr verify`: every exact answer about one policy on one attack problem.
struct VerifyCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "verify",
    abstract: "Decide class membership, the certified step size and the exact trajectories of one policy.",
    discussion: """
      Exit status: 0 when every requested check holds (the step size is certified and, \
      with --gamma, the policy lies in F_ad(γ) and in F_γ), 1 when one fails, 2 on bad input, \
      3 when --time-limit or --max-regions cut the run (the output then says what was cut).
      """
  )

  @OptionGroup var inputs: PolicyProblemOptions

  @Option(parsing: .unconditional, help: "Decide membership in F_γ and F_ad(γ) for this γ (an exact rational, e.g. 3/2).")
  var gamma: String?

  @Option(name: .customLong("gamma-sq"), parsing: .unconditional, help: "Decide membership for this γ² instead (for γ irrational).")
  var gammaSquared: String?

  @Option(help: "Global bound: exact region enumeration, a cheap sound upper bound, or off.")
  var global: GlobalMode = .exact

  @Option(name: .customLong("conv-lps"), help: """
    With --global exact: the most exact cell LPs spent on γ_conv² (every derivative pattern the \
    kink conventions produce on the closed X); beyond it γ_conv² is reported as not computed.
    """)
  var convLPs: Int = PolicyVerification.defaultConventionLPs

  @Option(help: "Robust risk: the exact inner maximum per sample (exact, default) or off (robust_exact null).")
  var risk: RiskMode = .exact

  @Flag(help: "Print one aajr-verify/1 JSON object.")
  var json = false

  @Option(help: "Also write a Markdown report of this policy to this file.")
  var report: String?

  @Option(name: .customLong("time-limit"), parsing: .unconditional,
          help: "Stop exact region enumeration after this many seconds (exit status 3; γ_G² is then a sound interval).")
  var timeLimit: String?

  @Option(name: .customLong("max-regions"), parsing: .unconditional,
          help: "Stop exact region enumeration beyond this many regions (exit status 3; γ_G² is then a sound interval).")
  var maxRegions: String?

  @Option(parsing: .unconditional, help: "Workers (threads) for the exact work; default: all cores. Results do not depend on it.")
  var jobs: String?

  @Option(parsing: .unconditional,
          help: "With --global exact: compute only part i of n (0 ≤ i < n) of the region enumeration and write it to --out as an aajr-partial/1 file; `aajr merge` joins the parts.")
  var shard: String?

  @Option(help: "The partial result file of --shard (aajr-partial/1).")
  var out: String?

  func run() throws {
    guard convLPs >= 0 else {
      throw InputError(file: "command line", field: "--conv-lps", message: "must be non-negative, found \(convLPs)")
    }
    let workers = try parseJobs(jobs)
    if let shard { return try runShard(try Shard(parsing: shard), jobs: workers) }
    if out != nil {
      throw InputError(file: "command line", field: "--out", message: "only with --shard (the standard output is the result otherwise)")
    }
    let (gammaValue, g2) = try parsedGammas()
    let budget = try parseBudget(timeLimit: timeLimit, maxRegions: maxRegions)
    let reportTarget = try report.map { try OutputTarget($0, option: "--report", inputs: inputs.paths) }
    let (pol, prob) = try inputs.load()
    if global == .exact, let why = GlobalBound.exactEnumerationProblem(for: pol) {
      throw InputError(file: inputs.policy, field: "", message: why)
    }
    let progress = global == .exact ? EnumerationProgress(label: "regions", timeLimit: budget?.seconds) : nil
    let result = PolicyVerification(policy: pol, problem: prob, gamma: gammaValue, gammaSquared: g2, globalMode: global,
                                    riskMode: risk, budget: budget?.budget, jobs: workers, conventions: global == .exact,
                                    conventionLPs: convLPs, progress: progress.map { p in { p.update($0) } })
    progress?.finish()
    var files: [(text: String, target: OutputTarget, option: String)] = []
    if let reportTarget {
      files.append((result.markdownReport(policyPath: inputs.policy, problemPath: inputs.problem), reportTarget, "--report"))
    }
    try emit(standardOutput: json ? result.jsonText : result.summary + "\n", files: files)
    if result.budgetReached { throw ExitCode(3) }
    if !result.allChecksHold { throw ExitCode(1) }
  }
}

extension VerifyCommand {
  /// `--gamma` and `--gamma-sq`, each non-negative, at most one of them.
  func parsedGammas() throws -> (gamma: Rational?, gammaSquared: Rational?) {
    let gammaValue = try gamma.map { try parseOption($0, name: "--gamma") }
    if let g = gammaValue, g.signum < 0 {
      throw InputError(file: "command line", field: "--gamma", message: "γ must be non-negative, found \(g)")
    }
    let g2 = try gammaSquared.map { try parseOption($0, name: "--gamma-sq") }
    if gammaValue != nil && g2 != nil {
      throw InputError(file: "command line", field: "--gamma-sq", message: "give --gamma or --gamma-sq, not both")
    }
    if let g2, g2.signum < 0 {
      throw InputError(file: "command line", field: "--gamma-sq", message: "γ² must be non-negative, found \(g2)")
    }
    return (gammaValue, g2)
  }

  /// `--shard i/n --out PART`: this shard's subtrees of the split tree, as an aajr-partial/1 file.
  func runShard(_ shard: Shard, jobs: Int) throws {
    guard global == .exact else {
      throw InputError(file: "command line", field: "--shard", message: "needs --global exact (only region enumeration is sharded)")
    }
    for (given, name) in [(timeLimit, "--time-limit"), (maxRegions, "--max-regions"), (report, "--report")] where given != nil {
      throw InputError(file: "command line", field: "--shard", message: "cannot be combined with \(name)")
    }
    // `aajr merge` recomputes risks and γ_conv² with verify's defaults, so only those are sharded.
    if risk != .exact || convLPs != PolicyVerification.defaultConventionLPs {
      throw InputError(file: "command line", field: "--shard",
                       message: "uses the default --risk exact and --conv-lps \(PolicyVerification.defaultConventionLPs) (the merged result recomputes them)")
    }
    if json {
      throw InputError(file: "command line", field: "--shard", message: "writes its part to --out; --json is for the merged result (aajr merge)")
    }
    guard let out else {
      throw InputError(file: "command line", field: "--out", message: "--shard needs --out PART.json")
    }
    let (gammaValue, g2) = try parsedGammas()
    let target = try OutputTarget(out, option: "--out", inputs: inputs.paths)
    let policyText = try readText(inputs.policy), problemText = try readText(inputs.problem)
    let (pol, prob) = try inputs.load()
    let progress = EnumerationProgress(label: "regions (shard \(shard.index)/\(shard.count))", timeLimit: nil)
    let run = pol.streamLinearRegionsShard(lower: prob.lower, upper: prob.upper, shard: shard.index, shardCount: shard.count,
                                           jobs: jobs, progress: { progress.update($0) })
    progress.finish()
    let part = VerifyPartial(shard: shard.index, shardCount: shard.count, frontierCount: run.frontierCount,
                             policyText: policyText, problemText: problemText, gammaText: gammaValue?.description,
                             gammaSquaredText: g2?.description, pieces: run.pieces, summary: run.summary)
    try emit(standardOutput: "", files: [(part.jsonText, target, "--out")])
  }
}

/// `--time-limit SECONDS` (a positive exact rational) and `--max-regions N` (N ≥ 0) as a
/// budget whose clock starts now; nil when neither is given.
func parseBudget(timeLimit: String?, maxRegions: String?) throws -> (budget: VerificationBudget, seconds: Double?)? {
  guard timeLimit != nil || maxRegions != nil else { return nil }
  var seconds: Double?
  if let timeLimit {
    let t = try parseOption(timeLimit, name: "--time-limit")
    guard t.signum > 0 else {
      throw InputError(file: "command line", field: "--time-limit", message: "must be a positive number of seconds, found \(t)")
    }
    guard t <= Rational(1_000_000_000) else {
      throw InputError(file: "command line", field: "--time-limit", message: "at most 1000000000 seconds, found \(InputError.quote(timeLimit))")
    }
    seconds = t.doubleNearest()
  }
  var regions: Int?
  if let maxRegions {
    guard let n = Int(maxRegions), n >= 0 else {
      throw InputError(file: "command line", field: "--max-regions",
                       message: "expected a whole number of regions (0 or more), found \(InputError.quote(maxRegions))")
    }
    regions = n
  }
  let deadline = seconds.map { Date().addingTimeInterval($0) }
  let stop: (@Sendable () -> Bool)? = deadline.map { d in { @Sendable in Date() >= d } }
  return (VerificationBudget(timeLimitText: timeLimit, maxRegions: regions, shouldStop: stop), seconds)
}
