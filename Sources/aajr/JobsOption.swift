import ArgumentParser
import Model

/// `--jobs N`: workers (threads) of one process, 1 ≤ N ≤ 4096, all cores when absent; declared
/// once for `verify`, `merge` and `experiment`. Results never depend on it.
struct JobsOption: ParsableArguments {
  @Option(parsing: .unconditional, help: "Workers (threads); default: all cores. Results do not depend on it.")
  var jobs: String?

  /// The number of workers; `check()` has refused a bad value.
  var workers: Int { (try? parseJobs(jobs)) ?? Workers.allCores }

  func check() throws { _ = try parseJobs(jobs) }
}
