/// SplitMix64 (Steele, Lea, Flood 2014): the seeded generator behind every random choice
/// of a training run (tasks, initial weights, power-iteration starts), so a run is a
/// function of its seed. Kept here rather than shared with the tests: Sources never
/// depend on Tests/TestSupport.
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
}
