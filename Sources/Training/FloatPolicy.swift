import Bounds
import Formats
import LinearAlgebra
import Model
import Rational

/// The floating-point twin of `Bounds.Policy`: the same chain of affine layers and
/// activations, in `Double`, for training.
///
/// - Derivatives at kinks follow PyTorch's autograd, as the exact side does:
///   `relu'(0) = 0`, `leaky_relu'(0) = slope`, `hardtanh'(±1) = 0`, `abs'(0) = 0`.
/// - `exactPolicy()` converts every double to the rational it *is* (no rounding), so the
///   exact verifier checks the very network that was trained.
public struct FloatPolicy: Hashable, Sendable {
  public var inputDimension: Int
  public var layers: [FloatLayer]

  public init(inputDimension: Int, layers: [FloatLayer]) {
    self.inputDimension = inputDimension
    self.layers = layers
  }

  public var outputDimension: Int { layers.last?.outputCount ?? inputDimension }

  /// The nearest doubles of an exact policy (exact when its numbers are dyadic and fit).
  public init(rounding policy: Policy) {
    inputDimension = policy.inputDimension
    layers = policy.layers.map { l in
      FloatLayer(weights: l.weights.map { $0.map { $0.doubleNearest() } },
                 bias: l.bias.map { $0.doubleNearest() }, activation: l.activation)
    }
  }

  /// The exact policy whose numbers are the exact values of these doubles.
  /// Precondition: every weight and bias is finite.
  public func exactPolicy() -> Policy {
    func exact(_ x: Double) -> Rational {
      guard let r = try? Rational(exactly: x) else { preconditionFailure("non-finite parameter \(x)") }
      return r
    }
    return Policy(inputDimension: inputDimension, layers: layers.map { l in
      Layer(weights: l.weights.map { $0.map(exact) }, bias: l.bias.map(exact), activation: l.activation)
    })
  }

  /// Whether every parameter is finite.
  public var isFinite: Bool {
    layers.allSatisfy { l in l.weights.allSatisfy { $0.allSatisfy(\.isFinite) } && l.bias.allSatisfy(\.isFinite) }
  }

  /// A network with PyTorch's default `nn.Linear` initialisation: every weight and bias
  /// uniform in `[−1/√fan_in, 1/√fan_in)`, drawn layer by layer, row by row, weights
  /// before biases, from `rng`.
  public static func random(
    inputDimension d: Int, hidden: [Int], outputDimension m: Int,
    hiddenActivation: Activation = .relu, outputActivation: Activation = .identity,
    using rng: inout SplitMix64
  ) -> FloatPolicy {
    var layers: [FloatLayer] = []
    var fanIn = d
    for (k, width) in (hidden + [m]).enumerated() {
      let bound = 1 / Double(fanIn).squareRoot()
      let w = (0..<width).map { _ in (0..<fanIn).map { _ in rng.uniform(-bound, bound) } }
      let b = (0..<width).map { _ in rng.uniform(-bound, bound) }
      layers.append(FloatLayer(weights: w, bias: b, activation: k == hidden.count ? outputActivation : hiddenActivation))
      fanIn = width
    }
    return FloatPolicy(inputDimension: d, layers: layers)
  }
}

/// One layer `z ↦ σ(W z + b)` in `Double`; `weights[i][j]` maps input j to output i.
public struct FloatLayer: Hashable, Sendable {
  public var weights: [[Double]]
  public var bias: [Double]
  public var activation: Activation {
    didSet { kind = FloatActivation(activation) }
  }
  var kind: FloatActivation

  public init(weights: [[Double]], bias: [Double], activation: Activation) {
    precondition(weights.count == bias.count, "one bias per output")
    self.weights = weights
    self.bias = bias
    self.activation = activation
    kind = FloatActivation(activation)
  }

  public var inputCount: Int { weights.first?.count ?? 0 }
  public var outputCount: Int { bias.count }

  public static func == (a: FloatLayer, b: FloatLayer) -> Bool {
    a.weights == b.weights && a.bias == b.bias && a.activation == b.activation
  }
  public func hash(into h: inout Hasher) {
    h.combine(weights)
    h.combine(bias)
    h.combine(activation)
  }
}

