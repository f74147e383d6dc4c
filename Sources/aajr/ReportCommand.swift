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

  @Option(parsing: .unconditional, help: "Decide membership in F_γ and F_ad(γ) for this γ.")
  var gamma: String?

  @Option(help: "Write the report here (default: standard output).")
  var out: String?

  @Option(name: .customLong("time-limit"), parsing: .unconditional,
          help: "Stop exact region enumeration after this many seconds (exit status 3; γ_G² is then a sound interval).")
  var timeLimit: String?

  @Option(name: .customLong("max-regions"), parsing: .unconditional,
          help: "Stop exact region enumeration beyond this many regions (exit status 3; γ_G² is then a sound interval).")
  var maxRegions: String?

  func run() throws {
    let g = try gamma.map { try parseOption($0, name: "--gamma") }
    if let g, g.signum < 0 {
      throw InputError(file: "command line", field: "--gamma", message: "γ must be non-negative, found \(g)")
    }
    let budget = try parseBudget(timeLimit: timeLimit, maxRegions: maxRegions)
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
