import Formats
import LinearAlgebra
import Model
import Rational

/// `SegmentPiece` with `ScaledVector` values: on `[start, end]`,
/// `π(x0 + τ dx) = origin + τ·direction`.
struct ScaledSegmentPiece {
  var start: Rational
  var end: Rational
  var origin: ScaledVector
  var direction: ScaledVector
}

extension ScaledPolicy {
  /// `Policy.pieces(from:along:)` on the fast path, piece for piece the same.
  ///
  /// Per layer, `z(τ) = z0 + τ z1`. A neuron's piece is read off at the piece's start
  /// `zs = z0 + start·z1`; the kink k is crossed after the start iff `k − zs` has the
  /// sign of `z1` (so `τ = (k − z0)/z1 > start` needs no division), and that τ is
  /// kept, unreduced, only when below the best so far (`Fraction`, cross-multiplied).
  /// The chosen end is reduced once per piece. `x0` and `dx` are first put over one
  /// denominator, which every layer then keeps, so the crossings need no extra product.
  /// On the first piece the values at τ = 0 are those of the forward pass at `x0`
  /// (each neuron's chosen piece agrees with σ at its start, σ being continuous), so
  /// `pass`, when given, supplies them and saves one product per layer.
  /// Complexity: O(pieces × weights) multiply-adds, no gcd per neuron.
  func pieces(from x0: ScaledVector, along dx: ScaledVector, pass: ScaledForwardPass? = nil) -> [ScaledSegmentPiece] {
    let (origin, direction) = ScaledVector.aligned(x0, dx)
    var result: [ScaledSegmentPiece] = []
    var start = Rational.zero
    while start < 1 {
      var a0 = origin, a1 = direction
      var next = Fraction(1)
      var nextIsOne = true
      for (l, layer) in layers.enumerated() {
        let (z0, z1) = ScaledVector.aligned(
          start.isZero && pass != nil ? pass!.preactivations[l] : layer.matrix.affine(a0), layer.matrix.times(a1))
        let act = layer.activation
        let kinks = act.kinks
        if kinks.isEmpty {
          (a0, a1) = (z0, z1)
          continue
        }
        let zs = start.isZero ? z0 : z0.adding(z1, times: start)
        var slopes = [Rational](), offsets = [Rational]()
        slopes.reserveCapacity(z0.count)
        offsets.reserveCapacity(z0.count)
        for i in 0..<z0.count {
          let slopeSign = z1.signum(i)
          let location = act.location(of: zs, i)
          var k: Int?
          switch location {
          case .piece(let p): k = p
          case .kink(let j): k = slopeSign == 0 ? nil : (slopeSign > 0 ? j + 1 : j)
          }
          if let k {
            let (s, o) = act.piece(k)
            slopes.append(s)
            offsets.append(o)
          } else {
            // Constant on the kink over this piece.
            slopes.append(0)
            if case .kink(let j) = location { offsets.append(act(kinks[j])) }
          }
          if slopeSign != 0 {
            for kink in kinks where zs.compare(i, to: kink) == -slopeSign {
              let tau = z0.crossing(i, slope: z1, level: kink)
              if tau < next {
                next = tau
                nextIsOne = false
              }
            }
          }
        }
        let allOffsetsZero = offsets.allSatisfy(\.isZero)
        (a0, a1) = ScaledVector.aligned(
          z0.entrywiseAffine(slopes: slopes, offsets: allOffsetsZero ? nil : offsets),
          z1.entrywiseAffine(slopes: slopes))
      }
      let end = nextIsOne ? Rational.one : next.reduced
      result.append(ScaledSegmentPiece(start: start, end: end, origin: a0, direction: a1))
      start = end
    }
    return result
  }

  /// `Policy.effectiveSmoothness` on the fast path, with `G = ⟨∇g, v⟩` and
  /// `vv = ||v||² ≠ 0` given (and optionally the forward pass at `x0`): the same
  /// candidates per piece, the same value.
  func effectiveSmoothness(
    from x0: ScaledVector, step v: ScaledVector, stepSquaredLength vv: Rational,
    objective phi0: Rational, slope G: Rational, loss: ScaledLoss, pass: ScaledForwardPass? = nil
  ) -> (value: Smoothness, pieceCount: Int) {
    precondition(!vv.isZero, "β_t needs a step that moves")
    let segmentPieces = pieces(from: x0, along: v, pass: pass)
    let sup = smoothnessOverPieces(segmentPieces, objective: phi0, slope: G, span: { ($0.start, $0.end) },
                                   lossAlong: { loss.quadraticAlong(origin: $0.origin, direction: $0.direction) })
    return (sup.map { .finite($0 / vv) } ?? .infinite, segmentPieces.count)
  }
}
