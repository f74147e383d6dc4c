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

  @OptionGroup var limits: BudgetOptions

  /// Every check of the options, before any file is read (exit status 2 with one line).
  func validate() throws {
    try membership.check()
    _ = try limits.checked()
  }

  func run() throws {
    let g = membership.gamma
    let budget = try limits.start()
    let target = try out.map { try OutputTarget($0, option: "--out", inputs: inputs.paths) }
    let (pol, prob) = try inputs.load()
    if let why = GlobalBound.exactEnumerationProblem(for: pol) { throw InputError(file: inputs.policy, field: "", message: why) }
    let progress = EnumerationProgress(label: "regions", timeLimit: budget?.seconds)
    let result = PolicyVerification(policy: pol, problem: prob, gamma: g, globalMode: .exact, riskMode: .exact, budget: budget?.budget,
                                    jobs: Workers.allCores, progress: { progress.update($0) })
    progress.finish()
    let text = result.markdownReport(policyPath: inputs.policy, problemPath: inputs.problem)
    if let target {
      try emit(standardOutput: "", files: [(text, target, "--out")])
    } else {
      try emit(standardOutput: text)
    }
    if result.budgetReached { throw ExitCode(3) }
  }
}
