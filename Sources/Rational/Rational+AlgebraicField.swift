import RealModule

/// `Rational` is a field: `+ − * /` are exact, so every field axiom holds exactly.
/// Algorithms written against `AlgebraicField` run on `Double` and `Rational` alike.
extension Rational: AlgebraicField {}

extension Rational {
  /// The smaller of two values.
  public static func minimum(_ a: Rational, _ b: Rational) -> Rational { a <= b ? a : b }
  /// The larger of two values.
  public static func maximum(_ a: Rational, _ b: Rational) -> Rational { a >= b ? a : b }
}
