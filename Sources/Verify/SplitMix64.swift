/// SplitMix64: a small seedable generator. Every instance family draws from one, so
/// a theorem check is reproducible from its seed whatever the core count.
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

  /// The generator of instance `index` of a check seeded with `seed`.
  public static func forInstance(_ index: Int, seed: UInt64) -> SplitMix64 {
    var g = SplitMix64(seed: seed ^ (UInt64(index) &* 0xD1B5_4A32_D192_ED03))
    _ = g.next()
    return g
  }
}
