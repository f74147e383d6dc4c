internal import CGMP

/// An exact rational vector stored as integer numerators over ONE common positive
/// denominator: `x_i = N_i / D`.
///
/// Why: with one denominator, sums and integer-matrix products are plain integer
/// multiply-adds (`mpz_addmul_ui`), with no gcd per operation, where `[Rational]`
/// pays a gcd for every `+` and `*`. The representation need not be reduced:
/// `normalized()` divides out `gcd(D, N_1, …, N_n)` (for a power-of-two D, the common
/// trailing zero bits: no gcd at all); call it once in a while (e.g. once per PGA
/// step) so sizes stay those of the reduced form. Exact results leave through
/// `rationals`, `subscript`, `dot` and `squaredNorm` with one gcd each.
///
/// Values are immutable: every operation returns a new vector. Copies share storage.
///
/// Invariant: `D > 0` (entries and D are GMP integers; there is no inline form). Two
/// representations of one value may differ by a common factor, so `==` compares values.
/// Nothing here is `@inlinable`: each operation is one call into this module, where GMP is.
public struct ScaledVector: Sendable {
  /// `count` numerators followed by the denominator.
  let block: MPZBlock
  public let count: Int

  /// A zero-filled vector of `count` entries with denominator 0 (callers set it).
  init(uninitialized count: Int) {
    block = MPZBlock(count: count + 1)
    self.count = count
  }

  func num(_ i: Int) -> UnsafeMutablePointer<__mpz_struct> { block.base + i }
  var den: UnsafeMutablePointer<__mpz_struct> { block.base + count }

  /// The zero vector (denominator 1).
  public init(zeros count: Int) {
    self.init(uninitialized: count)
    __gmpz_set_ui(den, 1)
  }

  /// `xs` over the least common denominator of its entries. Complexity: one lcm and
  /// one exact division per distinct denominator, one product per entry.
  public init(_ xs: [Rational]) {
    self.init(uninitialized: xs.count)
    let d = den
    __gmpz_set_ui(d, 1)
    for x in xs {
      x.withParts { _, q in
        if __gmpz_cmp_ui(q, 1) != 0, __gmpz_divisible_p(d, q) == 0 { __gmpz_lcm(d, d, q) }
      }
    }
    withTemporaryMPZ(0) { f in
      for (i, x) in xs.enumerated() {
        x.withParts { p, q in
          __gmpz_divexact(f, d, q)
          Multiplier(f).multiply(num(i), p)
        }
      }
    }
  }

  /// The entries in lowest terms: one gcd each.
  public var rationals: [Rational] { (0..<count).map { self[$0] } }

  /// Entry `i` in lowest terms: one gcd.
  public subscript(i: Int) -> Rational {
    withExtendedLifetime(block) { Rational.reducing(num(i), over: den) }
  }

  /// The sign of entry `i`: −1, 0 or 1. O(1).
  public func signum(_ i: Int) -> Int {
    withExtendedLifetime(block) { Int(aajr_mpz_sgn(num(i))) }
  }

  /// Whether every entry is 0. O(n).
  public var isZero: Bool {
    withExtendedLifetime(block) { (0..<count).allSatisfy { aajr_mpz_sgn(num($0)) == 0 } }
  }

  /// The sign of `x_i − r`: −1, 0 or 1. O(1) for r ∈ {0, ±1} (a comparison with ±D),
  /// otherwise two products.
  public func compare(_ i: Int, to r: Rational) -> Int {
    withExtendedLifetime(block) {
      let n = num(i)
      if r.isZero { return Int(aajr_mpz_sgn(n)) }
      if r == 1 { return Int(__gmpz_cmp(n, den).signum()) }
      if r == -1 {
        // x + 1 = (N + D)/D: N ≥ 0 gives +1; otherwise the sign of D − |N|.
        return aajr_mpz_sgn(n) >= 0 ? 1 : Int(__gmpz_cmpabs(den, n).signum())
      }
      return r.withParts { p, q in
        withTemporaryMPZ(0) { lhs in
          withTemporaryMPZ(0) { rhs in
            __gmpz_mul(lhs, n, q)
            __gmpz_mul(rhs, p, den)
            return Int(__gmpz_cmp(lhs, rhs).signum())
          }
        }
      }
    }
  }

