import Rational

/// `||v||² ·` the supremum of `β_t`'s ratio over one affine piece `[τa, τb]` of the step's
/// segment (SPEC section 2), for both exact engines (`Policy.effectiveSmoothness` on
/// `[Rational]`, `ScaledForwardPass`'s on `ScaledVector`).
///
/// On the piece the objective is `φ(τ) = c0 + c1τ + c2τ²` (the loss of the policy's affine form
/// there); with `w = 1/τ`, `2(φ(0) + τG − φ(τ))/τ² = a w² + b w + c` where `a = 2(φ0 − c0)`,
/// `b = 2(G − c1)`, `c = −2c2`. The supremum over the piece is at an end or at the vertex
/// `τ* = −2a/b` (a < 0 < b); on a piece starting at τ = 0 it is infinite when `a > 0`, or
/// `a = 0 < b` (the ratio grows without bound as τ → 0⁺), and `c` when `a = b = 0`.
///
/// - Returns: the largest candidate value of `a w² + b w + c` (the ratio times `||v||²`), or
///   nil when the supremum is infinite.
func smoothnessOnPiece(
  objective phi0: Rational, slope G: Rational, start: Rational, end: Rational,
  lossAlong c: (c0: Rational, c1: Rational, c2: Rational)
) -> Rational? {
  let a = 2 * (phi0 - c.c0), b = 2 * (G - c.c1), constant = -2 * c.c2
  func scaledRatio(_ tau: Rational) -> Rational {
    let w = tau.reciprocal!
    return (a * w + b) * w + constant
  }
  var best = scaledRatio(end)
  if start.isZero {
    if a.signum > 0 || (a.isZero && b.signum > 0) { return nil }
    if a.isZero && b.isZero { best = Rational.maximum(best, constant) }
  } else {
    best = Rational.maximum(best, scaledRatio(start))
  }
  if a.signum < 0 && b.signum > 0 {
    let tauStar = -2 * a / b
    if tauStar > start && tauStar < end { best = Rational.maximum(best, scaledRatio(tauStar)) }
  }
  return best
}

/// `||v||² ·` `β_t` over a whole segment: the largest `smoothnessOnPiece` over its pieces and 0,
/// or nil when some piece makes the supremum infinite. `span` gives a piece's `[τa, τb]`,
/// `lossAlong` the loss's coefficients `(c0, c1, c2)` along it.
func smoothnessOverPieces<Piece>(
  _ pieces: [Piece], objective phi0: Rational, slope G: Rational,
  span: (Piece) -> (start: Rational, end: Rational),
  lossAlong: (Piece) -> (c0: Rational, c1: Rational, c2: Rational)
) -> Rational? {
  var best = Rational.zero
  for piece in pieces {
    let (start, end) = span(piece)
    guard let r = smoothnessOnPiece(objective: phi0, slope: G, start: start, end: end, lossAlong: lossAlong(piece)) else {
      return nil
    }
    if r > best { best = r }
  }
  return best
}
