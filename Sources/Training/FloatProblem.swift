import Bounds
import Formats
import LinearAlgebra
import Model
import Rational

/// `𝓛(z) = ½ (z−y)ᵀ Q (z−y) + bᵀ(z−y)` in `Double` (SPEC section 2).
public struct FloatLoss: Hashable, Sendable {
  public var Q: [[Double]]
  public var b: [Double]

  public init(Q: [[Double]], b: [Double]) {
    self.Q = Q
    self.b = b
  }

  public init(rounding loss: QuadraticLoss) {
    Q = loss.Q.map { $0.map { $0.doubleNearest() } }
    b = loss.b.map { $0.doubleNearest() }
  }

  public func value(at z: [Double], target y: [Double]) -> Double {
    var s = 0.0
    for i in z.indices {
      let ri = z[i] - y[i]
      var qr = 0.0
      for j in z.indices { qr += Q[i][j] * (z[j] - y[j]) }
      s += 0.5 * ri * qr + b[i] * ri
    }
    return s
  }

  /// `∇𝓛(z) = Q(z−y) + b`.
  public func gradient(at z: [Double], target y: [Double]) -> [Double] {
    z.indices.map { i in
      var s = b[i]
      for j in z.indices { s += Q[i][j] * (z[j] - y[j]) }
      return s
    }
  }
}

/// An attack problem in `Double`: the nearest doubles of an exact `Problem` (exactly it
/// when its numbers are dyadic, as every built-in task's are).
public struct FloatProblem: Sendable {
  public var lower: [Double]
  public var upper: [Double]
  public var loss: FloatLoss
  public var states: [[Double]]
  public var targets: [[Double]]
  public var radius: Double
  public var stepSize: Double
  public var steps: Int

  public init(rounding p: Problem) {
    lower = p.lower.map { $0.doubleNearest() }
    upper = p.upper.map { $0.doubleNearest() }
    loss = FloatLoss(rounding: p.loss)
    states = p.samples.map { $0.state.map { $0.doubleNearest() } }
    targets = p.samples.map { $0.target.map { $0.doubleNearest() } }
    radius = p.attack.radius.doubleNearest()
    stepSize = p.attack.stepSize.doubleNearest()
    steps = p.attack.steps
  }

  public var sampleCount: Int { states.count }

  /// `Δ_s = [max(−ε, l−s), min(ε, u−s)]`.
  public func perturbationBox(for s: [Double]) -> (lower: [Double], upper: [Double]) {
    (s.indices.map { Swift.max(-radius, lower[$0] - s[$0]) }, s.indices.map { Swift.min(radius, upper[$0] - s[$0]) })
  }
}

/// One sample's float PGA run: `δ_0 … δ_K` and, per step t < K, the normalised ascent
/// direction `u_t = ∇g/‖∇g‖₂` (nil at a stationary point, where `δ_{t+1} = δ_t`).
public struct FloatAttackTrajectory: Sendable {
  public var deltas: [[Double]]
  public var directions: [[Double]?]
  /// `δ_K`.
  public var final: [Double] { deltas[deltas.count - 1] }
}

extension FloatPolicy {
  /// SPEC section 2's PGA in `Double`: `δ_0 = 0`, `δ_{t+1} = clip_{Δ_s}(δ_t + η ∇g_s(δ_t))`,
  /// `∇g_s(δ) = J(s+δ)ᵀ ∇𝓛(π(s+δ))` with the kink conventions; a zero gradient is
  /// stationary (`δ_{t+1} = δ_t`, direction nil).
  public func attack(sample i: Int, of problem: FloatProblem) -> FloatAttackTrajectory {
    let s = problem.states[i], y = problem.targets[i]
    let (lo, hi) = problem.perturbationBox(for: s)
    var delta = [Double](repeating: 0, count: s.count)
    var deltas = [delta]
    var directions: [[Double]?] = []
    for _ in 0..<problem.steps {
      let x = zip(s, delta).map { $0 + $1 }
      let pass = forward(x)
      let g = vjp(problem.loss.gradient(at: pass.output, target: y), at: pass)
      let norm = g.reduce(0) { $0 + $1 * $1 }.squareRoot()
      if norm == 0 {
        directions.append(nil)
      } else {
        directions.append(g.map { $0 / norm })
        for k in delta.indices {
          delta[k] = Swift.min(hi[k], Swift.max(lo[k], delta[k] + problem.stepSize * g[k]))
        }
      }
      deltas.append(delta)
    }
    return FloatAttackTrajectory(deltas: deltas, directions: directions)
  }
}
