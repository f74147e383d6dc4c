import LinearAlgebra
import TestSupport
import Testing
@testable import Rational

/// `decimalString(fractionDigits:rounding:)`: `.down` and `.up` bracket the value,
/// `.toNearestOrEven` picks the nearer (ties to an even last digit).
@Suite struct DecimalStringTests {
  @Test(arguments: [
    // value, digits, down, up, nearest-even
    ("1/3", 3, "0.333", "0.334", "0.333"),
    ("-1/3", 3, "-0.334", "-0.333", "-0.333"),
    ("2/3", 3, "0.666", "0.667", "0.667"),
    ("-2/3", 3, "-0.667", "-0.666", "-0.667"),
    ("1/8", 2, "0.12", "0.13", "0.12"),
    ("3/8", 2, "0.37", "0.38", "0.38"),
    ("-1/8", 2, "-0.13", "-0.12", "-0.12"),
    ("-3/8", 2, "-0.38", "-0.37", "-0.38"),
    ("0", 3, "0.000", "0.000", "0.000"),
    ("5", 0, "5", "5", "5"),
    ("5/2", 0, "2", "3", "2"),
    ("-5/2", 0, "-3", "-2", "-2"),
    ("-1/1000", 2, "-0.01", "0.00", "0.00"),
    ("1/1000", 2, "0.00", "0.01", "0.00"),
    ("123456789/1000", 1, "123456.7", "123456.8", "123456.8"),
    ("-123456789/1000", 1, "-123456.8", "-123456.7", "-123456.8"),
    ("22/7", 10, "3.1428571428", "3.1428571429", "3.1428571429"),
    ("9223372036854775807/10", 1, "922337203685477580.7", "922337203685477580.7", "922337203685477580.7"),
    ("-1/3", 0, "-1", "0", "0"),
  ])
  func rendersWithRounding(text: String, digits: Int, down: String, up: String, nearest: String) throws {
    let x = try Rational(parsing: text)
    #expect(x.decimalString(fractionDigits: digits, rounding: .down) == down)
    #expect(x.decimalString(fractionDigits: digits, rounding: .up) == up)
    #expect(x.decimalString(fractionDigits: digits, rounding: .toNearestOrEven) == nearest)
    #expect(x.decimalString(fractionDigits: digits) == nearest)
  }

  @Test func downAndUpBracketTheValue() throws {
    try forEachSeededCase(count: 300, seed: 0xF01) { rng, seed in
      let x = Gen.rational(using: &rng)
      let k = Int.random(in: 0...25, using: &rng)
      let unit = try Rational(numerator: 1, denominator: BigInt(10).power(k))
      let lo = try Rational(parsing: x.decimalString(fractionDigits: k, rounding: .down))
      let hi = try Rational(parsing: x.decimalString(fractionDigits: k, rounding: .up))
      let near = try Rational(parsing: x.decimalString(fractionDigits: k, rounding: .toNearestOrEven))
      #expect(lo <= x && x <= hi, "seed \(seed)")
      #expect(hi - lo == (lo == x ? .zero : unit), "seed \(seed)")
      #expect((near == lo || near == hi) && (near - x).magnitude <= unit / 2, "seed \(seed)")
    }
  }
}
