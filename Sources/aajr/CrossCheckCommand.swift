import ArgumentParser
import Bounds
import ClaimLanguage
import CrossCheck
import Experiments
import Formats
import LinearAlgebra
import Model
import ONNXFormat
import Rational
import Reports
import Theorems
import Training
import Verification

extension CrossCheck.Precision: ExpressibleByArgument {}

/// `aajr crosscheck`: the same PGA in `Double` beside the exact one (SPEC section 4).
struct CrossCheckCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "crosscheck",
    abstract: "Run the PGA attack in float64 (or float32) beside the exact run and compare them step by step.",
    discussion: """
      The policy and problem are rounded to nearest doubles (or floats with --precision float32) \
      and the same algorithm runs in that format with \
      the same kink conventions. Reported per sample: the first step whose activation pattern \
      differs (and whether rounding did it), the largest |δ_float − δ_exact| (computed exactly), \
      both monotonicity verdicts and γ_adv². Exit status: 0 when the runs agree, 1 when they \
      disagree, 2 on bad input.
      """
  )

  @OptionGroup var inputs: PolicyProblemOptions

  @Option(help: "The float format of the float run: float64 (default) or float32 (PyTorch's default dtype).")
  var precision: CrossCheck.Precision = .float64

  @Flag(help: "Print one aajr-crosscheck/1 JSON object.")
  var json = false

  func run() throws {
    let (pol, prob) = try inputs.load()
    let result = CrossCheck(policy: pol, problem: prob, precision: precision)
    try emit(standardOutput: json ? result.jsonText : result.summary + "\n")
    if !result.agree { throw ExitCode(1) }
  }
}