  /// Bits in the common denominator: the size the integer arithmetic works at.
  public var denominatorBitWidth: Int {
    withExtendedLifetime(block) { __gmpz_sizeinbase(den, 2) }
  }

  /// The same vector with `gcd(D, N_1, …, N_n)` divided out, so the common
  /// denominator is the lcm of the reduced entries' denominators. Complexity: for the
  /// power-of-two part, one trailing-zero count per entry; for an odd part > 1, gcds
  /// until the running gcd is 1; then one exact division per entry when it is not 1.
  public func normalized() -> ScaledVector {
    withExtendedLifetime(block) {
      var shift = __gmpz_scan1(den, 0)
      for i in 0..<count where shift > 0 && aajr_mpz_sgn(num(i)) != 0 {
        shift = Swift.min(shift, __gmpz_scan1(num(i), 0))
      }
      return withTemporaryMPZ(0) { g in
        __gmpz_tdiv_q_2exp(g, den, __gmpz_scan1(den, 0))  // the odd part of D
        for i in 0..<count where __gmpz_cmp_ui(g, 1) != 0 && aajr_mpz_sgn(num(i)) != 0 {
          __gmpz_gcd(g, g, num(i))
        }
        let oddOne = __gmpz_cmp_ui(g, 1) == 0
        if shift == 0 && oddOne { return self }
        let r = ScaledVector(uninitialized: count)
        for i in 0...count {
          __gmpz_tdiv_q_2exp(r.num(i), num(i), shift)
          if !oddOne { __gmpz_divexact(r.num(i), r.num(i), g) }
        }
        return r
      }
    }
  }

  /// `a` and `b` over one common denominator `lcm(D_a, D_b)` (both returned as is when
  /// their denominators already agree). Complexity: one gcd of the denominators and
  /// one product (usually a shift) per entry.
  public static func aligned(_ a: ScaledVector, _ b: ScaledVector) -> (ScaledVector, ScaledVector) {
    withExtendedLifetime((a.block, b.block)) {
      if __gmpz_cmp(a.den, b.den) == 0 { return (a, b) }
      return withTemporaryMPZ(0) { fa in
        withTemporaryMPZ(0) { fb in
          __gmpz_gcd(fa, a.den, b.den)
          __gmpz_divexact(fb, a.den, fa)  // b's factor D_a/g
          __gmpz_divexact(fa, b.den, fa)  // a's factor D_b/g
          return (a.multiplied(by: fa), b.multiplied(by: fb))
        }
      }
    }
  }

  /// `N_i · f / (D · f)`: the same values over a larger denominator.
  func multiplied(by f: UnsafePointer<__mpz_struct>) -> ScaledVector {
    let m = Multiplier(f)
    if m.isOne { return self }
    let r = ScaledVector(uninitialized: count)
    for i in 0...count { m.multiply(r.num(i), num(i)) }
    return r
  }
}

extension ScaledVector: Equatable {
  /// Equality of values (not of representations). O(n) products.
  public static func == (a: ScaledVector, b: ScaledVector) -> Bool {
    guard a.count == b.count else { return false }
    let (x, y) = aligned(a, b)
    return withExtendedLifetime((x.block, y.block)) {
      (0..<x.count).allSatisfy { __gmpz_cmp(x.num($0), y.num($0)) == 0 }
    }
  }
}

extension ScaledVector: CustomStringConvertible {
  public var description: String { "[" + rationals.map(\.description).joined(separator: ", ") + "]" }
}
