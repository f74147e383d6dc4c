import CGMP
import Foundation
import LinearAlgebra
@testable import Rational

/// Test-only reference arithmetic computed directly with GMP's `mpq_*`/`mpz_*` calls on
/// values built from decimal text, independent of `Rational`'s inline fast path.
/// Results are returned as GMP's canonical text (`__gmpq_get_str`), to be compared
/// with `Rational.description`.
final class RefQ: @unchecked Sendable {  // never mutated after init; GMP reads of one value may run concurrently
  let p = UnsafeMutablePointer<__mpq_struct>.allocate(capacity: 1)

  init() { __gmpq_init(p) }

  /// `num/den` from decimal integer text, canonicalized by GMP.
  convenience init(_ num: String, _ den: String = "1") {
    self.init()
    precondition(__gmpz_set_str(aajr_mpq_numref(p), num, 10) == 0, "bad integer text \(num)")
    precondition(__gmpz_set_str(aajr_mpq_denref(p), den, 10) == 0, "bad integer text \(den)")
    precondition(aajr_mpz_sgn(aajr_mpq_denref(p)) != 0)
    __gmpq_canonicalize(p)
  }

  /// The same value as `r`, rebuilt from its numerator and denominator text.
  convenience init(_ r: Rational) {
    self.init(r.numerator.description, r.denominator.description)
  }

  deinit {
    __gmpq_clear(p)
    p.deallocate()
  }

  var num: UnsafeMutablePointer<__mpz_struct> { aajr_mpq_numref(p) }
  var den: UnsafeMutablePointer<__mpz_struct> { aajr_mpq_denref(p) }

  /// GMP's canonical text `"p/q"` or `"p"`.
  var text: String {
    let s = __gmpq_get_str(nil, 10, p)!
    defer { free(s) }
    return String(cString: s)
  }

  var sign: Int { Int(aajr_mpq_sgn(p)) }

  typealias Op = (UnsafeMutablePointer<__mpq_struct>, UnsafePointer<__mpq_struct>, UnsafePointer<__mpq_struct>) -> Void

  /// `op(self, other)` into a fresh value.
  func apply(_ other: RefQ, _ op: Op) -> RefQ {
    let r = RefQ()
    withExtendedLifetime(other) { op(r.p, p, other.p) }
    return r
  }

  func negated() -> RefQ { let r = RefQ(); __gmpq_neg(r.p, p); return r }
  func magnitude() -> RefQ { let r = RefQ(); __gmpq_abs(r.p, p); return r }
  func inverse() -> RefQ { let r = RefQ(); __gmpq_inv(r.p, p); return r }

  /// `self^k` for `k ≥ 0`, through `mpz_pow_ui` on numerator and denominator.
  func power(_ k: Int) -> RefQ {
    let r = RefQ()
    defer { withExtendedLifetime(r) {} }
    __gmpz_pow_ui(r.num, num, UInt(k))
    __gmpz_pow_ui(r.den, den, UInt(k))
    return r
  }

  func compare(_ other: RefQ) -> Int { withExtendedLifetime(other) { Int(__gmpq_cmp(p, other.p)).signum() } }
}

/// Text of an `mpz_t`.
func mpzText(_ z: UnsafePointer<__mpz_struct>) -> String {
  let s = __gmpz_get_str(nil, 10, z)!
  defer { free(s) }
  return String(cString: s)
}

/// Integer rounding of `q` computed with `mpz_fdiv_q` / `mpz_cdiv_q` / `mpz_tdiv_q`
/// and a comparison of twice the remainder with the denominator, as decimal text.
func referenceRounded(_ q: RefQ, _ rule: FloatingPointRoundingRule) -> String {
  let f = RefQ(), c = RefQ(), t = RefQ(), r = RefQ()  // use the numerators as mpz scratch
  defer { withExtendedLifetime((q, f, c, t, r)) {} }
  __gmpz_fdiv_q(f.num, q.num, q.den)
  __gmpz_cdiv_q(c.num, q.num, q.den)
  __gmpz_tdiv_q(t.num, q.num, q.den)
  // r = 2·(q − floor) compared with 1, i.e. 2·(num − f·den) vs den
  __gmpz_mul(r.num, f.num, q.den)
  __gmpz_sub(r.num, q.num, r.num)
  __gmpz_mul_2exp(r.num, r.num, 1)
  let half = __gmpz_cmp(r.num, q.den).signum()  // -1 below half, 0 tie, 1 above
  let floorText = mpzText(f.num), ceilText = mpzText(c.num)
  let isInteger = __gmpz_cmp(f.num, c.num) == 0
  switch rule {
  case .down: return floorText
  case .up: return ceilText
  case .towardZero: return mpzText(t.num)
  case .awayFromZero: return q.sign < 0 ? floorText : ceilText
  case .toNearestOrEven:
    if isInteger || half < 0 { return floorText }
    if half > 0 { return ceilText }
    return aajr_mpz_odd(f.num) != 0 ? ceilText : floorText
  case .toNearestOrAwayFromZero:
    if isInteger || half < 0 { return floorText }
    if half > 0 { return ceilText }
    return q.sign < 0 ? floorText : ceilText
  @unknown default: fatalError()
  }
}

/// Decimal text of `sign · (2^k + offset)`, computed by GMP.
func powerOfTwoText(_ k: Int, plus offset: Int, negative: Bool = false) -> String {
  let z = RefQ()
  defer { withExtendedLifetime(z) {} }
  __gmpz_setbit(z.num, mp_bitcnt_t(k))
  if offset >= 0 { __gmpz_add_ui(z.num, z.num, UInt(offset)) } else { __gmpz_sub_ui(z.num, z.num, UInt(-offset)) }
  if negative { __gmpz_neg(z.num, z.num) }
  return mpzText(z.num)
}

extension Rational {
  /// Whether the stored representation is the inline one.
  var isInline: Bool {
    if case .small = storage { return true }
    return false
  }

  /// Canonical form, plus: the representation is inline iff numerator and denominator
  /// both fit in `Int64` other than `Int64.min`.
  func isCanonical() -> Bool {
    checkInvariants()
    func fits(_ b: BigInt) -> Bool {
      guard let v = b.intValue else { return false }
      return v != Int.min
    }
    return isInline == (fits(numerator) && fits(denominator))
  }
}

extension BigInt {
  var isInline: Bool {
    if case .small = storage { return true }
    return false
  }

  /// Inline iff the value is an `Int64` other than `Int64.min`.
  func isCanonical() -> Bool {
    guard let v = intValue, v != Int.min else { return !isInline }
    return isInline
  }
}
