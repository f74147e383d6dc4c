import Formats
import LinearAlgebra
import Model
import Rational

/// The trajectory-wise effective smoothness of one PGA step (SPEC section 2):
/// with `v = δ_{t+1} − δ_t ≠ 0`, `φ(τ) = g_s(δ_t + τv)` and `G = ⟨∇g_s(δ_t), v⟩`,
/// `β_t = max(0, sup_{0<τ≤1} 2(φ(0) + τG − φ(τ)) / (τ²||v||²))`.
public enum Smoothness: Hashable, Sendable, CustomStringConvertible {
  case finite(Rational)
  /// The ratio is unbounded as τ → 0⁺: the start point sits on a kink whose one-sided
  /// derivative along v is smaller than G.
  case infinite

  public var description: String {
    switch self {
    case .finite(let r): return r.description
    case .infinite: return "inf"
    }
  }

  public var finiteValue: Rational? {
    if case .finite(let r) = self { return r }
    return nil
  }

  /// Order with `.infinite` above every finite value.
  public static func maximum(_ a: Smoothness, _ b: Smoothness) -> Smoothness {
    switch (a, b) {
    case (.finite(let x), .finite(let y)): return .finite(Rational.maximum(x, y))
    default: return .infinite
    }
  }
}

/// One affine piece of the policy along a segment: on `[start, end]`,
/// `π(x0 + τ dx) = origin + τ·direction`.
public struct SegmentPiece: Sendable {
  public var start: Rational
  public var end: Rational
  public var origin: [Rational]
  public var direction: [Rational]
}

extension Policy {
  /// Splits the segment `x0 + τ dx`, `τ ∈ [0, 1]`, at the exact parameters where a
  /// pre-activation crosses a kink, and returns the policy's affine form on each piece.
  ///
  /// On a piece, each layer's input is affine in τ: `a(τ) = a0 + τ a1`. A neuron's
  /// piece is read off just to the right of the piece's start: from its value there,
  /// or from the sign of its slope when it sits on a kink (a neuron constant on a kink
  /// keeps the kink's value). The next break is the smallest kink crossing after it.
  /// Complexity: O(pieces × weights).
  public func pieces(from x0: [Rational], along dx: [Rational]) -> [SegmentPiece] {
    var result: [SegmentPiece] = []
    var start = Rational.zero
    while start < 1 {
      var a0 = x0, a1 = dx
      var next = Rational.one
      for layer in layers {
        var z0 = layer.linear(a0), z1 = layer.linear(a1)
        for i in z0.indices { z0[i] += layer.bias[i] }
        let act = layer.activation
        let kinks = act.kinks
        if kinks.isEmpty { a0 = z0; a1 = z1; continue }
        for i in z0.indices {
          let zi = z0[i], slope1 = z1[i]
          let valueAtStart = slope1.isZero ? zi : zi + start * slope1
          var k = act.pieceIndex(of: valueAtStart)
          if k == nil, slope1.signum != 0 {
            let kinkIndex = kinks.firstIndex(of: valueAtStart)!
            k = slope1.signum > 0 ? kinkIndex + 1 : kinkIndex
          }
          if let k {
            let (s, o) = act.piece(k)
            z0[i] = s * zi + o
            z1[i] = s * slope1
          } else {
            z0[i] = act(valueAtStart)  // constant on the kink over this piece
          }
          if !slope1.isZero {
            for kink in kinks {
              let tau = (kink - zi) / slope1
              if tau > start && tau < next { next = tau }
            }
          }
        }
        a0 = z0
        a1 = z1
      }
      result.append(SegmentPiece(start: start, end: next, origin: a0, direction: a1))
      start = next
    }
    return result
  }
}

extension Policy {
  /// `β_t` for the step from `x0` (the point `s + δ_t`, where the objective is `phi0`
  /// and the ascent gradient `grad` under the derivative conventions) by `v ≠ 0`.
  ///
  /// On each piece `[τa, τb]`, `φ(τ) = c0 + c1τ + c2τ²`; with `w = 1/τ` the ratio is
  /// `(a w² + b w + c)/||v||²`, `a = 2(φ0 − c0)`, `b = 2(G − c1)`, `c = −2c2`, whose sup
  /// over the piece is at an end or at the vertex `τ* = −2a/b` (a < 0). On a piece
  /// starting at τ = 0, `a = 0` and `b > 0` makes the sup infinite.
  public func effectiveSmoothness(
    from x0: [Rational], step v: [Rational], objective phi0: Rational, gradient grad: [Rational],
    loss: QuadraticLoss, target: [Rational]
  ) -> (value: Smoothness, pieceCount: Int) {
    let G = dot(grad, v)
    let vv = squaredNorm2(v)
    precondition(!vv.isZero, "β_t needs a step that moves")
    var best = Rational.zero
    let segmentPieces = pieces(from: x0, along: v)
    for piece in segmentPieces {
      let (c0, c1, c2) = loss.quadraticAlong(origin: piece.origin, direction: piece.direction, target: target)
      let a = 2 * (phi0 - c0), b = 2 * (G - c1), c = -2 * c2
      func ratio(_ tau: Rational) -> Rational {
        let w = tau.reciprocal!
        return (a * w * w + b * w + c) / vv
      }
      var candidates: [Rational] = [ratio(piece.end)]
      if piece.start.isZero {
        if a.signum > 0 || (a.isZero && b.signum > 0) { return (.infinite, segmentPieces.count) }
        if a.isZero && b.isZero { candidates.append(c / vv) }
      } else {
        candidates.append(ratio(piece.start))
      }
      if a.signum < 0 && b.signum > 0 {
        let tauStar = -2 * a / b
        if tauStar > piece.start && tauStar < piece.end { candidates.append(ratio(tauStar)) }
      }
      for r in candidates where r > best { best = r }
    }
    return (.finite(best), segmentPieces.count)
  }
}
