import ArgumentParser
import Foundation
import Model
import Rational
import Verification

/// `--time-limit SECONDS` and `--max-regions N`: the budget of exact region enumeration
/// (`verify`, `report`), declared once. The time limit stays text because the output quotes it
/// as given; it must be a positive exact rational of at most 10⁹ seconds, and N ≥ 0.
struct BudgetOptions: ParsableArguments {
  @Option(name: .customLong("time-limit"), parsing: .unconditional,
          help: "Stop exact region enumeration after this many seconds (exit status 3; γ_G² is then a sound interval).")
  var timeLimit: String?

  @Option(name: .customLong("max-regions"), parsing: .unconditional,
          help: "Stop exact region enumeration beyond this many regions (exit status 3; γ_G² is then a sound interval).")
  var maxRegions: String?

  /// The options given, by name, for refusing them where they do not apply.
  var given: [String] { [(timeLimit, "--time-limit"), (maxRegions, "--max-regions")].compactMap { $0.0 == nil ? nil : $0.1 } }

  /// The seconds and the region count, checked (an `InputError` naming the option otherwise).
  func checked() throws -> (seconds: Double?, regions: Int?) {
    var seconds: Double?
    if let timeLimit { seconds = try timeLimitSeconds(timeLimit) }
    var regions: Int?
    if let maxRegions {
      guard let n = Int(maxRegions), n >= 0 else {
        throw InputError(file: "command line", field: "--max-regions",
                         message: "expected a whole number of regions (0 or more), found \(InputError.quote(maxRegions))")
      }
      regions = n
    }
    return (seconds, regions)
  }

  /// The budget, its clock starting now; nil when neither option is given.
  func start() throws -> (budget: VerificationBudget, seconds: Double?)? {
    guard timeLimit != nil || maxRegions != nil else { return nil }
    let (seconds, regions) = try checked()
    let deadline = seconds.map { Date().addingTimeInterval($0) }
    let stop: (@Sendable () -> Bool)? = deadline.map { d in { @Sendable in Date() >= d } }
    return (VerificationBudget(timeLimitText: timeLimit, maxRegions: regions, shouldStop: stop), seconds)
  }
}
