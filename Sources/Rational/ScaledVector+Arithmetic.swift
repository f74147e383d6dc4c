internal import CGMP

// Vector arithmetic on `ScaledVector` (x = N/D). Every operation is integer
// multiply-adds on the numerators plus O(1) work on the denominators; none reduces
// (see `normalized()`), except the scalar results, which cost one gcd each.

extension ScaledVector {
  /// `a ± b` over `lcm(D_a, D_b)`: `N = N_a·(D_b/g) ± N_b·(D_a/g)`, `g = gcd(D_a, D_b)`.
  /// Complexity: one gcd of the denominators, two products (usually shifts) per entry.
  static func combine(_ a: ScaledVector, _ b: ScaledVector, subtract: Bool) -> ScaledVector {
    precondition(a.count == b.count, "ScaledVector: dimension mismatch")
    return withExtendedLifetime((a.block, b.block)) {
      withTemporaryMPZ(0) { fa in
        withTemporaryMPZ(0) { fb in
          withTemporaryMPZ(0) { scratch in
            let r = ScaledVector(uninitialized: a.count)
            if __gmpz_cmp(a.den, b.den) == 0 {
              __gmpz_set_ui(fa, 1)
              __gmpz_set_ui(fb, 1)
            } else {
              __gmpz_gcd(fa, a.den, b.den)
              __gmpz_divexact(fb, a.den, fa)
              __gmpz_divexact(fa, b.den, fa)
            }
            let ma = Multiplier(fa), mb = Multiplier(fb)
            for i in 0..<a.count {
              ma.multiply(r.num(i), a.num(i))
              if subtract {
                mb.subtractProduct(r.num(i), b.num(i), scratch: scratch)
              } else {
                mb.addProduct(r.num(i), b.num(i), scratch: scratch)
              }
            }
            ma.multiply(r.den, a.den)
            return r
          }
        }
      }
    }
  }

  public static func + (a: ScaledVector, b: ScaledVector) -> ScaledVector { combine(a, b, subtract: false) }
  public static func - (a: ScaledVector, b: ScaledVector) -> ScaledVector { combine(a, b, subtract: true) }

  /// `r · x`: numerators times r's numerator, D times r's denominator. O(n) products.
  public func scaled(by r: Rational) -> ScaledVector {
    if r.isZero { return ScaledVector(zeros: count) }
    if r == 1 { return self }
    return withExtendedLifetime(block) {
      r.withParts { p, q in
        withTemporaryMPZ(0) { magnitude in
          __gmpz_abs(magnitude, p)
          let negative = aajr_mpz_sgn(p) < 0
          let result = ScaledVector(uninitialized: count)
          let mp = Multiplier(magnitude)
          for i in 0..<count {
            mp.multiply(result.num(i), num(i))
            if negative { __gmpz_neg(result.num(i), result.num(i)) }
          }
          Multiplier(q).multiply(result.den, den)
          return result
        }
      }
    }
  }

  /// `x + r·y`. Complexity: that of `scaled(by:)` plus `+`.
  public func adding(_ y: ScaledVector, times r: Rational) -> ScaledVector {
    r.isZero ? self : self + y.scaled(by: r)
  }

  /// `Σ a_i b_i`, exact and reduced: n products, then one gcd.
  public func dot(_ b: ScaledVector) -> Rational {
    precondition(count == b.count, "ScaledVector: dimension mismatch")
    return withExtendedLifetime((block, b.block)) {
      withTemporaryMPZ(0) { acc in
        for i in 0..<count { __gmpz_addmul(acc, num(i), b.num(i)) }
        if aajr_mpz_sgn(acc) == 0 { return .zero }
        return withTemporaryMPZ(0) { d in
          __gmpz_mul(d, den, b.den)
          return Rational.reducing(acc, over: d)
        }
      }
    }
  }

  /// `Σ x_i²`, exact and reduced: n squarings, then one gcd.
  public var squaredNorm: Rational { dot(self) }

  /// `s_i x_i + o_i` entrywise (`offsets` nil means all 0): with `L` the lcm of the
  /// coefficients' denominators, `N'_i = (s_i L) N_i + (o_i L) D`, `D' = L D`.
  /// For integer coefficients (ReLU patterns, ±1, hardtanh's ±1 offsets) L = 1 and
  /// this is a copy, negation or word product per entry. Complexity: O(n) products.
  public func entrywiseAffine(slopes: [Rational], offsets: [Rational]? = nil) -> ScaledVector {
    precondition(slopes.count == count && (offsets?.count ?? count) == count, "ScaledVector: dimension mismatch")
    if let r = entrywiseAffineInWords(slopes: slopes, offsets: offsets) { return r }
    return entrywiseAffineInGeneral(slopes: slopes, offsets: offsets)
  }

