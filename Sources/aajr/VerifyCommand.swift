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
      3 when --time-limit or --max-regions cut the run (the output then says what was cut). \
      With --shard i/n (and --global exact) only part i of n of the region enumeration is \
      computed and written to --out.
      """
  )

  @OptionGroup var inputs: PolicyProblemOptions

  @OptionGroup var membership: GammaOption

  @Option(name: .customLong("gamma-sq"), parsing: .unconditional, help: "Decide membership for this γ² instead (for γ irrational).")
  var gammaSquared: Rational?

  @OptionGroup var globalChoice: GlobalOption
  var global: GlobalMode { globalChoice.global }

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

  @OptionGroup var limits: BudgetOptions

  @OptionGroup var parallel: JobsOption

  @OptionGroup var sharding: ShardOptions

  /// Every check of the options, before any file is read (exit status 2 with one line).
  func validate() throws {
    guard convLPs >= 0 else {
      throw InputError(file: "command line", field: "--conv-lps", message: "must be non-negative, found \(convLPs)")
    }
    try parallel.check()
    try sharding.check(json: json)
    try membership.check()
    if membership.gamma != nil && gammaSquared != nil {
      throw InputError(file: "command line", field: "--gamma-sq", message: "give --gamma or --gamma-sq, not both")
    }
    if let g2 = gammaSquared, g2.signum < 0 {
      throw InputError(file: "command line", field: "--gamma-sq", message: "γ² must be non-negative, found \(g2)")
    }
    _ = try limits.checked()
    guard sharding.part != nil else { return }
    guard global == .exact else {
      throw InputError(file: "command line", field: "--shard", message: "needs --global exact (only region enumeration is sharded)")
    }
    for name in limits.given + (report == nil ? [] : ["--report"]) {
      throw InputError(file: "command line", field: "--shard", message: "cannot be combined with \(name)")
    }
    // `aajr merge` recomputes risks and γ_conv² with verify's defaults, so only those are sharded.
    if risk != .exact || convLPs != PolicyVerification.defaultConventionLPs {
      throw InputError(file: "command line", field: "--shard",
                       message: "uses the default --risk exact and --conv-lps \(PolicyVerification.defaultConventionLPs) (the merged result recomputes them)")
    }
  }

  func run() throws {
    let workers = parallel.workers
    if let shard = sharding.part { return try runShard(shard, jobs: workers) }
    let (gammaValue, g2) = (membership.gamma, gammaSquared)
    let budget = try limits.start()
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
  /// `--shard i/n --out PART`: this shard's subtrees of the split tree, as an aajr-partial/1 file.
  func runShard(_ shard: Shard, jobs: Int) throws {
    guard let out = sharding.out else { return }  // validate() requires it
    let (gammaValue, g2) = (membership.gamma, gammaSquared)
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
