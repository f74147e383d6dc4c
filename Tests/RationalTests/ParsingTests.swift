import Foundation
import LinearAlgebra
import TestSupport
import Testing
@testable import Rational

/// Exact text in and out: canonical `description`, `init(parsing:)` of integers,
/// fractions and decimals, and rejection (with a reason) of everything else.
@Suite struct ParsingTests {
  @Test func parseRoundTrip() throws {
    try forEachSeededCase(count: 300, seed: 0xC01) { rng, seed in
      let x = Gen.rational(using: &rng)
      #expect(x.description == RefQ(x).text, "seed \(seed)")
      let back = try Rational(parsing: x.description)
      #expect(back == x && back.isCanonical(), "seed \(seed)")
      #expect(Rational(x.description) == x, "seed \(seed)")
    }
  }

  @Test func codableRoundTrip() throws {
    let values = [Rational(-22, 7), .zero, try Rational(parsing: "123456789012345678901234567891/7")]
    let data = try JSONEncoder().encode(values)
    #expect(String(decoding: data, as: UTF8.self) == #"["-22\/7","0","123456789012345678901234567891\/7"]"#)
    #expect(try JSONDecoder().decode([Rational].self, from: data) == values)
    #expect(try JSONDecoder().decode([Rational].self, from: Data("[3, \"0.5\"]".utf8)) == [3, Rational(1, 2)])
  }

  @Test(arguments: [
    ("-3", "-3"), ("22/7", "22/7"), ("0.125", "1/8"), ("-.5", "-1/2"), ("1e-3", "1/1000"),
    ("2.5E+2", "250"), ("+7", "7"), ("3.", "3"), ("0.1", "1/10"), ("-0", "0"), ("6/4", "3/2"),
    ("-10/4", "-5/2"), ("0/5", "0"), ("007", "7"), ("1.5e1", "15"), ("12e-1", "6/5"),
    ("9223372036854775808", "9223372036854775808"), ("-9223372036854775808", "-9223372036854775808"),
    ("-9223372036854775807/9223372036854775808", "-9223372036854775807/9223372036854775808"),
    ("18446744073709551616/36893488147419103232", "1/2"),
  ])
  func parsesExactly(text: String, canonical: String) throws {
    let x = try Rational(parsing: text)
    #expect(x.description == canonical)
    #expect(x.isCanonical())
  }

  @Test func decimalOneTenthIsExact() throws {
    #expect(try Rational(parsing: "0.1") == Rational(1, 10))
    #expect(try Rational(parsing: "0.1") != (try Rational(exactly: 0.1)))
  }

  @Test(arguments: ["", "-", "1/0", "1/-2", "abc", "1.2.3", "1e", "e5", " 1", "nan", "inf", "0x10",
                    "1e999999999", "1 ", "+", "/", "1/", "/2", "1//2", "1/2/3", "+-1", "--1", "1e+", "1e5.5",
                    ".", "-.", "1/2.5", "1/1e3", "Infinity", "-inf", "1_000", "١", "1e100001", "0/0"])
  func rejectsMalformedText(text: String) {
    #expect(Rational(text) == nil)
    do {
      _ = try Rational(parsing: text)
      Issue.record("accepted \(text.debugDescription)")
    } catch let error as RationalError {
      guard case .syntax(let t, let reason) = error else {
        Issue.record("wrong error \(error)")
        return
      }
      #expect(t == text && !reason.isEmpty)
      #expect(error.description.contains(reason))
    } catch {
      Issue.record("unexpected error \(error)")
    }
  }

  @Test func largeExponentWithinLimitParses() throws {
    let x = try Rational(parsing: "1e\(Rational.maximumDecimalExponent)")
    #expect(x == Rational(BigInt(10).power(Rational.maximumDecimalExponent)))
    let y = try Rational(parsing: "-2.5e-\(Rational.maximumDecimalExponent)")
    #expect(y * Rational(BigInt(10).power(Rational.maximumDecimalExponent)) == Rational(-5, 2))
  }

  @Test func zeroDenominatorThrows() {
    let zeros: [(BigInt, BigInt)] = [(1, 0), (0, 0), (-5, 0), (BigInt("123456789012345678901234567890")!, 0)]
    for (n, d) in zeros {
      #expect(throws: RationalError.zeroDenominator) { try Rational(numerator: n, denominator: d) }
    }
    #expect(throws: RationalError.self) { try Rational(parsing: "123456789012345678901234567890/0") }
  }

  @Test func negativeDenominatorIsNormalized() throws {
    let x = try Rational(numerator: 3, denominator: -6)
    #expect(x.description == "-1/2" && x.denominator == 2)
    let big = try Rational(numerator: BigInt("-36893488147419103232")!, denominator: BigInt("-9223372036854775808")!)
    #expect(big == 4 && big.isCanonical())
  }
}
