import ArgumentParser
import Formats
import Model

/// `--policy`, declared and described once: alone (`export`) or with `--problem`.
struct PolicyOption: ParsableArguments {
  @Option(help: "The policy file (aajr-policy/1).")
  var policy: String
}

/// `--policy` and `--problem`, the two inputs most commands read: declared and described once
/// (`@OptionGroup var inputs: PolicyProblemOptions`).
struct PolicyProblemOptions: ParsableArguments {
  @OptionGroup var policyOption: PolicyOption

  /// The policy file's path.
  var policy: String { policyOption.policy }

  @Option(help: "The attack problem file (aajr-problem/1).")
  var problem: String

  /// Both paths, for refusing an output that is one of them.
  var paths: [String] { [policy, problem] }

  /// Reads the policy, then the problem checked against it (exit 2 with one line on bad input).
  func load() throws -> (policy: Policy, problem: Problem) {
    let p = try loadPolicy(policy)
    return (p, try loadProblem(problem, for: p))
  }
}
