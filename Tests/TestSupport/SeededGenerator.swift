import Bounds
import Formats
import LinearAlgebra
import Model
import Rational

/// The seeded generator of the property tests: SplitMix64, so every property test is
/// reproducible from the seed it prints on failure.
public typealias SeededGenerator = SplitMix64

/// Runs `body` for `count` cases, each with its own generator seeded from `seed`
/// and the case number. On a failure the body should include `seed` in its message;
/// `caseSeed` is passed for that.
public func forEachSeededCase(
  count: Int, seed: UInt64,
  _ body: (_ rng: inout SeededGenerator, _ caseSeed: UInt64) throws -> Void
) rethrows {
  for i in 0..<count {
    let caseSeed = seed &+ UInt64(i) &* 0x2545_F491_4F6C_DD1D
    var rng = SeededGenerator(seed: caseSeed)
    try body(&rng, caseSeed)
  }
}

extension Rational {
  /// A random rational with numerator in `-maxNumerator...maxNumerator` and
  /// denominator in `1...maxDenominator`.
  public static func random(
    numerator maxNumerator: Int, denominator maxDenominator: Int, using rng: inout SeededGenerator
  ) -> Rational {
    Rational(Int.random(in: -maxNumerator...maxNumerator, using: &rng),
             Int.random(in: 1...maxDenominator, using: &rng))
  }
}
