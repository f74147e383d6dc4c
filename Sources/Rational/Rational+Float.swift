extension Rational {
  /// Rounds to the nearest `Float` (IEEE binary32), ties to even; values beyond the
  /// finite range round to ±infinity.
  ///
  /// Rounding to a double first and then to a float can round twice the wrong way only
  /// when the double lands exactly halfway between two floats; that case is decided by
  /// comparing `self` with the halfway point exactly.
  public func floatNearest() -> Float {
    let d = doubleNearest()
    let f = Float(d)
    guard f.isFinite, Double(f) != d else { return f }
    let other = Double(f) < d ? f.nextUp : f.nextDown
    guard other.isFinite, Double(f) + Double(other) == 2 * d else { return f }
    // d is the exact midpoint of f and other: the true value decides, not the tie rule.
    let exactD = try! Rational(exactly: d)
    if self == exactD { return f }
    let upper = Swift.max(f, other), lower = Swift.min(f, other)
    return self > exactD ? upper : lower
  }
}
