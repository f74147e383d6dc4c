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
  /// The sup is taken piece by piece (`smoothnessOnPiece`, which states the maths) and
  /// divided by `||v||²` once.
  public func effectiveSmoothness(
    from x0: [Rational], step v: [Rational], objective phi0: Rational, gradient grad: [Rational],
    loss: QuadraticLoss, target: [Rational]
  ) -> (value: Smoothness, pieceCount: Int) {
    let G = dot(grad, v)
    let vv = squaredNorm2(v)
    precondition(!vv.isZero, "β_t needs a step that moves")
    let segmentPieces = pieces(from: x0, along: v)
    let sup = smoothnessOverPieces(segmentPieces, objective: phi0, slope: G, span: { ($0.start, $0.end) },
                                   lossAlong: { loss.quadraticAlong(origin: $0.origin, direction: $0.direction, target: target) })
    return (sup.map { .finite($0 / vv) } ?? .infinite, segmentPieces.count)
  }
}
