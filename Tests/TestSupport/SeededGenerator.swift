import Rational

/// SplitMix64: a small, fast, seedable generator, so every property test is
/// reproducible from the seed it prints on failure.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
  public private(set) var state: UInt64
  public init(seed: UInt64) { state = seed }

  public mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}

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
