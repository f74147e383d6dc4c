import LinearAlgebra
import Rational
import RealModule

/// A number type the PGA of SPEC section 2 can run on: an ordered field. `Double`
/// runs it in floating point (every input rounded to nearest), `Rational` exactly.
///
/// - `nearest(_:)` is exact for `Rational` and rounds to nearest for `Double` (a static
///   function, not an initializer, so `Double.init` stays unambiguous for callers).
/// - `exactValue` is the exact rational value (nil for NaN and infinities).
public protocol PGAScalar: AlgebraicField, Comparable, Sendable {
  static func nearest(_ r: Rational) -> Self
  var exactValue: Rational? { get }
}

extension Double: PGAScalar {
  public static func nearest(_ r: Rational) -> Double { r.doubleNearest() }
  public var exactValue: Rational? { try? Rational(exactly: self) }
}

extension Rational: PGAScalar {
  public static func nearest(_ r: Rational) -> Rational { r }
  public var exactValue: Rational? { self }
}

extension Activation {
  /// The branch of the derivative at `z` under the kink conventions
  /// (`relu'(0) = 0`, `leaky_relu'(0) = slope`, `hardtanh'(±1) = 0`, `abs'(0) = 0`):
  /// two points have the same activation pattern iff every neuron has the same branch.
  ///
  /// - identity: 0; relu, leaky_relu: 1 when z > 0, else 0;
  /// - abs: 0 (z < 0, σ' = −1), 1 (z = 0, σ' = 0), 2 (z > 0, σ' = 1);
  /// - hardtanh: 1 inside (−1, 1), else 0.
  public func derivativeBranch<F: PGAScalar>(at z: F) -> Int {
    switch self {
    case .identity: return 0
    case .relu, .leakyReLU: return z > 0 ? 1 : 0
    case .abs: return z > 0 ? 2 : (z < 0 ? 0 : 1)
    case .hardtanh: return (z > -1 && z < 1) ? 1 : 0
    }
  }
}

/// One layer of a `PGAModel`: `z ↦ σ(W z + b)` with entries in F.
public struct PGALayer<F: PGAScalar>: Sendable {
  public var weights: [[F]]
  public var bias: [F]
  public var activation: Activation
  /// The leaky_relu slope in F (unused otherwise).
  public var slope: F

  /// `σ(z)` in F.
  @inlinable func apply(_ z: F) -> F {
    switch activation {
    case .identity: return z
    case .relu: return z > 0 ? z : 0
    case .leakyReLU: return z >= 0 ? z : slope * z
    case .abs: return z < 0 ? -z : z
    case .hardtanh: return z < -1 ? -1 : (z > 1 ? 1 : z)
    }
  }

  /// `σ'(z)` in F, with the kink conventions.
  @inlinable func derivative(_ z: F) -> F {
    switch activation {
    case .identity: return 1
    case .relu: return z > 0 ? 1 : 0
    case .leakyReLU: return z > 0 ? 1 : slope
    case .abs: return z > 0 ? 1 : (z < 0 ? -1 : 0)
    case .hardtanh: return (z > -1 && z < 1) ? 1 : 0
    }
  }
}

/// A policy and an attack problem with every number in F: the exact model rounded
/// to nearest when F is `Double`, the model itself when F is `Rational`.
public struct PGAModel<F: PGAScalar>: Sendable {
  public var layers: [PGALayer<F>]
  public var Q: [[F]]
  public var lossB: [F]
  public var lower: [F], upper: [F]
  public var radius: F, eta: F
  public var steps: Int
  public var states: [[F]], targets: [[F]]

  public init(policy: Policy, problem: Problem) {
    func v(_ xs: [Rational]) -> [F] { xs.map(F.nearest) }
    layers = policy.layers.map { layer in
      var slope = F.zero
      if case .leakyReLU(let s) = layer.activation { slope = F.nearest(s) }
      return PGALayer(weights: layer.weights.map(v), bias: v(layer.bias), activation: layer.activation, slope: slope)
    }
    Q = problem.loss.Q.map(v)
    lossB = v(problem.loss.b)
    lower = v(problem.lower)
    upper = v(problem.upper)
    radius = F.nearest(problem.attack.radius)
    eta = F.nearest(problem.attack.stepSize)
    steps = problem.attack.steps
    states = problem.samples.map { v($0.state) }
    targets = problem.samples.map { v($0.target) }
  }
}

