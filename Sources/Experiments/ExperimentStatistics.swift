import Bounds
import Formats
import Foundation
import LinearAlgebra
import Model
import Rational
import Training
import Verification

/// The statistics of `reports/experiments.md`, in `Double` from the exact values, all
/// deterministic (fixed summation order, seeded resampling).
package enum ExperimentStatistics {
  /// Arithmetic mean (0 for no values), summed in order.
  package static func mean(_ xs: [Double]) -> Double {
    xs.isEmpty ? 0 : xs.reduce(0, +) / Double(xs.count)
  }

  /// Sample standard deviation (divisor n − 1; 0 for fewer than two values).
  package static func standardDeviation(_ xs: [Double]) -> Double {
    guard xs.count > 1 else { return 0 }
    let m = mean(xs)
    return (xs.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(xs.count - 1)).squareRoot()
  }

  /// The percentile bootstrap interval of the mean: `resamples` resamples of size n drawn
  /// with replacement by SplitMix64(`seed`) (index = next() mod n), their means sorted, the
  /// interval `[means[⌊α/2·B⌋], means[⌈(1−α/2)·B⌉ − 1]]` with α = 0.05.
  package static func bootstrapInterval(_ xs: [Double], seed: UInt64, resamples: Int = 2000) -> (lower: Double, upper: Double) {
    guard !xs.isEmpty else { return (0, 0) }
    var rng = SplitMix64(seed: seed)
    let n = UInt64(xs.count)
    var means: [Double] = []
    means.reserveCapacity(resamples)
    for _ in 0..<resamples {
      var s = 0.0
      for _ in 0..<xs.count { s += xs[Int(rng.next() % n)] }
      means.append(s / Double(xs.count))
    }
    means.sort()
    let lo = Int((0.025 * Double(resamples)).rounded(.down))
    let hi = Int((0.975 * Double(resamples)).rounded(.up)) - 1
    return (means[lo], means[hi])
  }

  /// A stable 64-bit seed for a label (FNV-1a; Swift's `hashValue` changes per process).
  package static func seed(for label: String) -> UInt64 {
    var h: UInt64 = 0xCBF2_9CE4_8422_2325
    for b in label.utf8 {
      h ^= UInt64(b)
      h = h &* 0x0000_0100_0000_01B3
    }
    return h
  }

  /// `mean ± sd [lo, hi]` with `digits` decimals.
  package static func summary(_ xs: [Double], label: String, digits: Int = 4) -> String {
    let ci = bootstrapInterval(xs, seed: seed(for: label))
    let f = "%.\(digits)f"
    return "\(String(format: f, mean(xs))) ± \(String(format: f, standardDeviation(xs))) [\(String(format: f, ci.lower)), \(String(format: f, ci.upper))]"
  }
}
