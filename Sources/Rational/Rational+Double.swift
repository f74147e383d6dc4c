internal import CGMP

extension Rational {
  /// The exact value of a finite binary floating-point number (every finite double
  /// is a dyadic rational). Throws `RationalError.notFinite` for NaN and infinities.
  public init<F: BinaryFloatingPoint>(exactly value: F) throws {
    guard value.isFinite else { throw RationalError.notFinite }
    if value == 0 { self = .zero; return }
    // value = significandBits-with-implicit-bit · 2^(exponent − significandBitCount)
    let sig = value.significandBitPattern
    let normal = value.isNormal
    let m = normal ? (sig | (1 << F.RawSignificand(F.significandBitCount))) : sig
    // A subnormal's `exponent` is that of its leading bit; its significand bits count
    // in units of the least normal magnitude's ulp, as the normal ones do at exponent min.
    let e = Int(normal ? value.exponent : F.leastNormalMagnitude.exponent) - F.significandBitCount
    var r = Rational(BigInt(Int(m)))
    if value.sign == .minus { r = -r }
    self = r.scaled(byPowerOfTwo: e)
  }

  /// Rounds to the nearest `Double`, ties to even (unlike GMP's `mpq_get_d`, which
  /// truncates). Values beyond the finite range round to ±infinity.
  public func doubleNearest() -> Double {
    if case .small(let n, let d) = storage, n.magnitude <= 1 << 53, d <= 1 << 53 {
      return Double(n) / Double(d)  // both exact; IEEE division rounds correctly
    }
    let s = signum
    if s == 0 { return 0 }
    let mag = roundedMagnitudeToDouble(numerator.magnitude, denominator)
    return s < 0 ? -mag : mag
  }

  /// The largest double `≤ self` (−infinity below the finite range).
  public func doubleDown() -> Double {
    let d = doubleNearest()
    if d.isInfinite { return d > 0 ? .greatestFiniteMagnitude : d }
    return (try! Rational(exactly: d)) > self ? d.nextDown : d
  }

  /// The smallest double `≥ self` (+infinity above the finite range).
  public func doubleUp() -> Double {
    let d = doubleNearest()
    if d.isInfinite { return d < 0 ? -.greatestFiniteMagnitude : d }
    return (try! Rational(exactly: d)) < self ? d.nextUp : d
  }
}

/// `n/d` for `n, d > 0`, rounded to the nearest double, ties to even.
///
/// Method: scale to an integer quotient `q = floor(n·2^s/d)` with 55–56 bits (or, in
/// the subnormal range, in units of 2^-1074), then round to the target precision with
/// the remainder as the sticky bit.
private func roundedMagnitudeToDouble(_ n: BigInt, _ d: BigInt) -> Double {
  let e = n.bitLength - d.bitLength  // n/d ∈ (2^(e-1), 2^(e+1))
  if e > 1025 { return .infinity }
  if e < -1080 { return 0 }  // below half the smallest subnormal
  func quotient(shift s: Int) -> (q: BigInt, sticky: Bool) {
    let (num, den) = s >= 0 ? (n.shiftedLeft(by: s), d) : (n, d.shiftedLeft(by: -s))
    let (q, r) = num.quotientAndRemainder(dividingBy: den)
    return (q, !r.isZero)
  }
  func roundBits(_ q: BigInt, drop: Int, sticky: Bool) -> BigInt {
    // q >> drop rounded to nearest even, with `sticky` meaning "more below q".
    guard drop > 0 else { return q }
    let unit = BigInt(1).shiftedLeft(by: drop)
    let (m, rem) = q.quotientAndRemainder(dividingBy: unit)
    let half = BigInt(1).shiftedLeft(by: drop - 1)
    if rem > half || (rem == half && (sticky || m.isOdd)) { return m + 1 }
    return m
  }
  var s = 55 - e
  var (q, sticky) = quotient(shift: s)
  let qb = q.bitLength
  let exponent = qb - 1 - s  // value ∈ [2^exponent, 2^(exponent+1))
  if exponent >= -1022 {
    var m = roundBits(q, drop: qb - 53, sticky: sticky)
    var ex = exponent - 52
    if m.bitLength > 53 { m = m.floorDivided(by: 2); ex += 1 }
    if ex + 52 > 1023 { return .infinity }
    return Double(sign: .plus, exponent: ex, significand: Double(m.intValue!))
  }
  s = 1074
  (q, sticky) = quotient(shift: s)
  let m = roundBits(q, drop: 0, sticky: false)
  // q counts units of 2^-1074; round the fractional remainder to nearest even.
  let adjusted: BigInt
  if sticky {
    // remainder r/den ∈ (0, 1): compare 2r with den
    let (num, den) = (n.shiftedLeft(by: s), d)
    let r = num - q * den
    let twice = r.shiftedLeft(by: 1)
    if twice > den || (twice == den && m.isOdd) { adjusted = m + 1 } else { adjusted = m }
  } else {
    adjusted = m
  }
  return Double(sign: .plus, exponent: -1074, significand: Double(adjusted.intValue!))
}

extension Double {
  /// The double nearest to `r`, ties to even.
  public init(_ r: Rational) { self = r.doubleNearest() }
}
