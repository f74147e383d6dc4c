import Rational
import RealModule

/// `𝓛(z) = ½ (z−y)ᵀ Q (z−y) + bᵀ(z−y)` with entries in F (SPEC section 2): the exact loss
/// when F is `Rational`, its nearest rounding otherwise.
public struct LossFunction<F: PGAScalar>: Sendable {
  public var Q: [[F]]
  public var b: [F]

  public init(Q: [[F]], b: [F]) {
    self.Q = Q
    self.b = b
  }

  public init(rounding loss: QuadraticLoss) {
    Q = loss.Q.map { $0.map(F.nearest) }
    b = loss.b.map(F.nearest)
  }

  /// `(Q r, 𝓛)` for `r = z − y`: `𝓛 = ½ rᵀ(Q r) + bᵀ r`, every sum left to right.
  @inlinable
  public func valueAndQr(at z: [F], target y: [F]) -> (value: F, qr: [F]) {
    var r = z
    for i in r.indices { r[i] -= y[i] }
    var qr = [F](repeating: 0, count: r.count)
    var half = F.zero, linear = F.zero
    for i in r.indices {
      var s = F.zero
      for j in r.indices { s += Q[i][j] * r[j] }
      qr[i] = s
      half += r[i] * s
      linear += b[i] * r[i]
    }
    return (half / 2 + linear, qr)
  }

  /// `𝓛(z)`.
  @inlinable
  public func value(at z: [F], target y: [F]) -> F { valueAndQr(at: z, target: y).value }

  /// `∇𝓛(z) = Q(z−y) + b`.
  @inlinable
  public func gradient(at z: [F], target y: [F]) -> [F] {
    var g = valueAndQr(at: z, target: y).qr
    for i in g.indices { g[i] += b[i] }
    return g
  }
}

extension LossFunction: Equatable where F: Equatable {}
extension LossFunction: Hashable where F: Hashable {}
