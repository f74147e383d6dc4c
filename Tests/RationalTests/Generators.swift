import CGMP
import LinearAlgebra
import TestSupport
@testable import Rational

/// Generators that build valid values directly (no filtering), mixing the three regimes
/// that matter for the representation: small values, values within a few units of the
/// inline boundary (2^62, 2^63, 2^64), and big values of hundreds of bits.
enum Gen {
  /// Decimal text of a random integer; `nonZero` excludes 0.
  static func integerText(using rng: inout SeededGenerator, nonZero: Bool = false) -> String {
    let z = RefQ()
    defer { withExtendedLifetime(z) {} }
    switch Int.random(in: 0..<10, using: &rng) {
    case 0..<4:  // small
      __gmpz_set_si(z.num, Int.random(in: -1000...1000, using: &rng))
    case 4..<7:  // near the inline boundary
      let k = [61, 62, 63, 64, 65].randomElement(using: &rng)!
      __gmpz_setbit(z.num, mp_bitcnt_t(k))
      let delta = Int.random(in: -3...3, using: &rng)
      if delta >= 0 { __gmpz_add_ui(z.num, z.num, UInt(delta)) } else { __gmpz_sub_ui(z.num, z.num, UInt(-delta)) }
      if Bool.random(using: &rng) {  // or a random word of about that size
        __gmpz_set_ui(z.num, UInt(rng.next() >> UInt64.random(in: 0...3, using: &rng)))
      }
    case 7..<9:  // a random word, up to the full 64 bits
      __gmpz_set_ui(z.num, UInt(rng.next()))
    default:  // big: 100...400 bits
      let bits = Int.random(in: 100...400, using: &rng)
      for _ in 0..<(bits + 63) / 64 {
        __gmpz_mul_2exp(z.num, z.num, 64)
        __gmpz_add_ui(z.num, z.num, UInt(rng.next()))
      }
      __gmpz_fdiv_q_2exp(z.num, z.num, mp_bitcnt_t((bits + 63) / 64 * 64 - bits))
    }
    if Bool.random(using: &rng) { __gmpz_neg(z.num, z.num) }
    if nonZero && aajr_mpz_sgn(z.num) == 0 { __gmpz_set_si(z.num, Bool.random(using: &rng) ? 1 : -7) }
    return mpzText(z.num)
  }

  static func integer(using rng: inout SeededGenerator) -> BigInt {
    BigInt(integerText(using: &rng))!
  }

  /// A random rational, numerator and denominator each from `integerText`.
  static func rational(using rng: inout SeededGenerator) -> Rational {
    let n = BigInt(integerText(using: &rng))!
    let d = BigInt(integerText(using: &rng, nonZero: true))!
    return try! Rational(numerator: n, denominator: d)
  }

  static func nonZeroRational(using rng: inout SeededGenerator) -> Rational {
    let n = BigInt(integerText(using: &rng, nonZero: true))!
    let d = BigInt(integerText(using: &rng, nonZero: true))!
    return try! Rational(numerator: n, denominator: d)
  }
}
