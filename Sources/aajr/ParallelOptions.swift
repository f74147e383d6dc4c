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

/// `--jobs N`: the number of workers (threads) of one process, N ≥ 1; all cores when absent.
/// Results never depend on it.
func parseJobs(_ text: String?) throws -> Int {
  guard let text else { return Workers.allCores }
  guard let n = Int(text), n >= 1, n <= 4096 else {
    throw InputError(file: "command line", field: "--jobs",
                     message: "expected a whole number of workers from 1 to 4096, found \(InputError.quote(text))")
  }
  return n
}

/// `--shard i/n`: this process computes the i-th of n deterministic parts (0 ≤ i < n).
struct Shard: Equatable {
  var index: Int
  var count: Int

  init(index: Int, count: Int) {
    self.index = index
    self.count = count
  }

  init(parsing text: String) throws {
    let parts = text.split(separator: "/", omittingEmptySubsequences: false)
    guard parts.count == 2, let i = Int(parts[0]), let n = Int(parts[1]), n >= 1, n <= 1_000_000, i >= 0, i < n else {
      throw InputError(file: "command line", field: "--shard",
                       message: "expected i/n with 0 <= i < n <= 1000000 (e.g. 0/4), found \(InputError.quote(text))")
    }
    index = i
    count = n
  }
}