/// One point `δ_t` of a PGA run in F and the step that leaves it.
public struct PGAPoint<F: PGAScalar>: Sendable {
  public var t: Int
  public var delta: [F]
  /// `x = s + δ_t`.
  public var input: [F]
  /// `g_s(δ_t)`.
  public var objective: F
  /// `z_l` per layer at `s + δ_t`.
  public var preactivations: [[F]]
  /// `σ(z_l)` per layer at `s + δ_t` (the last one is `π(s + δ_t)`).
  public var activations: [[F]]
  /// `Activation.derivativeBranch` per layer and neuron: the activation pattern.
  public var pattern: [[Int]]
  /// `||J ∇g||² / ||∇g||²`; nil at a stationary point and at t = K.
  public var gainSquared: F?
}

/// The PGA run of one sample in F: K+1 points.
public struct PGARun<F: PGAScalar>: Sendable {
  public var index: Int
  public var points: [PGAPoint<F>]

  /// Whether the objective never decreases over t = 0 … K (as computed in F).
  public var isMonotone: Bool {
    zip(points, points.dropFirst()).allSatisfy { $0.objective <= $1.objective }
  }

  /// `max_t gain_sq_t`, nil when every step is stationary.
  public var gammaAdvSquared: F? {
    points.compactMap(\.gainSquared).max()
  }
}

extension PGAModel {
  /// `Σ a_i b_i` in F, left to right.
  @inlinable static func dot(_ a: [F], _ b: [F]) -> F {
    var s = F.zero
    for i in a.indices { s += a[i] * b[i] }
    return s
  }

  /// SPEC section 2's PGA, step for step as `Policy.trajectory` runs it exactly:
  /// `δ_0 = 0`; `x = s + δ_t`; forward pass; `g = 𝓛(π(x))`; at t < K,
  /// `∇g = Jᵀ(Q(π(x) − y) + b)` by backpropagation through the activation pattern;
  /// a zero gradient is stationary (`δ_{t+1} = δ_t`, gain nil); otherwise
  /// `gain = ||J ∇g||² / ||∇g||²` and `δ_{t+1} = clip(δ_t + η ∇g)` to
  /// `[max(−ε, l − s), min(ε, u − s)]`. Every operation is F's own.
  public func run(sample k: Int) -> PGARun<F> {
    let s = states[k], y = targets[k]
    let lo = s.indices.map { i -> F in let a = -radius, b = lower[i] - s[i]; return a >= b ? a : b }
    let hi = s.indices.map { i -> F in let a = radius, b = upper[i] - s[i]; return a <= b ? a : b }
    var delta = [F](repeating: 0, count: s.count)
    var points: [PGAPoint<F>] = []
    points.reserveCapacity(steps + 1)
    for t in 0...steps {
      // Forward pass.
      let x = zip(s, delta).map { $0 + $1 }
      var a = x
      var pre: [[F]] = [], post: [[F]] = [], ders: [[F]] = [], pattern: [[Int]] = []
      for layer in layers {
        let z = layer.weights.indices.map { i in layer.bias[i] + Self.dot(layer.weights[i], a) }
        pre.append(z)
        ders.append(z.map { layer.derivative($0) })
        pattern.append(z.map { layer.activation.derivativeBranch(at: $0) })
        a = z.map { layer.apply($0) }
        post.append(a)
      }
      // Loss and its gradient in the output.
      let r = zip(a, y).map { $0 - $1 }
      let qr = Q.map { Self.dot($0, r) }
      let objective = Self.dot(r, qr) / 2 + Self.dot(lossB, r)
      var point = PGAPoint(t: t, delta: delta, input: x, objective: objective, preactivations: pre, activations: post,
                           pattern: pattern, gainSquared: nil)
      if t == steps {
        points.append(point)
        break
      }
      // ∇g = Jᵀ ∇𝓛 (backpropagation).
      var g = zip(qr, lossB).map { $0 + $1 }
      for l in layers.indices.reversed() {
        let layer = layers[l]
        for i in g.indices { g[i] *= ders[l][i] }
        var back = [F](repeating: 0, count: layer.weights.first?.count ?? 0)
        for i in layer.weights.indices {
          for j in back.indices { back[j] += layer.weights[i][j] * g[i] }
        }
        g = back
      }
      if g.contains(where: { $0 != 0 }) {
        // J ∇g.
        var u = g
        for (l, layer) in layers.enumerated() {
          u = layer.weights.map { Self.dot($0, u) }
          for i in u.indices { u[i] *= ders[l][i] }
        }
        let gg = Self.dot(g, g)
        if gg != 0 { point.gainSquared = Self.dot(u, u) / gg }
        delta = delta.indices.map { i in
          let moved = delta[i] + eta * g[i]
          return moved < lo[i] ? lo[i] : (moved > hi[i] ? hi[i] : moved)
        }
      }
      points.append(point)
    }
    return PGARun(index: k, points: points)
  }

  /// The runs of every sample.
  public func runAll() -> [PGARun<F>] { states.indices.map { run(sample: $0) } }
}
