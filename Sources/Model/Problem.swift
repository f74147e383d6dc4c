import LinearAlgebra
import Rational

/// The loss in the policy output, per sample with target y:
/// `𝓛(z) = ½ (z−y)ᵀ Q (z−y) + bᵀ(z−y)`, `∇𝓛(z) = Q(z−y) + b`, Q symmetric.
/// `squared_error` is Q = I, b = 0. Q may be indefinite (game payoffs).
public struct QuadraticLoss: Hashable, Sendable {
  public var Q: [[Rational]]
  public var b: [Rational]
  /// Whether this is `squared_error` (Q = I, b = 0), kept for fast paths and output.
  public var isSquaredError: Bool

  public init(Q: [[Rational]], b: [Rational]) {
    self.Q = Q
    self.b = b
    let n = b.count
    isSquaredError = b.allSatisfy(\.isZero)
      && (0..<n).allSatisfy { i in (0..<n).allSatisfy { j in Q[i][j] == (i == j ? 1 : 0) } }
  }

  /// Q = I, b = 0 in dimension m.
  public static func squaredError(dimension m: Int) -> QuadraticLoss {
    QuadraticLoss(Q: (0..<m).map { i in (0..<m).map { $0 == i ? 1 : 0 } }, b: Array(repeating: 0, count: m))
  }

  public var dimension: Int { b.count }

  /// `Q r` for a residual r.
  public func applyQ(_ r: [Rational]) -> [Rational] {
    isSquaredError ? r : Q.map { dot($0, r) }
  }

  /// The loss as the generic engine's `LossFunction` over `Rational` (exact, no rounding).
  public var exact: LossFunction<Rational> { LossFunction(Q: Q, b: b) }

  /// `𝓛(z)` for target y (the generic engine's formula, exact).
  public func value(at z: [Rational], target y: [Rational]) -> Rational {
    exact.value(at: z, target: y)
  }

  /// `∇𝓛(z) = Q(z−y) + b` (the generic engine's formula, exact).
  public func gradient(at z: [Rational], target y: [Rational]) -> [Rational] {
    exact.gradient(at: z, target: y)
  }

  /// Coefficients of `τ ↦ 𝓛(p0 + τ p1)` = `c0 + c1 τ + c2 τ²`.
  public func quadraticAlong(origin p0: [Rational], direction p1: [Rational], target y: [Rational])
    -> (c0: Rational, c1: Rational, c2: Rational)
  {
    let r0 = zip(p0, y).map { $0 - $1 }
    let qr0 = applyQ(r0), qp1 = applyQ(p1)
    let c0 = dot(r0, qr0) / 2 + dot(b, r0)
    let c1 = dot(p1, qr0) + dot(b, p1)
    let c2 = dot(p1, qp1) / 2
    return (c0, c1, c2)
  }
}

/// One data point: a state s and the target y of the loss.
public struct Sample: Hashable, Sendable {
  public var state: [Rational]
  public var target: [Rational]
  public init(state: [Rational], target: [Rational]) {
    self.state = state
    self.target = target
  }
}

/// The attack: `Δ_s = {δ : ||δ||_∞ ≤ radius} ∩ {δ : s+δ ∈ X}`, K PGA steps of size η.
public struct Attack: Hashable, Sendable {
  public var radius: Rational
  public var stepSize: Rational
  public var steps: Int
  public init(radius: Rational, stepSize: Rational, steps: Int) {
    self.radius = radius
    self.stepSize = stepSize
    self.steps = steps
  }
}

/// An attack problem (SPEC section 3): the domain box X, the loss, the data, the attack.
public struct Problem: Hashable, Sendable {
  public var lower: [Rational]
  public var upper: [Rational]
  public var loss: QuadraticLoss
  public var samples: [Sample]
  public var attack: Attack

  public init(lower: [Rational], upper: [Rational], loss: QuadraticLoss, samples: [Sample], attack: Attack) {
    self.lower = lower
    self.upper = upper
    self.loss = loss
    self.samples = samples
    self.attack = attack
  }

  /// The box of admissible perturbations for a state s: `[max(−ε, l−s), min(ε, u−s)]`.
  public func perturbationBox(for s: [Rational]) -> (lower: [Rational], upper: [Rational]) {
    Model.perturbationBox(state: s, lower: lower, upper: upper, radius: attack.radius)
  }
}
