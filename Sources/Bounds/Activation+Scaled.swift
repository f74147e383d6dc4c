import Formats
import LinearAlgebra
import Model
import Rational

/// Where entry i of a vector lies relative to an activation's kinks.
enum KinkLocation {
  /// Strictly inside piece k (numbered from 0 below the first kink).
  case piece(Int)
  /// Exactly on kink j.
  case kink(Int)
}

extension Activation {
  /// Where `z_i` lies: one comparison with each kink up to the first that is not below
  /// it (O(1) each for the kinks 0 and ±1). Same answer as `pieceIndex(of: z[i])`.
  func location(of z: ScaledVector, _ i: Int) -> KinkLocation {
    var k = 0
    for kink in kinks {
      let c = z.compare(i, to: kink)
      if c == 0 { return .kink(k) }
      if c < 0 { return .piece(k) }
      k += 1
    }
    return .piece(k)
  }

  /// `σ'(z)` at a point located by `location(of:_:)`; equals `derivative(at:)`.
  func derivative(at location: KinkLocation) -> Rational {
    switch location {
    case .piece(let k): return piece(k).slope
    case .kink(let j): return derivative(at: kinks[j])  // the kink conventions, defined once
    }
  }

  /// `(slope, offset)` of an affine form that gives `σ(z)` at a point located by
  /// `location(of:_:)`: the point's piece, or on kink j the piece to its right (σ is
  /// continuous, so both neighbours agree there).
  func affineForm(at location: KinkLocation) -> (slope: Rational, offset: Rational) {
    switch location {
    case .piece(let k): return piece(k)
    case .kink(let j): return piece(j + 1)
    }
  }
}
