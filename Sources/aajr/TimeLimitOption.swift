import ArgumentParser
import Foundation
import Model
import Rational

/// `--time-limit SECONDS` of `theorems` and `experiment`: a wall-clock budget for the whole
/// command (SPEC section 6, Budgets). Reaching it is exit status 3; what was cut is stated.
struct TimeLimitOption: ParsableArguments {
  @Option(name: .customLong("time-limit"), parsing: .unconditional,
          help: "Stop after this many seconds of wall-clock time (exit status 3; the command's description says what is then written).")
  var timeLimit: String?

  func check() throws { _ = try seconds() }

  /// The limit in seconds, nil without the option.
  func seconds() throws -> Double? { try timeLimit.map { try timeLimitSeconds($0) } }

  /// The moment the limit is reached, counted from now.
  func deadline() -> Date? { (try? seconds())?.map { Date().addingTimeInterval($0) } }
}

/// `--time-limit`'s value: a positive exact rational of at most 10⁹ seconds.
func timeLimitSeconds(_ text: String) throws -> Double {
  let t = try parseOption(text, name: "--time-limit")
  guard t.signum > 0 else {
    throw InputError(file: "command line", field: "--time-limit", message: "must be a positive number of seconds, found \(t)")
  }
  guard t <= Rational(1_000_000_000) else {
    throw InputError(file: "command line", field: "--time-limit", message: "at most 1000000000 seconds, found \(InputError.quote(text))")
  }
  return t.doubleNearest()
}
