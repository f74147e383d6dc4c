import LinearAlgebra
import PropertyBased
import Rational
import Testing

/// Field and conversion laws with swift-property-based: random inputs each run (the
/// library prints the seed and a shrunk input on failure, to pin with `.fixedSeed` while
/// debugging), beside the deterministic seeded suites.
@Suite struct PropertyBasedLawTests {
  /// Rationals from inline-sized up to values whose products overflow 64 bits.
  static func fraction(_ n: Int, _ d: Int) -> Rational { Rational(n, d) }
  static let rational = zip(PropertyBased.Gen<Int>.int(in: -(1 << 62)...(1 << 62)), PropertyBased.Gen<Int>.int(in: 1...(1 << 62)))
    .map(fraction)
  static let small = zip(PropertyBased.Gen<Int>.int(in: -1000...1000), PropertyBased.Gen<Int>.int(in: 1...1000)).map(fraction)

  @Test func additionCommutesAndAssociates() async {
    await propertyCheck(count: 300, input: Self.rational, Self.rational, Self.small) { a, b, c in
      #expect(a + b == b + a)
      #expect((a + b) + c == a + (b + c))
    }
  }

  @Test func multiplicationDistributesOverAddition() async {
    await propertyCheck(count: 300, input: Self.rational, Self.rational, Self.rational) { a, b, c in
      #expect(a * (b + c) == a * b + a * c)
    }
  }

  @Test func divisionUndoesMultiplication() async {
    await propertyCheck(count: 300, input: Self.rational, Self.rational) { a, b in
      guard !b.isZero else { return }
      #expect((a * b) / b == a)
      #expect(b * b.reciprocal! == 1)
    }
  }

  @Test func orderIsCompatibleWithAddition() async {
    await propertyCheck(count: 300, input: Self.rational, Self.rational, Self.small) { a, b, c in
      #expect((a < b) == (a + c < b + c))
    }
  }

  @Test func parseRoundTrip() async {
    await propertyCheck(count: 300, input: Self.rational) { a in
      #expect(Rational(a.description) == a)
      #expect(Rational(a.decimalString(fractionDigits: 0, rounding: .down))! <= a)
    }
  }

  @Test func doubleRoundTrip() async {
    await propertyCheck(count: 300, input: PropertyBased.Gen<Double>.double(in: -1e300...1e300)) { d in
      let r = try! Rational(exactly: d)
      #expect(r.doubleNearest() == d)
      #expect(r.doubleDown() == d && r.doubleUp() == d)
    }
  }
}
