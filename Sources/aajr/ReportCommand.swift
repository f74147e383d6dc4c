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

/// `aajr report`: the one-policy Markdown report.
struct ReportCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "report",
    abstract: "Write a Markdown report of one policy: classes, intervals, trajectories, gains, β and plots."
  )

  @OptionGroup var inputs: PolicyProblemOptions

  @OptionGroup var membership: GammaOption

  @Option(help: "Write the report here (default: standard output).")
  var out: String?

  @OptionGroup var globalChoice: GlobalOption

  @OptionGroup var limits: BudgetOptions

  @OptionGroup var parallel: JobsOption

  /// Every check of the options, before any file is read (exit status 2 with one line).
  func validate() throws {
    try membership.check()
    try parallel.check()
    _ = try limits.checked()
  }

  func run() throws {
    let g = membership.gamma
    let budget = try limits.start()
    let target = try out.map { try OutputTarget($0, option: "--out", inputs: inputs.paths) }
    let (pol, prob) = try inputs.load()
    let global = globalChoice.global
    if global == .exact, let why = GlobalBound.exactEnumerationProblem(for: pol) {
      throw InputError(file: inputs.policy, field: "", message: why)
    }
    let progress = global == .exact ? EnumerationProgress(label: "regions", timeLimit: budget?.seconds) : nil
    let result = PolicyVerification(policy: pol, problem: prob, gamma: g, globalMode: global, riskMode: .exact, budget: budget?.budget,
                                    jobs: parallel.workers, progress: progress.map { p in { p.update($0) } })
    progress?.finish()
    let text = result.markdownReport(policyPath: inputs.policy, problemPath: inputs.problem)
    if let target {
      try emit(standardOutput: "", files: [(text, target, "--out")])
    } else {
      try emit(standardOutput: text)
    }
    if result.budgetReached { throw ExitCode(3) }
  }
}
