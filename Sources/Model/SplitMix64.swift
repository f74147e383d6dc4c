import LinearAlgebra
import Rational

/// SplitMix64 (Steele, Lea, Flood 2014): the one seeded generator behind every random
/// choice in aajr — instance families of the theorem checker, training tasks and initial
/// weights, and the property tests — so every run is a function of its seed.
public struct SplitMix64: RandomNumberGenerator, Sendable {
  public private(set) var state: UInt64
  public init(seed: UInt64) { state = seed }

  public mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  /// A double uniform in [0, 1) with 53 random bits (a dyadic rational).
  public mutating func unit() -> Double { Double(next() >> 11) * 0x1p-53 }

  /// A double uniform in [a, b).
  public mutating func uniform(_ a: Double, _ b: Double) -> Double { a + (b - a) * unit() }

  /// The generator of item `index` of a run seeded with `seed` (independent streams per
  /// item, so parallel work is deterministic whatever the core count).
  public static func forInstance(_ index: Int, seed: UInt64) -> SplitMix64 {
    var g = SplitMix64(seed: seed ^ (UInt64(index) &* 0xD1B5_4A32_D192_ED03))
    _ = g.next()
    return g
  }
}
