import LinearAlgebra
import Model
import Rational

/// Test oracle: the plain `[Rational]` evaluation of a policy at one point x (production code
/// uses the generic `Network<Rational>` of Model): every layer's pre-activations,
/// outputs and activation derivatives (the activation pattern, PyTorch conventions).
/// The Jacobian at x is `J = D_L W_L ⋯ D_1 W_1`; it is never formed, only applied.
public struct ForwardPass: Sendable {
  public let point: [Rational]
  /// `z_l = W_l a_{l−1} + b_l`, per layer.
  public let preactivations: [[Rational]]
  /// `σ'(z_l)`, per layer: the activation pattern.
  public let derivatives: [[Rational]]
  /// `π(x)`.
  public let output: [Rational]

  /// Whether some pre-activation sits exactly on a kink of its activation.
  public let touchesKink: Bool
}

extension Policy {
  /// Evaluates `π` at `x`. Complexity: one multiply-add per weight.
  public func forward(_ x: [Rational]) -> ForwardPass {
    precondition(x.count == inputDimension)
    var a = x
    var pre: [[Rational]] = [], der: [[Rational]] = []
    pre.reserveCapacity(layers.count)
    der.reserveCapacity(layers.count)
    var onKink = false
    for layer in layers {
      var z = layer.linear(a)
      for i in z.indices { z[i] += layer.bias[i] }
      let act = layer.activation
      if !onKink, !act.kinks.isEmpty, z.contains(where: { act.pieceIndex(of: $0) == nil }) { onKink = true }
      pre.append(z)
      der.append(z.map { act.derivative(at: $0) })
      a = z.map { act($0) }
    }
    return ForwardPass(point: x, preactivations: pre, derivatives: der, output: a, touchesKink: onKink)
  }

  /// `J v`: the Jacobian-vector product at the pass's point.
  public func jacobianTimes(_ v: [Rational], at pass: ForwardPass) -> [Rational] {
    var u = v
    for (l, layer) in layers.enumerated() {
      let d = pass.derivatives[l]
      u = layer.linear(u)
      for i in u.indices { u[i] *= d[i] }
    }
    return u
  }

  /// `Jᵀ w`: the vector-Jacobian product at the pass's point (backpropagation).
  public func jacobianTransposeTimes(_ w: [Rational], at pass: ForwardPass) -> [Rational] {
    var u = w
    for l in layers.indices.reversed() {
      let d = pass.derivatives[l]
      for i in u.indices { u[i] *= d[i] }
      u = layers[l].linearTransposed(u)
    }
    return u
  }

  /// The Jacobian matrix at the pass's point (rows: outputs, columns: inputs).
  public func jacobian(at pass: ForwardPass) -> [[Rational]] {
    let m = outputDimension
    return (0..<m).map { i in
      var e = [Rational](repeating: 0, count: m)
      e[i] = 1
      return jacobianTransposeTimes(e, at: pass)
    }
  }
}
