import Rational
import RealModule

/// An attack problem with every number in F (SPEC section 2): the exact problem when F is
/// `Rational`, its nearest rounding otherwise.
public struct AttackProblem<F: PGAScalar>: Sendable {
  /// The domain X = [lower, upper].
  public var lower: [F], upper: [F]
  public var loss: LossFunction<F>
  public var states: [[F]], targets: [[F]]
  /// ε, η and K.
  public var radius: F, stepSize: F
  public var steps: Int

  public init(
    lower: [F], upper: [F], loss: LossFunction<F>, states: [[F]], targets: [[F]], radius: F, stepSize: F,
    steps: Int
  ) {
    self.lower = lower
    self.upper = upper
    self.loss = loss
    self.states = states
    self.targets = targets
    self.radius = radius
    self.stepSize = stepSize
    self.steps = steps
  }

  public init(rounding p: Problem) {
    func v(_ xs: [Rational]) -> [F] { xs.map(F.nearest) }
    self.init(lower: v(p.lower), upper: v(p.upper), loss: LossFunction(rounding: p.loss),
              states: p.samples.map { v($0.state) }, targets: p.samples.map { v($0.target) },
              radius: F.nearest(p.attack.radius), stepSize: F.nearest(p.attack.stepSize), steps: p.attack.steps)
  }

  public var sampleCount: Int { states.count }

  /// `Δ_s = [max(−ε, l − s), min(ε, u − s)]`, computed in F.
  @inlinable
  public func perturbationBox(for s: [F]) -> (lower: [F], upper: [F]) {
    Model.perturbationBox(state: s, lower: lower, upper: upper, radius: radius)
  }
}

/// `Δ_s = { δ : ||δ||_∞ ≤ ε, s + δ ∈ [l, u] } = [max(−ε, l − s), min(ε, u − s)]` (SPEC section 2), the one
/// definition for every number type; empty in some coordinate when s lies outside X.
@inlinable
public func perturbationBox<F: PGAScalar>(state s: [F], lower: [F], upper: [F], radius: F) -> (lower: [F], upper: [F]) {
  let lo = s.indices.map { i -> F in let a = -radius, b = lower[i] - s[i]; return a >= b ? a : b }
  let hi = s.indices.map { i -> F in let a = radius, b = upper[i] - s[i]; return a <= b ? a : b }
  return (lo, hi)
}

/// One point `δ_t` of a PGA run and the step that leaves it.
public struct PGAPoint<F: PGAScalar>: Sendable {
  public var t: Int
  public var delta: [F]
  /// The policy at `x = s + δ_t`.
  public var evaluation: Evaluation<F>
  /// `g_s(δ_t)`.
  public var objective: F
  /// `Activation.derivativeBranch` per layer and neuron: the activation pattern.
  public var pattern: [[Int]]
  /// `∇g_s(δ_t) = Jᵀ ∇𝓛`; nil at t = K.
  public var ascent: [F]?
  /// `||J ∇g||² / ||∇g||²`; nil at a stationary point and at t = K.
  public var gainSquared: F?

  @inlinable
  public init(t: Int, delta: [F], evaluation: Evaluation<F>, objective: F, pattern: [[Int]], ascent: [F]?, gainSquared: F?) {
    self.t = t
    self.delta = delta
    self.evaluation = evaluation
    self.objective = objective
    self.pattern = pattern
    self.ascent = ascent
    self.gainSquared = gainSquared
  }

  /// `x = s + δ_t`.
  public var input: [F] { evaluation.inputs[0] }
  /// `z_l` per layer.
  public var preactivations: [[F]] { evaluation.preactivations }
  /// `σ(z_l)` per layer (the last one is `π(s + δ_t)`).
  public var activations: [[F]] { evaluation.activations }
  /// Whether `∇g = 0` (then `δ_{t+1} = δ_t`); false at t = K.
  @inlinable public var isStationary: Bool { ascent.map { g in !g.contains { $0 != 0 } } ?? false }
}

/// The PGA run of one sample: K+1 points.
public struct PGARun<F: PGAScalar>: Sendable {
  public var index: Int
  public var points: [PGAPoint<F>]

