import ArgumentParser
import Bounds
import Rational
import Verify

extension GlobalMode: ExpressibleByArgument {}
extension RiskMode: ExpressibleByArgument {}

/// `aajr verify`: every exact answer about one policy on one attack problem.
struct VerifyCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "verify",
    abstract: "Decide class membership, the certified step size and the exact trajectories of one policy.",
    discussion: """
      Exit status: 0 when every requested check holds (the step size is certified and, \
      with --gamma, the policy lies in F_ad(γ) and in F_γ), 1 when one fails, 2 on bad input.
      """
  )

  @Option(help: "The policy file (aajr-policy/1).")
  var policy: String

  @Option(help: "The attack problem file (aajr-problem/1).")
  var problem: String

  @Option(help: "Decide membership in F_γ and F_ad(γ) for this γ (an exact rational, e.g. 3/2).")
  var gamma: String?

  @Option(name: .customLong("gamma-sq"), help: "Decide membership for this γ² instead (for γ irrational).")
  var gammaSquared: String?

  @Option(help: "Global bound: exact region enumeration, a cheap sound upper bound, or off.")
  var global: GlobalMode = .exact

  @Option(help: "Robust risk: the exact inner maximum per sample (exact, default) or off (robust_exact null).")
  var risk: RiskMode = .exact

  @Flag(help: "Print one aajr-verify/1 JSON object.")
  var json = false

  @Option(help: "Also write a Markdown report of this policy to this file.")
  var report: String?

  func run() throws {
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
    let pol = try loadPolicy(policy)
    let prob = try loadProblem(problem, for: pol)
    let progress = standardErrorIsTerminal && global == .exact ? ProgressLine(label: "regions (leaves)") : nil
    let result = PolicyVerification(policy: pol, problem: prob, gamma: gammaValue, gammaSquared: g2, globalMode: global,
                                    riskMode: risk, progress: progress.map { p in { p.update($0) } })
    progress?.finish()
    if let report {
      try writeTextAtomically(result.markdownReport(policyPath: policy, problemPath: problem), to: report)
    }
    print(json ? result.jsonText : result.summary, terminator: json ? "" : "\n")
    if !result.allChecksHold { throw ExitCode(1) }
  }
}
