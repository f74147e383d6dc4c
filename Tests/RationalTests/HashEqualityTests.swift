import LinearAlgebra
import TestSupport
import Testing
@testable import Rational

/// One representation per value: equal numbers built different ways (including big
/// intermediates that cancel back into the inline range) are `==` with equal hashes.
@Suite struct HashEqualityTests {
  /// The same value as `x`, reached in several ways.
  static func rebuilt(_ x: Rational, big: Rational) -> [Rational] {
    let k = BigInt(3).power(90)
    var inPlace = x + .zero
    inPlace *= big
    inPlace /= big
    var sum = x + big
    sum -= big
    return [
      (x + big) - big,
      (x * big) / big,
      (x / big) * big,
      inPlace,
      sum,
      try! Rational(numerator: x.numerator * k, denominator: x.denominator * k),
      try! Rational(numerator: -x.numerator, denominator: -x.denominator),
      try! Rational(parsing: x.description),
      x.reciprocal.map { $0.reciprocal! } ?? x,
      -(-x),
    ]
  }

  @Test func equalValuesHaveEqualHashes() {
    let big = try! Rational(parsing: "340282366920938463463374607431768211457/18446744073709551617")
    forEachSeededCase(count: 300, seed: 0xE01) { rng, seed in
      let x = Gen.rational(using: &rng)
      for (i, y) in Self.rebuilt(x, big: big).enumerated() {
        #expect(y == x && y.hashValue == x.hashValue && y.isCanonical(), "seed \(seed), way \(i)")
      }
      #expect(Set(Self.rebuilt(x, big: big)).count == 1, "seed \(seed)")
    }
  }

  @Test func decimalAndFractionAndDoubleAgree() throws {
    let same: [[Rational]] = [
      [try Rational(parsing: "0.5"), Rational(1, 2), try Rational(exactly: 0.5), try Rational(parsing: "50e-2"),
       try Rational(numerator: BigInt("18446744073709551616")!, denominator: BigInt("36893488147419103232")!)],
      [try Rational(parsing: "9223372036854775807"), Rational(Int.max), try Rational(exactly: 0x1p63) - 1],
      [try Rational(parsing: "-9223372036854775808"), Rational(Int.min), try Rational(exactly: -0x1p63)],
      [Rational(0), -Rational(0), try Rational(exactly: -0.0), Rational(5) - Rational(5), try Rational(parsing: "-0.000")],
    ]
    for group in same {
      for y in group {
        #expect(y == group[0] && y.hashValue == group[0].hashValue && y.isCanonical(), "\(group)")
      }
    }
  }

  @Test func distinctValuesAreUnequal() {
    forEachSeededCase(count: 300, seed: 0xE02) { rng, seed in
      let x = Gen.rational(using: &rng), y = Gen.rational(using: &rng)
      #expect((x == y) == (RefQ(x).compare(RefQ(y)) == 0), "seed \(seed)")
      let e = x + Rational(1).scaled(byPowerOfTwo: -300)
      #expect(e != x, "seed \(seed)")
    }
  }

  @Test func integerValuedBigIntsHashLikeTheirRebuilds() {
    forEachSeededCase(count: 300, seed: 0xE03) { rng, seed in
      let a = Gen.integer(using: &rng)
      let k = BigInt("1267650600228229401496703205653")!  // 2^100 + 21
      let b = (a * k).quotientAndRemainder(dividingBy: k).quotient
      let c = (a + k) - k
      #expect(b == a && c == a && b.hashValue == a.hashValue && c.hashValue == a.hashValue, "seed \(seed)")
      #expect(b.isCanonical() && c.isCanonical(), "seed \(seed)")
    }
  }
}
