/// A closed interval `[lower, upper]` of rationals, used to report an irrational value
/// (a square root, an eigenvalue) with certified bounds.
///
/// Invariant: `lower ≤ upper`. An exact value is the degenerate interval `lower == upper`.
public struct RationalInterval: Hashable, Sendable, CustomStringConvertible {
  /// The lower end (included).
  public var lower: Rational
  /// The upper end (included).
  public var upper: Rational

  /// `[lower, upper]`. Precondition: `lower ≤ upper`.
  public init(lower: Rational, upper: Rational) {
    precondition(lower <= upper, "RationalInterval: lower \(lower) > upper \(upper)")
    self.lower = lower
    self.upper = upper
  }

  /// The degenerate interval `[x, x]`.
  public init(exactly x: Rational) {
    lower = x
    upper = x
  }

  /// Whether the value is known exactly (`lower == upper`).
  public var isExact: Bool { lower == upper }

  /// `upper − lower`.
  public var width: Rational { upper - lower }

  /// `(lower + upper) / 2`.
  public var midpoint: Rational { (lower + upper) / 2 }

  /// `max(|lower|, |upper|)`, the largest magnitude in the interval.
  public var magnitude: Rational { Rational.maximum(lower.magnitude, upper.magnitude) }

  /// Whether `lower ≤ x ≤ upper`.
  public func contains(_ x: Rational) -> Bool { lower <= x && x <= upper }

  /// `{−x : x ∈ self}`.
  public static prefix func - (x: RationalInterval) -> RationalInterval {
    RationalInterval(lower: -x.upper, upper: -x.lower)
  }

  /// Whether `width ≤ relativeWidth · magnitude` (always true when exact).
  public func isNarrow(relativeWidth: Rational) -> Bool {
    isExact || width <= relativeWidth * magnitude
  }

  /// `x` when exact, else `[lower, upper]`.
  public var description: String { isExact ? lower.description : "[\(lower), \(upper)]" }
}
