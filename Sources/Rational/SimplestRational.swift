extension Rational {
  /// The simplest rational in the closed interval `[a, b]`: the one with the smallest
  /// denominator, and among those the smallest magnitude (the node of `[a, b]` nearest the
  /// root of the Stern–Brocot tree). Precondition: `a ≤ b`.
  ///
  /// Method: if `[a, b]` contains an integer, the one nearest zero; otherwise, with `n` the
  /// common integer part, `n + 1 / simplest(1/(b−n), 1/(a−n))` — the continued fractions of `a`
  /// and `b` are followed while they agree. Complexity: O(length of the shorter continued
  /// fraction) rational operations.
  public static func simplest(in a: Rational, _ b: Rational) -> Rational {
    precondition(a <= b, "Rational.simplest: empty interval [\(a), \(b)]")
    if a.signum <= 0 && b.signum >= 0 { return .zero }
    if b.signum < 0 { return -simplestPositive(-b, -a) }
    return simplestPositive(a, b)
  }

  /// The simplest rational in `[a, b]`, `0 < a ≤ b`.
  private static func simplestPositive(_ a: Rational, _ b: Rational) -> Rational {
    var terms: [BigInt] = []
    var x = a, y = b
    while true {
      let n = x.floor
      let nq = Rational(n)
      if nq == x { terms.append(n); break }
      if y.floor > n { terms.append(n + 1); break }
      terms.append(n)
      (x, y) = (Rational.one / (y - nq), Rational.one / (x - nq))
    }
    var value = Rational(terms.removeLast())
    while let t = terms.popLast() { value = Rational(t) + Rational.one / value }
    return value
  }
}
