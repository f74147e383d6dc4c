import Formats
import LinearAlgebra
import Model
import Rational

/// `QuadraticLoss` for one target, on `ScaledVector`s (fast exact path):
/// `𝓛(z) = ½ rᵀ(Q r + 2b)`, `∇𝓛(z) = Q r + b` with `r = z − y`; Q as an integer
/// matrix over one denominator. Each scalar result costs one gcd.
struct ScaledLoss {
  /// Q; nil for `squared_error` (Q = I).
  var q: ScaledMatrix?
  /// b and 2b; nil when b = 0.
  var b: ScaledVector?
  var twiceB: ScaledVector?
  var target: ScaledVector

  init(_ loss: QuadraticLoss, target: [Rational]) {
    q = loss.isSquaredError ? nil : ScaledMatrix(loss.Q)
    if loss.b.allSatisfy(\.isZero) {
      b = nil
      twiceB = nil
    } else {
      b = ScaledVector(loss.b)
      twiceB = ScaledVector(loss.b.map { 2 * $0 })
    }
    self.target = ScaledVector(target)
  }

  func applyQ(_ r: ScaledVector) -> ScaledVector { q?.times(r) ?? r }

  /// `𝓛(z)`.
  func value(at z: ScaledVector) -> Rational {
    let r = z - target
    let qr = applyQ(r)
    return r.dot(twiceB.map { qr + $0 } ?? qr) / 2
  }

  /// `∇𝓛(z) = Q(z − y) + b`.
  func gradient(at z: ScaledVector) -> ScaledVector {
    let qr = applyQ(z - target)
    return b.map { qr + $0 } ?? qr
  }

  /// Coefficients of `τ ↦ 𝓛(p0 + τ p1) = c0 + c1 τ + c2 τ²`:
  /// `c0 = 𝓛(p0)`, `c1 = p1ᵀ(Q r0 + b)`, `c2 = ½ p1ᵀ Q p1`.
  func quadraticAlong(origin p0: ScaledVector, direction p1: ScaledVector)
    -> (c0: Rational, c1: Rational, c2: Rational)
  {
    let r0 = p0 - target
    let qr0 = applyQ(r0)
    let c0 = r0.dot(twiceB.map { qr0 + $0 } ?? qr0) / 2
    let c1 = p1.dot(b.map { qr0 + $0 } ?? qr0)
    let c2 = p1.dot(applyQ(p1)) / 2
    return (c0, c1, c2)
  }
}
