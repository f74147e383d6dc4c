import Rational
import RealModule

/// The PGA in IEEE binary32 (`aajr crosscheck --precision float32`): every input is
/// rounded to the nearest float (correctly, not through a double) and every operation
/// is float32's own, as a PyTorch model trained in the default dtype computes.
extension Float: PGAScalar {
  public static func nearest(_ r: Rational) -> Float { r.floatNearest() }
  public var exactValue: Rational? { try? Rational(exactly: self) }
}

extension PGARun where F == Float {
  /// The same run with every value widened to `Double` (exact: every float is a double),
  /// so one comparison serves both precisions.
  public var widened: PGARun<Double> {
    PGARun<Double>(index: index, points: points.map { p in
      PGAPoint<Double>(t: p.t, delta: p.delta.map(Double.init), input: p.input.map(Double.init),
                       objective: Double(p.objective), preactivations: p.preactivations.map { $0.map(Double.init) },
                       activations: p.activations.map { $0.map(Double.init) }, pattern: p.pattern,
                       gainSquared: p.gainSquared.map(Double.init))
    })
  }
}