/// An activation with its slope already in `Double` (hot loops never touch GMP).
enum FloatActivation: Hashable, Sendable {
  case identity, relu, leakyReLU(Double), hardtanh, abs

  init(_ a: Activation) {
    switch a {
    case .identity: self = .identity
    case .relu: self = .relu
    case .leakyReLU(let s): self = .leakyReLU(s.doubleNearest())
    case .hardtanh: self = .hardtanh
    case .abs: self = .abs
    }
  }

  @inline(__always) func value(_ z: Double) -> Double {
    switch self {
    case .identity: return z
    case .relu: return z > 0 ? z : 0
    case .leakyReLU(let s): return z >= 0 ? z : s * z
    case .hardtanh: return z < -1 ? -1 : (z > 1 ? 1 : z)
    case .abs: return Swift.abs(z)
    }
  }

  /// `σ'(z)` with PyTorch's kink conventions.
  @inline(__always) func derivative(_ z: Double) -> Double {
    switch self {
    case .identity: return 1
    case .relu: return z > 0 ? 1 : 0
    case .leakyReLU(let s): return z > 0 ? 1 : s
    case .hardtanh: return (z > -1 && z < 1) ? 1 : 0
    case .abs: return z > 0 ? 1 : (z < 0 ? -1 : 0)
    }
  }
}

/// The evaluation of a float policy at one point: each layer's input, pre-activations
/// and activation derivatives (the activation pattern), and the output.
public struct FloatPass: Sendable {
  /// `a_{l−1}`, the input of layer l (`inputs[0]` is the point).
  public var inputs: [[Double]]
  public var preactivations: [[Double]]
  /// `σ'(z_l)`: the activation pattern.
  public var derivatives: [[Double]]
  public var output: [Double]
}

extension FloatPolicy {
  /// Evaluates `π` at `x`.
  public func forward(_ x: [Double]) -> FloatPass {
    var a = x
    var inputs: [[Double]] = [], pre: [[Double]] = [], der: [[Double]] = []
    inputs.reserveCapacity(layers.count)
    pre.reserveCapacity(layers.count)
    der.reserveCapacity(layers.count)
    for layer in layers {
      inputs.append(a)
      var z = layer.bias
      for i in z.indices {
        let row = layer.weights[i]
        var s = z[i]
        for j in row.indices { s += row[j] * a[j] }
        z[i] = s
      }
      pre.append(z)
      der.append(z.map(layer.kind.derivative))
      a = z.map(layer.kind.value)
    }
    return FloatPass(inputs: inputs, preactivations: pre, derivatives: der, output: a)
  }

  /// `J v` at the pass's point (forward mode, the pattern of `pass`).
  public func jvp(_ v: [Double], at pass: FloatPass) -> [Double] {
    var u = v
    for (l, layer) in layers.enumerated() { u = layer.applied(u, scaledBy: pass.derivatives[l]) }
    return u
  }

  /// `Jᵀ w` at the pass's point (reverse mode, the pattern of `pass`).
  public func vjp(_ w: [Double], at pass: FloatPass) -> [Double] {
    var u = w
    for l in layers.indices.reversed() {
      let d = pass.derivatives[l]
      for i in u.indices { u[i] *= d[i] }
      u = layers[l].transposeApplied(u)
    }
    return u
  }
}

extension FloatLayer {
  /// `D (W v)` for a diagonal D given as a vector.
  @inline(__always) func applied(_ v: [Double], scaledBy d: [Double]) -> [Double] {
    var out = [Double](repeating: 0, count: weights.count)
    for i in out.indices where d[i] != 0 {
      let row = weights[i]
      var s = 0.0
      for j in row.indices { s += row[j] * v[j] }
      out[i] = d[i] * s
    }
    return out
  }

  /// `Wᵀ w`.
  @inline(__always) func transposeApplied(_ w: [Double]) -> [Double] {
    var out = [Double](repeating: 0, count: inputCount)
    for i in w.indices where w[i] != 0 {
      let row = weights[i], wi = w[i]
      for j in out.indices { out[j] += row[j] * wi }
    }
    return out
  }
}
