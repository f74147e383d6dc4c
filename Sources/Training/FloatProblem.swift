import Bounds
import Formats
import LinearAlgebra
import Model
import Rational

/// `𝓛(z) = ½ (z−y)ᵀ Q (z−y) + bᵀ(z−y)` in `Double` (the model's generic loss).
package typealias FloatLoss = LossFunction<Double>
/// An attack problem in `Double`: the nearest doubles of an exact `Problem` (exactly it
/// when its numbers are dyadic, as every built-in task's are).
package typealias FloatProblem = AttackProblem<Double>

/// One sample's float PGA run, as training holds it: `δ_0 … δ_K` and, per step t < K, the
/// normalised ascent direction `u_t = ∇g/‖∇g‖₂` (nil at a stationary point, where `δ_{t+1} = δ_t`).
package struct FloatAttackTrajectory: Sendable {
  package var deltas: [[Double]]
  package var directions: [[Double]?]
  /// `δ_K`.
  package var final: [Double] { deltas[deltas.count - 1] }

  /// The trajectory of a run of the model's PGA. `u_t` is computed as `g/‖g‖` after scaling
  /// g by its largest magnitude, so a tiny non-zero gradient (‖g‖² underflowing) still has a direction.
  package init(run: PGARun<Double>) {
    deltas = run.points.map(\.delta)
    directions = run.points.dropLast().map { p in
      guard let g = p.ascent, !p.isStationary else { return nil }
      let scale = g.reduce(0.0) { Swift.max($0, Swift.abs($1)) }
      let h = g.map { $0 / scale }
      let norm = h.reduce(0) { $0 + $1 * $1 }.squareRoot()
      return h.map { $0 / norm }
    }
  }
}

extension FloatPolicy {
  /// SPEC section 2's PGA in `Double` (the model's one implementation, `Network.attack`).
  package func attackTrajectory(sample i: Int, of problem: FloatProblem) -> FloatAttackTrajectory {
    FloatAttackTrajectory(run: attack(sample: i, of: problem, detailed: false))
  }
}
