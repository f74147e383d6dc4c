import Formats
import LinearAlgebra
import Model
import Rational

/// A policy compiled for the fast exact path: each layer as an integer matrix over one
/// common denominator (`ScaledMatrix`), applied to `ScaledVector`s, so a forward pass,
/// JVP or VJP costs one word-by-integer multiply-add per weight and no gcd.
/// Same values as `forward`, `jacobianTimes` and `jacobianTransposeTimes` on `[Rational]`.
struct ScaledPolicy {
  struct CompiledLayer {
    var matrix: ScaledMatrix
    var activation: Activation
  }

  var layers: [CompiledLayer]

  /// Complexity: one lcm per distinct weight denominator, one product per weight.
  init(_ policy: Policy) {
    layers = policy.layers.map {
      CompiledLayer(matrix: ScaledMatrix($0.weights, bias: $0.bias), activation: $0.activation)
    }
  }
}

/// `ForwardPass` with `ScaledVector` values.
struct ScaledForwardPass {
  /// `z_l = W_l a_{l−1} + b_l`, per layer.
  var preactivations: [ScaledVector]
  /// `σ'(z_l)` per layer (the activation pattern); nil for an identity layer (all 1).
  var derivatives: [[Rational]?]
  /// `π(x)`.
  var output: ScaledVector
  /// Whether some pre-activation sits exactly on a kink of its activation.
  var touchesKink: Bool
}

extension ScaledPolicy {
  /// Evaluates `π` at `x`: per layer `z = W a + b`, then the pattern and `a = σ(z)`
  /// entrywise. Complexity: one multiply-add per weight, O(1) comparisons per neuron.
  func forward(_ x: ScaledVector) -> ScaledForwardPass {
    var a = x
    var derivatives: [[Rational]?] = [], preactivations: [ScaledVector] = []
    derivatives.reserveCapacity(layers.count)
    preactivations.reserveCapacity(layers.count)
    var onKink = false
    for layer in layers {
      let z = layer.matrix.affine(a)
      preactivations.append(z)
      let act = layer.activation
      if act.kinks.isEmpty {
        derivatives.append(nil)
        a = z
        continue
      }
      var d = [Rational](), slopes = [Rational](), offsets = [Rational]()
      d.reserveCapacity(z.count)
      slopes.reserveCapacity(z.count)
      offsets.reserveCapacity(z.count)
      for i in 0..<z.count {
        let where_ = act.location(of: z, i)
        if case .kink = where_ { onKink = true }
        d.append(act.derivative(at: where_))
        let (s, o) = act.affineForm(at: where_)
        slopes.append(s)
        offsets.append(o)
      }
      derivatives.append(d)
      a = z.entrywiseAffine(slopes: slopes, offsets: offsets.allSatisfy(\.isZero) ? nil : offsets)
    }
    return ScaledForwardPass(preactivations: preactivations, derivatives: derivatives, output: a, touchesKink: onKink)
  }

  /// `J v` at the pass's point: `u ↦ D_l W_l u` per layer.
  func jacobianTimes(_ v: ScaledVector, at pass: ScaledForwardPass) -> ScaledVector {
    var u = v
    for (l, layer) in layers.enumerated() {
      u = layer.matrix.times(u)
      if let d = pass.derivatives[l] { u = u.entrywiseAffine(slopes: d) }
    }
    return u
  }

  /// `Jᵀ w` at the pass's point (backpropagation): `u ↦ W_lᵀ D_l u` per layer, last first.
  func jacobianTransposeTimes(_ w: ScaledVector, at pass: ScaledForwardPass) -> ScaledVector {
    var u = w
    for l in layers.indices.reversed() {
      if let d = pass.derivatives[l] { u = u.entrywiseAffine(slopes: d) }
      u = layers[l].matrix.transposeTimes(u)
    }
    return u
  }
}
