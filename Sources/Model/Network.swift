import Rational

/// One layer `z ↦ σ(W z + b)` with entries in F; `weights[i][j]` maps input j to output i.
public struct NetworkLayer<F: PGAScalar>: Sendable {
  public var weights: [[F]]
  public var bias: [F]
  public var activation: Activation {
    didSet {
      slope = activation.slope(in: F.self)
      kind = activation.kind
    }
  }
  /// The leaky_relu slope in F (0 otherwise) and the activation's kind, kept so hot loops
  /// neither convert the slope nor copy the activation's exact payload.
  public private(set) var slope: F
  public private(set) var kind: ActivationKind

  public init(weights: [[F]], bias: [F], activation: Activation) {
    precondition(weights.count == bias.count, "one bias per output")
    self.weights = weights
    self.bias = bias
    self.activation = activation
    slope = activation.slope(in: F.self)
    kind = activation.kind
  }

  /// The nearest values in F of an exact layer.
  public init(rounding layer: Layer) {
    self.init(weights: layer.weights.map { $0.map(F.nearest) }, bias: layer.bias.map(F.nearest),
              activation: layer.activation)
  }

  public var inputCount: Int { weights.first?.count ?? 0 }
  public var outputCount: Int { bias.count }

  /// `σ(z)` in F.
  @inlinable public func apply(_ z: F) -> F { kind.value(z, slope: slope) }
  /// `σ'(z)` in F, with the kink conventions.
  @inlinable public func derivative(_ z: F) -> F { kind.derivative(z, slope: slope) }

  /// `W a + b`, each entry summed from the bias, left to right.
  @inlinable public func affine(_ a: [F]) -> [F] {
    var z = bias
    for i in z.indices {
      let row = weights[i]
      var s = z[i]
      for j in row.indices { s += row[j] * a[j] }
      z[i] = s
    }
    return z
  }

  /// `D (W v)` for the diagonal D given as a vector (rows with `d_i = 0` skipped).
  @inlinable public func applied(_ v: [F], scaledBy d: [F]) -> [F] {
    var out = [F](repeating: 0, count: weights.count)
    for i in out.indices where d[i] != 0 {
      let row = weights[i]
      var s = F.zero
      for j in row.indices { s += row[j] * v[j] }
      out[i] = d[i] * s
    }
    return out
  }

  /// `Wᵀ w` (rows with `w_i = 0` skipped).
  @inlinable public func transposeApplied(_ w: [F]) -> [F] {
    var out = [F](repeating: 0, count: inputCount)
    for i in w.indices where w[i] != 0 {
      let row = weights[i], wi = w[i]
      for j in out.indices { out[j] += row[j] * wi }
    }
    return out
  }
}

extension NetworkLayer: Equatable where F: Equatable {
  public static func == (a: Self, b: Self) -> Bool {
    a.weights == b.weights && a.bias == b.bias && a.activation == b.activation
  }
}

extension NetworkLayer: Hashable where F: Hashable {
  public func hash(into h: inout Hasher) {
    h.combine(weights)
    h.combine(bias)
    h.combine(activation)
  }
}

/// A policy `π : R^d → R^m` with every number in F: the chain of `NetworkLayer`s. With
/// `F = Rational` it is the exact policy; with a float type, its nearest rounding.
///
/// The Jacobian at x is `J = D_L W_L ⋯ D_1 W_1` with `D_l = diag(σ'(z_l))` under the kink
/// conventions; it is never formed, only applied (`jvp`, `vjp`).
public struct Network<F: PGAScalar>: Sendable {
  public var inputDimension: Int
  public var layers: [NetworkLayer<F>]

  public init(inputDimension: Int, layers: [NetworkLayer<F>]) {
    self.inputDimension = inputDimension
    self.layers = layers
  }

  /// The nearest network in F of an exact policy (the policy itself when F is `Rational`).
  public init(rounding policy: Policy) {
    self.init(inputDimension: policy.inputDimension, layers: policy.layers.map(NetworkLayer.init(rounding:)))
  }

  public var outputDimension: Int { layers.last?.outputCount ?? inputDimension }
}

extension Network: Equatable where F: Equatable {}
extension Network: Hashable where F: Hashable {}

/// The evaluation of a `Network` at one point.
public struct Evaluation<F: PGAScalar>: Sendable {
  /// `a_{l−1}`, the input of layer l (`inputs[0]` is the point).
  public var inputs: [[F]]
  /// `z_l = W_l a_{l−1} + b_l`.
  public var preactivations: [[F]]
  /// `σ'(z_l)`: the activation pattern's derivative values.
  public var derivatives: [[F]]
  /// `π(x)`.
  public var output: [F]

  @inlinable
  public init(inputs: [[F]], preactivations: [[F]], derivatives: [[F]], output: [F]) {
    self.inputs = inputs
    self.preactivations = preactivations
    self.derivatives = derivatives
    self.output = output
  }

  /// `σ(z_l)` per layer (the last one is the output).
  public var activations: [[F]] { Array(inputs.dropFirst()) + [output] }
}

extension Network {
  /// Evaluates `π` at `x`: one multiply-add per weight.
  @inlinable
  public func forward(_ x: [F]) -> Evaluation<F> {
    var a = x
    var inputs: [[F]] = [], pre: [[F]] = [], der: [[F]] = []
    inputs.reserveCapacity(layers.count)
    pre.reserveCapacity(layers.count)
    der.reserveCapacity(layers.count)
    for layer in layers {
      inputs.append(a)
      let z = layer.affine(a)
      pre.append(z)
      der.append(z.map(layer.derivative))
      a = z.map(layer.apply)
    }
    return Evaluation(inputs: inputs, preactivations: pre, derivatives: der, output: a)
  }

  /// `J v` at the evaluation's point (forward mode, its activation pattern).
  @inlinable
  public func jvp(_ v: [F], at pass: Evaluation<F>) -> [F] {
    var u = v
    for (l, layer) in layers.enumerated() { u = layer.applied(u, scaledBy: pass.derivatives[l]) }
    return u
  }

  /// `Jᵀ w` at the evaluation's point (reverse mode, its activation pattern).
  @inlinable
  public func vjp(_ w: [F], at pass: Evaluation<F>) -> [F] {
    var u = w
    for l in layers.indices.reversed() {
      let d = pass.derivatives[l]
      for i in u.indices { u[i] *= d[i] }
      u = layers[l].transposeApplied(u)
    }
    return u
  }
}

extension Network {
  /// Whether some pre-activation of the evaluation sits exactly on a kink of its activation
  /// (where the convention derivative is not the derivative of either neighbouring piece, in general).
  public func touchesKink(_ pass: Evaluation<F>) -> Bool {
    for (layer, z) in zip(layers, pass.preactivations) {
      let kinks = layer.activation.kinks.map(F.nearest)
      if !kinks.isEmpty, z.contains(where: { kinks.contains($0) }) { return true }
    }
    return false
  }

  /// The Jacobian at the evaluation's point under the kink conventions (rows: outputs,
  /// columns: inputs), row i being `Jᵀ e_i`.
  public func jacobian(at pass: Evaluation<F>) -> [[F]] {
    let m = outputDimension
    return (0..<m).map { i in
      var e = [F](repeating: 0, count: m)
      e[i] = 1
      return vjp(e, at: pass)
    }
  }
}

extension Policy {
  /// `π(x)`, exactly (the generic engine on `Rational`).
  public func output(at x: [Rational]) -> [Rational] { Network<Rational>(rounding: self).forward(x).output }
}