  @inlinable
  public init(index: Int, points: [PGAPoint<F>]) {
    self.index = index
    self.points = points
  }

  /// Whether the objective never decreases over t = 0 … K (as computed in F).
  public var isMonotone: Bool {
    zip(points, points.dropFirst()).allSatisfy { $0.objective <= $1.objective }
  }

  /// `max_t gain_sq_t`, nil when every step is stationary.
  public var gammaAdvSquared: F? { points.compactMap(\.gainSquared).max() }

  /// `δ_K`.
  public var finalDelta: [F] { points[points.count - 1].delta }
}

extension Network {
  /// SPEC section 2's PGA, the one implementation for every F: `δ_0 = 0`; at `x = s + δ_t`
  /// the forward pass gives `g = 𝓛(π(x))`; at t < K, `∇g = Jᵀ(Q(π(x) − y) + b)` by
  /// backpropagation through the activation pattern (kink conventions); a zero gradient
  /// (every entry exactly 0 in F) is stationary (`δ_{t+1} = δ_t`, gain nil); otherwise
  /// `gain = ||J ∇g||² / ||∇g||²` and `δ_{t+1} = clip(δ_t + η ∇g)` to `Δ_s`. Every operation is F's own.
  /// Inlinable so that callers in other modules get it specialised to their F (generic code through
  /// witness tables is about ten times slower in `Double`). With `detailed: false` (training's
  /// inner loop) the iterates are the same but patterns are left empty and gains nil.
  @inlinable
  public func attack(sample k: Int, of problem: AttackProblem<F>, detailed: Bool = true) -> PGARun<F> {
    let s = problem.states[k], y = problem.targets[k]
    let (lo, hi) = problem.perturbationBox(for: s)
    let eta = problem.stepSize
    var delta = [F](repeating: 0, count: s.count)
    var points: [PGAPoint<F>] = []
    points.reserveCapacity(problem.steps + 1)
    for t in 0...problem.steps {
      var x = s
      for i in x.indices { x[i] += delta[i] }
      let pass = forward(x)
      let (objective, qr) = problem.loss.valueAndQr(at: pass.output, target: y)
      let pattern = !detailed ? [] : zip(layers, pass.preactivations).map { layer, z in
        z.map { layer.kind.derivativeBranch(at: $0) }
      }
      var point = PGAPoint(t: t, delta: delta, evaluation: pass, objective: objective, pattern: pattern,
                           ascent: nil, gainSquared: nil)
      if t < problem.steps {
        var out = qr
        for i in out.indices { out[i] += problem.loss.b[i] }
        let g = vjp(out, at: pass)
        point.ascent = g
        if g.contains(where: { $0 != 0 }) {
          if detailed {
            let u = jvp(g, at: pass)
            let gg = Self.dot(g, g)
            if gg != 0 { point.gainSquared = Self.dot(u, u) / gg }
          }
          for i in delta.indices {
            let moved = delta[i] + eta * g[i]
            delta[i] = moved < lo[i] ? lo[i] : (moved > hi[i] ? hi[i] : moved)
          }
        }
      }
      points.append(point)
    }
    return PGARun(index: k, points: points)
  }

  /// `Σ a_i b_i` in F, left to right.
  @inlinable static func dot(_ a: [F], _ b: [F]) -> F {
    var s = F.zero
    for i in a.indices { s += a[i] * b[i] }
    return s
  }
}

/// A policy and an attack problem in F, for running every sample's PGA.
public struct PGAModel<F: PGAScalar>: Sendable {
  public var network: Network<F>
  public var problem: AttackProblem<F>

  public init(policy: Policy, problem: Problem) {
    network = Network(rounding: policy)
    self.problem = AttackProblem(rounding: problem)
  }

  /// The run of sample k.
  public func run(sample k: Int) -> PGARun<F> { network.attack(sample: k, of: problem) }

  /// The runs of every sample.
  public func runAll() -> [PGARun<F>] { problem.states.indices.map { run(sample: $0) } }
}
