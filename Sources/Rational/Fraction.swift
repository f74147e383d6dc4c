internal import CGMP

/// An exact rational `p/q` with `q > 0` kept UNreduced: for candidates that are
/// mostly compared and discarded (e.g. the kink crossings along a segment, of which
/// only the smallest is kept), this skips the gcd that every `Rational` pays.
/// `reduced` gives the canonical `Rational` (one gcd).
public struct Fraction: Sendable {
  /// p, then q.
  let block: MPZBlock

  init(uninitialized: Void) { block = MPZBlock(count: 2) }

  var p: UnsafeMutablePointer<__mpz_struct> { block[0] }
  var q: UnsafeMutablePointer<__mpz_struct> { block[1] }

  public init(_ r: Rational) {
    self.init(uninitialized: ())
    r.withParts { n, d in
      __gmpz_set(p, n)
      __gmpz_set(q, d)
    }
  }

  /// The value in lowest terms: one gcd.
  public var reduced: Rational { withExtendedLifetime(block) { Rational.reducing(p, over: q) } }

  /// Exact order by cross-multiplication; a plain comparison of numerators when the
  /// denominators agree. Complexity: at most two products.
  public static func < (a: Fraction, b: Fraction) -> Bool {
    withExtendedLifetime((a.block, b.block)) {
      if __gmpz_cmp(a.q, b.q) == 0 { return __gmpz_cmp(a.p, b.p) < 0 }
      return withTemporaryMPZ(0) { lhs in
        withTemporaryMPZ(0) { rhs in
          __gmpz_mul(lhs, a.p, b.q)
          __gmpz_mul(rhs, b.p, a.q)
          return __gmpz_cmp(lhs, rhs) < 0
        }
      }
    }
  }
}

extension ScaledVector {
  /// The parameter τ at which the affine function `x_i + τ·slope_i` reaches `level`:
  /// `τ = (level − x_i) / slope_i`, unreduced. Precondition: `slope_i ≠ 0`.
  /// With x = N/D, slope = S/E and level = l/m: `τ = (l D − m N_i) E / (m S_i D)`;
  /// when D = E and m = 1 (an integer kink, the usual case) that is `(l D − N_i) / S_i`:
  /// no product beyond `l D`.
  public func crossing(_ i: Int, slope: ScaledVector, level: Rational) -> Fraction {
    precondition(slope.signum(i) != 0, "crossing: zero slope")
    return withExtendedLifetime((block, slope.block)) {
      level.withParts { l, m in
        let r = Fraction(uninitialized: ())
        __gmpz_mul(r.p, l, den)
        __gmpz_submul(r.p, m, num(i))
        __gmpz_mul(r.q, m, slope.num(i))
        if __gmpz_cmp(den, slope.den) != 0 {
          __gmpz_mul(r.p, r.p, slope.den)
          __gmpz_mul(r.q, r.q, den)
        }
        if aajr_mpz_sgn(r.q) < 0 {
          __gmpz_neg(r.p, r.p)
          __gmpz_neg(r.q, r.q)
        }
        return r
      }
    }
  }
}
