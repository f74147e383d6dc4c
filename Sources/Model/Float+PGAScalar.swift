import LinearAlgebra
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
    func w(_ xs: [Float]) -> [Double] { xs.map(Double.init) }
    return PGARun<Double>(index: index, points: points.map { p in
      let e = p.evaluation
      let pass = Evaluation<Double>(inputs: e.inputs.map(w), preactivations: e.preactivations.map(w),
                                    derivatives: e.derivatives.map(w), output: w(e.output))
      return PGAPoint<Double>(t: p.t, delta: w(p.delta), evaluation: pass, objective: Double(p.objective),
                              pattern: p.pattern, ascent: p.ascent.map(w), gainSquared: p.gainSquared.map(Double.init))
    })
  }
}
