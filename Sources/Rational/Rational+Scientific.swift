extension Rational {
  /// Decimal scientific text `d.ddd…e±x` with `significantDigits` digits, rounded by
  /// `rule` (`.up` gives an upper bound of a non-negative value); `"0"` for zero.
  /// Exact: the digits come from rational arithmetic, never from a double.
  public func scientificString(significantDigits: Int = 6, rounding rule: FloatingPointRoundingRule = .toNearestOrEven)
    -> String
  {
    precondition(significantDigits >= 1)
    if isZero { return "0" }
    let m = magnitude
    // First guess of ⌊log10 m⌋ from the bit lengths, then corrected exactly.
    var e = Int((Double(m.numerator.bitLength - m.denominator.bitLength) * 0.301_029_995_663_981_2).rounded(.down))
    let ten = Rational(10)
    while m < ten.power(e) { e -= 1 }
    while m >= ten.power(e + 1) { e += 1 }
    var mantissa = (self / ten.power(e)).decimalString(fractionDigits: significantDigits - 1, rounding: rule)
    let digitsStart = mantissa.hasPrefix("-") ? 1 : 0
    if mantissa.dropFirst(digitsStart).hasPrefix("10") {
      // Rounded up to 10: renormalise.
      e += 1
      mantissa = (self / ten.power(e)).decimalString(fractionDigits: significantDigits - 1, rounding: rule)
    }
    return e == 0 ? mantissa : "\(mantissa)e\(e)"
  }

  /// About 17 significant digits, for people (the text is exact rounding, not a double's).
  public var decimalApproximation: String {
    if isInteger { return description }
    let text = scientificString(significantDigits: 17)
    // Drop trailing zeros of the mantissa: "3.4531250000000000" reads "3.453125".
    let parts = text.split(separator: "e", maxSplits: 1)
    var mantissa = String(parts[0])
    if mantissa.contains(".") {
      while mantissa.hasSuffix("0") { mantissa.removeLast() }
      if mantissa.hasSuffix(".") { mantissa.removeLast() }
    }
    return parts.count == 2 ? mantissa + "e" + parts[1] : mantissa
  }
}

/// Exact text when short, else a decimal with an explicit `≈`.
package func readable(_ r: Rational) -> String {
  let exact = r.description
  return exact.count <= 24 ? exact : "≈ \(r.approximateDescription)"
}

/// A certified interval, its ends rounded outward to 12 decimals when long.
package func readable(_ i: RationalInterval) -> String {
  if i.lower.description.count + i.upper.description.count <= 40 { return "[\(i.lower), \(i.upper)]" }
  return "[\(i.lower.decimalString(fractionDigits: 12, rounding: .down)), \(i.upper.decimalString(fractionDigits: 12, rounding: .up))]"
}
