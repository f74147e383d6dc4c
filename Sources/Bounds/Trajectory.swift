import Formats
import LinearAlgebra
import Model
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

  package init(
    t: Int, delta: [Rational], objective: Rational, gainSquared: Rational?, smoothness: Smoothness?,
    onKink: Bool, projectionActive: Bool, crossesKink: Bool, stepSquaredLength: Rational
  ) {
    self.t = t
    self.delta = delta
    self.objective = objective
    self.gainSquared = gainSquared
    self.smoothness = smoothness
    self.onKink = onKink
    self.projectionActive = projectionActive
    self.crossesKink = crossesKink
    self.stepSquaredLength = stepSquaredLength
  }
}

/// The PGA trajectory of one sample: K+1 points `δ_0 … δ_K`.
public struct SampleTrajectory: Hashable, Sendable {
  public var index: Int
  public var steps: [TrajectoryStep]

  package init(index: Int, steps: [TrajectoryStep]) {
    self.index = index
    self.steps = steps
  }

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
  ///
  /// Fast path: every vector is a `ScaledVector` (integer numerators over one common
  /// denominator) and every layer a `ScaledMatrix`, so the passes, products and kink
  /// crossings are integer multiply-adds; gcds are paid only for the recorded scalars
  /// and entries, and by `normalized()` once per new vector of the loop, which keeps
  /// sizes those of the reduced form. The values are those of `referenceTrajectory`.
  public func trajectory(for sample: Sample, index: Int, problem: Problem) -> SampleTrajectory {
    let net = ScaledPolicy(self)
    let loss = ScaledLoss(problem.loss, target: sample.target)
    let s = ScaledVector(sample.state)
    let (loBox, hiBox) = problem.perturbationBox(for: sample.state)
    let lo = ScaledVector(loBox), hi = ScaledVector(hiBox)
    let eta = problem.attack.stepSize
    var delta = ScaledVector(zeros: sample.state.count)
    var steps: [TrajectoryStep] = []
    steps.reserveCapacity(problem.attack.steps + 1)
    for t in 0...problem.attack.steps {
      let x = (s + delta).normalized()
      let pass = net.forward(x)
      let objective = loss.value(at: pass.output)
      var record = TrajectoryStep(t: t, delta: delta.rationals, objective: objective, gainSquared: nil,
                                  smoothness: nil, onKink: pass.touchesKink, projectionActive: false,
                                  crossesKink: false, stepSquaredLength: 0)
      if t == problem.attack.steps {
        steps.append(record)
        break
      }
      let grad = net.jacobianTransposeTimes(loss.gradient(at: pass.output), at: pass).normalized()
      let gg = grad.squaredNorm
      if !gg.isZero {
        let jg = net.jacobianTimes(grad, at: pass)
        record.gainSquared = jg.squaredNorm / gg
        let (next, clipped) = delta.adding(grad, times: eta).clamped(lower: lo, upper: hi)
        record.projectionActive = clipped
        let v = (next - delta).normalized()
        let vv = v.squaredNorm
        record.stepSquaredLength = vv
        if !vv.isZero {
          let beta = net.effectiveSmoothness(from: x, step: v, stepSquaredLength: vv, objective: objective,
                                             slope: grad.dot(v), loss: loss, pass: pass)
          record.smoothness = beta.value
          record.crossesKink = beta.pieceCount > 1
        }
        delta = next.normalized()
      }
      steps.append(record)
    }
    return SampleTrajectory(index: index, steps: steps)
  }
}
