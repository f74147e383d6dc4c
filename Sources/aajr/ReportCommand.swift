import ArgumentParser
import Bounds
import Verify

/// `aajr report`: the one-policy Markdown report.
struct ReportCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "report",
    abstract: "Write a Markdown report of one policy: classes, intervals, trajectories, gains, β and plots."
  )

  @Option(help: "The policy file (aajr-policy/1).")
  var policy: String

  @Option(help: "The attack problem file (aajr-problem/1).")
  var problem: String

  @Option(help: "Decide membership in F_γ and F_ad(γ) for this γ.")
  var gamma: String?

  @Option(help: "Write the report here (default: standard output).")
  var out: String?

  func run() throws {
    let g = try gamma.map { try parseOption($0, name: "--gamma") }
    let pol = try loadPolicy(policy)
    let prob = try loadProblem(problem, for: pol)
    let result = PolicyVerification(policy: pol, problem: prob, gamma: g, globalMode: .exact, riskMode: .exact)
    let text = result.markdownReport(policyPath: policy, problemPath: problem)
    if let out { try writeTextAtomically(text, to: out) } else { print(text, terminator: "") }
  }
}
