import Bounds
import Formats
import LinearAlgebra
import Model
import Rational

extension Policy {
  /// Runs K steps of projected gradient ascent on `g_s(δ) = 𝓛(π(s+δ))` from `δ_0 = 0`:
  /// `δ_{t+1} = clip_{Δ_s}(δ_t + η ∇g_s(δ_t))`, `∇g_s = Jᵀ ∇𝓛` under the kink
  /// conventions; a stationary point (∇g = 0) stays put. Records the objective, the
  /// directional gain and `β_t` of every step, exactly.
  ///
  /// The plain `[Rational]` computation (a gcd per operation), kept as the reference
  /// that the fast path `trajectory(for:index:problem:)` is tested against.
  public func referenceTrajectory(for sample: Sample, index: Int, problem: Problem) -> SampleTrajectory {
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
      let gg = squaredNorm2(grad)
      if !gg.isZero {
        let jg = jacobianTimes(grad, at: pass)
        record.gainSquared = squaredNorm2(jg) / gg
        var next = delta
        var clipped = false
        for i in next.indices {
          let raw = delta[i] + eta * grad[i]
          if raw < lo[i] { next[i] = lo[i]; clipped = true } else if raw > hi[i] { next[i] = hi[i]; clipped = true } else { next[i] = raw }
        }
        record.projectionActive = clipped
        let v = zip(next, delta).map { $0 - $1 }
        let vv = squaredNorm2(v)
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