  /// The word-sized case of `entrywiseAffine`: nil when some coefficient times L, or
  /// L itself, does not fit a machine word.
  private func entrywiseAffineInWords(slopes: [Rational], offsets: [Rational]?) -> ScaledVector? {
    var l = 1
    func include(_ r: Rational) -> Bool {
      guard let (_, d) = r.smallParts else { return false }
      if d == 1 || l % d == 0 { return true }
      let g = Int(binaryGCD(UInt64(l), UInt64(d)))
      let (m, o) = l.multipliedReportingOverflow(by: d / g)
      l = m
      return !o
    }
    func scaledByL(_ r: Rational) -> Int? {
      guard let (n, d) = r.smallParts else { return nil }
      let (m, o) = n.multipliedReportingOverflow(by: l / d)
      return o || m == Int.min ? nil : m
    }
    guard slopes.allSatisfy(include), offsets?.allSatisfy(include) ?? true else { return nil }
    var s = [Int](), o = [Int]()
    s.reserveCapacity(count)
    for x in slopes { guard let v = scaledByL(x) else { return nil }; s.append(v) }
    if let offsets {
      o.reserveCapacity(count)
      for x in offsets { guard let v = scaledByL(x) else { return nil }; o.append(v) }
    }
    return withExtendedLifetime(block) {
      let r = ScaledVector(uninitialized: count)
      for i in 0..<count {
        switch s[i] {
        case 0: break
        case 1: __gmpz_set(r.num(i), num(i))
        case -1: __gmpz_neg(r.num(i), num(i))
        default: __gmpz_mul_si(r.num(i), num(i), s[i])
        }
        if !o.isEmpty { addProduct(r.num(i), den, o[i]) }
      }
      __gmpz_mul_ui(r.den, den, UInt(l))
      return r
    }
  }

  /// The general case of `entrywiseAffine`, with integer coefficients of any size.
  private func entrywiseAffineInGeneral(slopes: [Rational], offsets: [Rational]?) -> ScaledVector {
    withExtendedLifetime(block) {
      withTemporaryMPZ(1) { l in
        withTemporaryMPZ(0) { c in
          for x in slopes + (offsets ?? []) { x.withParts { _, q in __gmpz_lcm(l, l, q) } }
          let r = ScaledVector(uninitialized: count)
          for i in 0..<count {
            slopes[i].withParts { p, q in
              __gmpz_divexact(c, l, q)
              __gmpz_mul(c, c, p)
              __gmpz_mul(r.num(i), num(i), c)
            }
            offsets?[i].withParts { p, q in
              __gmpz_divexact(c, l, q)
              __gmpz_mul(c, c, p)
              __gmpz_addmul(r.num(i), den, c)
            }
          }
          __gmpz_mul(r.den, den, l)
          return r
        }
      }
    }
  }

  /// The sign of `a_i − b_j`. O(1) when the denominators agree, else two products.
  static func compareEntries(_ a: ScaledVector, _ i: Int, _ b: ScaledVector, _ j: Int) -> Int {
    withExtendedLifetime((a.block, b.block)) {
      if __gmpz_cmp(a.den, b.den) == 0 { return Int(__gmpz_cmp(a.num(i), b.num(j)).signum()) }
      return withTemporaryMPZ(0) { lhs in
        withTemporaryMPZ(0) { rhs in
          __gmpz_mul(lhs, a.num(i), b.den)
          __gmpz_mul(rhs, b.num(j), a.den)
          return Int(__gmpz_cmp(lhs, rhs).signum())
        }
      }
    }
  }

  /// Projection onto the box `[lower, upper]`: entry i is `lower_i` when `x_i < lower_i`,
  /// else `upper_i` when `x_i > upper_i`, else `x_i`; and whether any entry moved.
  /// Complexity: at most two comparisons per entry; when something moved, one lcm of
  /// the three denominators and one product per entry.
  public func clamped(lower: ScaledVector, upper: ScaledVector) -> (value: ScaledVector, clipped: Bool) {
    precondition(lower.count == count && upper.count == count, "ScaledVector: dimension mismatch")
    var source = [UInt8](repeating: 0, count: count)  // 0: x, 1: lower, 2: upper
    for i in 0..<count {
      if Self.compareEntries(self, i, lower, i) < 0 {
        source[i] = 1
      } else if Self.compareEntries(self, i, upper, i) > 0 {
        source[i] = 2
      }
    }
    if source.allSatisfy({ $0 == 0 }) { return (self, false) }
    let parts = [self, lower, upper]
    return withExtendedLifetime((block, lower.block, upper.block)) {
      withTemporaryMPZ(0) { f in
        let r = ScaledVector(uninitialized: count)
        __gmpz_set(r.den, den)
        for k in 1...2 where source.contains(UInt8(k)) { __gmpz_lcm(r.den, r.den, parts[k].den) }
        for k in 0...2 where source.contains(UInt8(k)) {
          __gmpz_divexact(f, r.den, parts[k].den)
          let m = Multiplier(f)
          for i in 0..<count where source[i] == k { m.multiply(r.num(i), parts[k].num(i)) }
        }
        return (r, true)
      }
    }
  }
}
