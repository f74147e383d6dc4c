import Rational
import RealModule

/// A number type the model can be evaluated in: an ordered field. `Double` (and, for
/// the float cross-check, other IEEE types) run it in floating point with every input
/// rounded to nearest; `Rational` runs it exactly.
///
/// - `nearest(_:)` is exact for `Rational` and rounds to nearest for a float type (a static
///   function, not an initializer, so `Double.init` stays unambiguous for callers).
/// - `exactValue` is the exact rational value (nil for NaN and infinities).
public protocol PGAScalar: AlgebraicField, Comparable, Sendable {
  static func nearest(_ r: Rational) -> Self
  var exactValue: Rational? { get }
}

extension Double: PGAScalar {
  public static func nearest(_ r: Rational) -> Double { r.doubleNearest() }
  public var exactValue: Rational? { try? Rational(exactly: self) }
}

extension Rational: PGAScalar {
  public static func nearest(_ r: Rational) -> Rational { r }
  public var exactValue: Rational? { self }
}
