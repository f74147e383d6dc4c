import Rational

/// One point of a PGA trajectory and the step that leaves it.
public struct TrajectoryStep: Hashable, Sendable {
  public var t: Int
  /// `δ_t`.
  public var delta: [Rational]
  /// `g_s(δ_t) = 𝓛(π(s + δ_t))`.
  public var objective: Rational
  /// `||J ∇g||² / ||∇g||²` at `δ_t`; nil at a stationary point (∇g = 0) and at t = K.
  public var gainSquared: Rational?
  /// `β_t` of the step from `δ_t` to `δ_{t+1}`; nil when the step does not move and at t = K.
  public var smoothness: Smoothness?
  /// Whether `s + δ_t` has a pre-activation exactly on a kink.
  public var onKink: Bool
  /// Whether the box projection clipped some coordinate of the step.
  public var projectionActive: Bool
  /// Whether the segment from `δ_t` to `δ_{t+1}` crosses a kink (more than one piece).
  public var crossesKink: Bool
  /// `||v||²` for `v = δ_{t+1} − δ_t` (0 for no move).
  public var stepSquaredLength: Rational
}

/// The PGA trajectory of one sample: K+1 points `δ_0 … δ_K`.
public struct SampleTrajectory: Hashable, Sendable {
  public var index: Int
  public var steps: [TrajectoryStep]

  /// Whether the objective never decreases over t = 0 … K.
  public var isMonotone: Bool {
    zip(steps, steps.dropFirst()).allSatisfy { $0.objective <= $1.objective }
  }
}

extension Policy {
  /// Runs K steps of projected gradient ascent on `g_s(δ) = 𝓛(π(s+δ))` from `δ_0 = 0`:
  /// `δ_{t+1} = clip_{Δ_s}(δ_t + η ∇g_s(δ_t))`, `∇g_s = Jᵀ ∇𝓛` under the kink
  /// conventions; a stationary point (∇g = 0) stays put. Records the objective, the
  /// directional gain and `β_t` of every step, exactly.
  public func trajectory(for sample: Sample, index: Int, problem: Problem) -> SampleTrajectory {
    let s = sample.state
    let (lo, hi) = problem.perturbationBox(for: s)
    let eta = problem.attack.stepSize
    var delta = [Rational](repeating: 0, count: s.count)
    var steps: [TrajectoryStep] = []
    steps.reserveCapacity(problem.attack.steps + 1)
    for t in 0...problem.attack.steps {
      let x = zip(s, delta).map { $0 + $1 }
      let pass = forward(x)
      let objective = problem.loss.value(at: pass.output, target: sample.target)
      var record = TrajectoryStep(t: t, delta: delta, objective: objective, gainSquared: nil, smoothness: nil,
                                  onKink: pass.touchesKink, projectionActive: false, crossesKink: false,
                                  stepSquaredLength: 0)
      if t == problem.attack.steps {
        steps.append(record)
        break
      }
      let lossGradient = problem.loss.gradient(at: pass.output, target: sample.target)
      let grad = jacobianTransposeTimes(lossGradient, at: pass)
      let gg = squaredNorm(grad)
      if !gg.isZero {
        let jg = jacobianTimes(grad, at: pass)
        record.gainSquared = squaredNorm(jg) / gg
        var next = delta
        var clipped = false
        for i in next.indices {
          let raw = delta[i] + eta * grad[i]
          if raw < lo[i] { next[i] = lo[i]; clipped = true } else if raw > hi[i] { next[i] = hi[i]; clipped = true } else { next[i] = raw }
        }
        record.projectionActive = clipped
        let v = zip(next, delta).map { $0 - $1 }
        let vv = squaredNorm(v)
        record.stepSquaredLength = vv
        if !vv.isZero {
          let beta = effectiveSmoothness(from: x, step: v, objective: objective, gradient: grad,
                                         loss: problem.loss, target: sample.target)
          record.smoothness = beta.value
          record.crossesKink = beta.pieceCount > 1
        }
        delta = next
      }
      steps.append(record)
    }
    return SampleTrajectory(index: index, steps: steps)
  }
}
