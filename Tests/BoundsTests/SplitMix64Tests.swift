import Bounds
import Formats
import LinearAlgebra
import Model
import Rational
import Testing
import Verification

@Suite struct SplitMix64Tests {
  /// The first outputs for seed 0 match the reference SplitMix64 stream.
  @Test func matchesReferenceStream() {
    var g = SplitMix64(seed: 0)
    #expect(g.next() == 0xE220_A839_7B1D_CDAF)
    #expect(g.next() == 0x6E78_9E6A_A1B9_65F4)
  }
}
