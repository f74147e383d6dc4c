import Bounds
import Formats
import Foundation
import LinearAlgebra
import Model
import Rational

/// The training objective of one step:
///
///     F(θ) = E_s 𝓛(π_θ(s + δ_K(s))) + λ · R(θ)
///
/// - `δ_K(s)` comes from K unrolled PGA steps on the current policy (`FloatPolicy.attack`)
///   and is treated as a constant when differentiating (Danskin's theorem: at an exact inner
///   maximiser the gradient of `max_δ g` is the gradient of g at the maximiser; with K
///   unrolled steps this is the usual approximation of adversarial training, not the
///   gradient of the unrolled computation).
/// - The regularizer R is `Regularizer`'s (none, the spectral-norm penalty, or the AAJR
///   directional penalty); for `aajr` the directions `u_t` and points `δ_t` of the same PGA
///   run are constants too.
/// - Alongside, the nominal loss `E_s 𝓛(π(s))` is reported (not differentiated).
package struct TrainingObjective: Sendable {
  package var problem: FloatProblem
  package var regularizer: Regularizer
  package var gamma: Double
  package var lambda: Double
  /// For `jacobian`: per sample and step t < K the random unit direction `v_{s,t}`.
  package var probes: [[[Double]]]? = nil

  package init(problem: FloatProblem, regularizer: Regularizer, gamma: Double, lambda: Double) {
    self.problem = problem
    self.regularizer = regularizer
    self.gamma = gamma
    self.lambda = lambda
  }
}

/// The values of one objective evaluation (means over the samples).
package struct ObjectiveValue: Equatable, Sendable {
  /// `E_s 𝓛(π(s))`.
  package var nominal: Double
  /// `E_s 𝓛(π(s + δ_K))`.
  package var robust: Double
  /// `R(θ)` (unweighted; 0 for `none`).
  package var penalty: Double
  /// `robust + λ · penalty`.
  package var total: Double
}

extension TrainingObjective {
  /// Every sample's PGA run on `policy` (the constants of the step).
  package func attacks(on policy: FloatPolicy) -> [FloatAttackTrajectory] {
    (0..<problem.sampleCount).map { policy.attackTrajectory(sample: $0, of: problem) }
  }

  /// `F(θ)` with the attacks (and, for `global`, the singular vectors) held fixed;
  /// `gradient` receives `∂F/∂θ` when non-nil.
  package func evaluate(
    _ policy: FloatPolicy, attacks: [FloatAttackTrajectory], spectra: [LayerSpectrum]? = nil
  ) -> ObjectiveValue {
    var none: PolicyGradient? = nil
    return evaluate(policy, attacks: attacks, spectra: spectra, gradient: &none)
  }

  private func evaluate(
    _ policy: FloatPolicy, attacks: [FloatAttackTrajectory], spectra: [LayerSpectrum]?,
    gradient: inout PolicyGradient?
  ) -> ObjectiveValue {
    let n = Double(problem.sampleCount)
    var nominal = 0.0, robust = 0.0, penalty = 0.0
    for i in 0..<problem.sampleCount {
      let s = problem.states[i], y = problem.targets[i]
      nominal += problem.loss.value(at: policy.forward(s).output, target: y)
      let x = zip(s, attacks[i].final).map { $0 + $1 }
      let pass = policy.forward(x)
      robust += problem.loss.value(at: pass.output, target: y)
      if gradient != nil {
        policy.accumulateOutputGradient(problem.loss.gradient(at: pass.output, target: y), at: pass,
                                        into: &gradient!, scaledBy: 1 / n)
      }
      let directions: [[Double]?]
      switch regularizer {
      case .aajr: directions = attacks[i].directions
      case .jacobian:
        guard let probes else { preconditionFailure("the Jacobian penalty needs its probe directions") }
        let scale = Double(s.count).squareRoot()
        directions = probes[i].map { $0.map { scale * $0 } }
      default: continue
      }
      for (t, u) in directions.enumerated() {
        guard let u else { continue }
        let xt = zip(s, attacks[i].deltas[t]).map { $0 + $1 }
        let pt = policy.forward(xt)
        let w = policy.jvp(u, at: pt)
        let norm = w.reduce(0) { $0 + $1 * $1 }.squareRoot()
        let excess = norm - gamma
        guard excess > 0 else { continue }
        penalty += excess * excess / n
        if gradient != nil {
          policy.accumulateJVPGradient(direction: u, cotangent: w.map { 2 * excess * $0 / norm }, at: pt,
                                       into: &gradient!, scaledBy: lambda / n)
        }
      }
    }
    if regularizer == .global {
      guard let spectra else { preconditionFailure("the global penalty needs the layers' spectra") }
      let c = pow(Swift.max(gamma, 0), 1 / Double(policy.layers.count))
      for (l, sp) in spectra.enumerated() {
        let excess = sp.sigma - c
        guard excess > 0 else { continue }
        penalty += excess * excess
        if gradient != nil {
          for i in sp.left.indices where sp.left[i] != 0 {
            for j in sp.right.indices { gradient!.weights[l][i][j] += lambda * 2 * excess * sp.left[i] * sp.right[j] }
          }
        }
      }
    }
    return ObjectiveValue(nominal: nominal / n, robust: robust / n, penalty: penalty,
                          total: robust / n + lambda * penalty)
  }

  /// `(F(θ), ∂F/∂θ)` with the attacks and spectra held fixed.
  package func valueAndGradient(
    _ policy: FloatPolicy, attacks: [FloatAttackTrajectory], spectra: [LayerSpectrum]? = nil
  ) -> (ObjectiveValue, PolicyGradient) {
    var g: PolicyGradient? = PolicyGradient(zeroLike: policy)
    let v = evaluate(policy, attacks: attacks, spectra: spectra, gradient: &g)
    return (v, g!)
  }
}
