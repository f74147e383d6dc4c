import Bounds
import Formats
import LinearAlgebra
import Model
import Rational

/// A tangent vector of a policy's parameters: one entry per weight and bias, shaped
/// like the policy. Gradients are accumulated into it by the hand-written reverse-mode
/// passes below.
package struct PolicyGradient: Equatable, Sendable {
  package var weights: [[[Double]]]
  package var bias: [[Double]]

  /// The zero tangent of `policy`.
  package init(zeroLike policy: FloatPolicy) {
    weights = policy.layers.map { l in l.weights.map { [Double](repeating: 0, count: $0.count) } }
    bias = policy.layers.map { [Double](repeating: 0, count: $0.bias.count) }
  }

  /// Every entry in a fixed order: layer by layer, the weights row by row, then the bias.
  package var flattened: [Double] {
    var out: [Double] = []
    for l in weights.indices {
      for row in weights[l] { out += row }
      out += bias[l]
    }
    return out
  }

  /// `self += c · other`.
  package mutating func add(_ other: PolicyGradient, scaledBy c: Double = 1) {
    for l in weights.indices {
      for i in weights[l].indices {
        for j in weights[l][i].indices { weights[l][i][j] += c * other.weights[l][i][j] }
        bias[l][i] += c * other.bias[l][i]
      }
    }
  }
}

extension FloatPolicy {
  /// Every parameter in `PolicyGradient.flattened`'s order.
  package var parameters: [Double] {
    get {
      var out: [Double] = []
      for l in layers {
        for row in l.weights { out += row }
        out += l.bias
      }
      return out
    }
    set {
      var k = 0
      for l in layers.indices {
        for i in layers[l].weights.indices {
          for j in layers[l].weights[i].indices { layers[l].weights[i][j] = newValue[k]; k += 1 }
        }
        for i in layers[l].bias.indices { layers[l].bias[i] = newValue[k]; k += 1 }
      }
      precondition(k == newValue.count, "parameter count")
    }
  }

  /// Reverse mode through the network: adds `c · ∂⟨g, π(x)⟩/∂θ` to `gradient` for the
  /// output cotangent `g` at the pass's point, and returns `Jᵀ g` (the input gradient).
  ///
  /// With `e_L = g`: for l = L … 1, `e ← D_l e`, `∂W_l += c e a_{l−1}ᵀ`, `∂b_l += c e`,
  /// `e ← W_lᵀ e`. The activation derivatives `D_l` are those of the pass (a kink counts
  /// with the PyTorch convention); second derivatives of piecewise-linear activations
  /// vanish off the kinks, so this is the exact gradient wherever no pre-activation is on one.
  @discardableResult
  package func accumulateOutputGradient(
    _ g: [Double], at pass: FloatPass, into gradient: inout PolicyGradient, scaledBy c: Double = 1
  ) -> [Double] {
    var e = g
    for l in layers.indices.reversed() {
      let d = pass.derivatives[l], a = pass.inputs[l]
      for i in e.indices {
        e[i] *= d[i]
        let ce = c * e[i]
        guard ce != 0 else { continue }
        gradient.bias[l][i] += ce
        for j in a.indices { gradient.weights[l][i][j] += ce * a[j] }
      }
      e = layers[l].transposeApplied(e)
    }
    return e
  }

  /// Reverse mode through a Jacobian-vector product with the activation pattern held fixed:
  /// adds `c · ∂⟨g, J(x) v⟩/∂θ` to `gradient`, where `J(x) v = D_L W_L ⋯ D_1 W_1 v` with the
  /// pattern `D_l` of the pass.
  ///
  /// Forward: `v_0 = v`, `v_l = D_l W_l v_{l−1}`. Reverse: `e = g`; for l = L … 1,
  /// `e ← D_l e`, `∂W_l += c e v_{l−1}ᵀ`, `e ← W_lᵀ e`. Biases do not enter `J v`
  /// (they move only the pattern, which is locally constant), so their entries stay.
  package func accumulateJVPGradient(
    direction v: [Double], cotangent g: [Double], at pass: FloatPass,
    into gradient: inout PolicyGradient, scaledBy c: Double = 1
  ) {
    var tangents: [[Double]] = []
    tangents.reserveCapacity(layers.count)
    var u = v
    for (l, layer) in layers.enumerated() {
      tangents.append(u)
      u = layer.applied(u, scaledBy: pass.derivatives[l])
    }
    var e = g
    for l in layers.indices.reversed() {
      let d = pass.derivatives[l], a = tangents[l]
      for i in e.indices {
        e[i] *= d[i]
        let ce = c * e[i]
        guard ce != 0 else { continue }
        for j in a.indices { gradient.weights[l][i][j] += ce * a[j] }
      }
      if l > 0 { e = layers[l].transposeApplied(e) }
    }
  }
}
