/// Inline-path arithmetic on canonical `(numerator, denominator)` pairs of `Int64`.
///
/// Each function returns the canonical result, or nil when an intermediate or the
/// result would not fit the inline form (the caller then takes the GMP path).
/// The gcd bookkeeping follows Knuth, TAOCP vol. 2, 4.5.1, so that results come out
/// reduced with the smallest possible intermediates.
@usableFromInline enum Small {
  @inlinable @inline(__always)
  static func gcd(_ a: Int64, _ b: Int64) -> Int64 {
    Int64(bitPattern: binaryGCD(a.magnitude, b.magnitude))
  }

  /// `x / g` for a divisor `g` of `x`; skips the (slow) division when `g == 1`, the
  /// common case for reduced operands.
  @inlinable @inline(__always)
  static func div(_ x: Int64, _ g: Int64) -> Int64 { g == 1 ? x : x / g }

  @inlinable @inline(__always)
  static func mul(_ x: Int64, _ y: Int64) -> Int64? {
    let (p, o) = x.multipliedReportingOverflow(by: y)
    return o || p == Int64.min ? nil : p
  }

  @inlinable @inline(__always)
  static func add(_ x: Int64, _ y: Int64) -> Int64? {
    let (p, o) = x.addingReportingOverflow(y)
    return o || p == Int64.min ? nil : p
  }

  /// `a/b + c/d`.
  @inlinable
  static func add(_ a: Int64, _ b: Int64, _ c: Int64, _ d: Int64) -> (Int64, Int64)? {
    if b == d {
      guard let n = add(a, c) else { return nil }
      if b == 1 { return (n, 1) }
      if n == 0 { return (0, 1) }
      let g = gcd(n, b)
      return (div(n, g), div(b, g))
    }
    let g = gcd(b, d)
    if g == 1 {
      // gcd(ad + cb, bd) = 1 when gcd(b, d) = 1 and both inputs are reduced.
      guard let ad = mul(a, d), let cb = mul(c, b), let n = add(ad, cb), let q = mul(b, d) else { return nil }
      return (n, q)
    }
    let b1 = b / g, d1 = d / g
    guard let ad = mul(a, d1), let cb = mul(c, b1), let t = add(ad, cb) else { return nil }
    if t == 0 { return (0, 1) }
    let g2 = gcd(t, g)
    guard let q = mul(b1, div(d, g2)) else { return nil }
    return (div(t, g2), q)
  }

  /// `a/b · c/d`.
  @inlinable
  static func mul(_ a: Int64, _ b: Int64, _ c: Int64, _ d: Int64) -> (Int64, Int64)? {
    if a == 0 || c == 0 { return (0, 1) }
    if b == 1 && d == 1 {
      guard let n = mul(a, c) else { return nil }
      return (n, 1)
    }
    let g1 = gcd(a, d), g2 = gcd(c, b)
    guard let n = mul(div(a, g1), div(c, g2)), let q = mul(div(b, g2), div(d, g1)) else { return nil }
    return (n, q)
  }

  /// `a/b < c/d`, exact through a 128-bit cross product.
  @inlinable @inline(__always)
  static func less(_ a: Int64, _ b: Int64, _ c: Int64, _ d: Int64) -> Bool {
    if b == d { return a < c }
    return Int128(a) * Int128(d) < Int128(c) * Int128(b)
  }
}
