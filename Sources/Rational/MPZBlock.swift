internal import CGMP

/// Owns `count` contiguous heap `mpz_t`s, initialised to 0 and cleared exactly once,
/// in `deinit`. The storage behind `ScaledVector`, `ScaledMatrix` and `Fraction`:
/// one allocation for the structs, none per entry until GMP grows an entry's limbs
/// (GMP ≥ 6.2's `mpz_init` does not allocate).
///
/// Values built on a block are written while it is being constructed and only read
/// afterwards, so sharing a block between copies is safe.
final class MPZBlock: @unchecked Sendable {
  let base: UnsafeMutablePointer<__mpz_struct>
  let count: Int

  init(count: Int) {
    self.count = count
    base = .allocate(capacity: Swift.max(count, 1))
    for i in 0..<count { __gmpz_init(base + i) }
  }

  deinit {
    for i in 0..<count { __gmpz_clear(base + i) }
    base.deallocate()
  }

  subscript(i: Int) -> UnsafeMutablePointer<__mpz_struct> { base + i }
}

/// A positive integer factor `f`, classified once so that multiplying many integers
/// by it costs the least: nothing for 1, a shift for a power of two (the common
/// case: dyadic weights and data), one word for `f < 2^64`, a full product otherwise.
enum Multiplier {
  case one
  case shift(UInt)
  case word(UInt)
  case general(UnsafePointer<__mpz_struct>)

  /// Classifies `f > 0`; `.general` keeps the pointer, so `f` must outlive the use.
  init(_ f: UnsafePointer<__mpz_struct>) {
    let bits = __gmpz_sizeinbase(f, 2)
    if __gmpz_scan1(f, 0) == UInt(bits - 1) {
      self = bits == 1 ? .one : .shift(UInt(bits - 1))
    } else if bits <= 64 {
      self = .word(__gmpz_get_ui(f))
    } else {
      self = .general(f)
    }
  }

  var isOne: Bool { if case .one = self { return true } else { return false } }

  /// `dst = src · f` (`dst` may alias `src`).
  func multiply(_ dst: UnsafeMutablePointer<__mpz_struct>, _ src: UnsafePointer<__mpz_struct>) {
    switch self {
    case .one: if dst != UnsafeMutablePointer(mutating: src) { __gmpz_set(dst, src) }
    case .shift(let k): __gmpz_mul_2exp(dst, src, k)
    case .word(let w): __gmpz_mul_ui(dst, src, w)
    case .general(let f): __gmpz_mul(dst, src, f)
    }
  }

  /// `dst += src · f`; `scratch` is a work integer.
  func addProduct(
    _ dst: UnsafeMutablePointer<__mpz_struct>, _ src: UnsafePointer<__mpz_struct>,
    scratch: UnsafeMutablePointer<__mpz_struct>
  ) {
    switch self {
    case .one: __gmpz_add(dst, dst, src)
    case .shift(let k):
      __gmpz_mul_2exp(scratch, src, k)
      __gmpz_add(dst, dst, scratch)
    case .word(let w): __gmpz_addmul_ui(dst, src, w)
    case .general(let f): __gmpz_addmul(dst, src, f)
    }
  }

  /// `dst -= src · f`; `scratch` is a work integer.
  func subtractProduct(
    _ dst: UnsafeMutablePointer<__mpz_struct>, _ src: UnsafePointer<__mpz_struct>,
    scratch: UnsafeMutablePointer<__mpz_struct>
  ) {
    switch self {
    case .one: __gmpz_sub(dst, dst, src)
    case .shift(let k):
      __gmpz_mul_2exp(scratch, src, k)
      __gmpz_sub(dst, dst, scratch)
    case .word(let w): __gmpz_submul_ui(dst, src, w)
    case .general(let f): __gmpz_submul(dst, src, f)
    }
  }
}

/// `dst += src · w` for a machine word of either sign.
@inline(__always)
func addProduct(_ dst: UnsafeMutablePointer<__mpz_struct>, _ src: UnsafePointer<__mpz_struct>, _ w: Int) {
  if w > 0 { __gmpz_addmul_ui(dst, src, UInt(w)) } else if w < 0 { __gmpz_submul_ui(dst, src, w.magnitude) }
}

extension Rational {
  /// Runs `body` with read-only pointers to this value's numerator and (positive)
  /// denominator in lowest terms.
  func withParts<R>(
    _ body: (UnsafePointer<__mpz_struct>, UnsafePointer<__mpz_struct>) throws -> R
  ) rethrows -> R {
    try withMPQ { q in try body(aajr_mpq_numref_c(q), aajr_mpq_denref_c(q)) }
  }

  /// `n/d` in lowest terms, from an integer pair with `d > 0`: one gcd.
  static func reducing(
    _ n: UnsafePointer<__mpz_struct>, over d: UnsafePointer<__mpz_struct>
  ) -> Rational {
    if aajr_mpz_sgn(n) == 0 { return .zero }
    let r = MPQ()
    __gmpz_set(r.num, n)
    __gmpz_set(r.den, d)
    __gmpq_canonicalize(r.p)
    return .adopting(r)
  }

  /// This value's numerator and denominator as machine words, when both fit.
  var smallParts: (Int, Int)? {
    if case .small(let n, let d) = storage { return (Int(n), Int(d)) }
    return nil
  }
}
