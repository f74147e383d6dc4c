import Bounds
import Formats
import Foundation
import LinearAlgebra
import Model
import Rational

// MARK: - team

extension TrainingTask {
  /// A three-agent general-sum game on a four-dimensional joint observation.
  ///
  /// - Joint state `s ∈ [−1, 1]⁴` (the agents' shared observation; the adversary perturbs it
  ///   within `||δ||∞ ≤ 1/8`). Joint action `z = (a1, a2, a3) ∈ [−1, 1]³` (a final hardtanh).
  /// - Reference actions `y(s) = clamp(A s, ±3/4)`, A a seeded 3×4 matrix with entries multiples
  ///   of 1/4 in [−1, 1].
  /// - Payoff: the welfare-weighted sum of the agents' own quadratic costs around the
  ///   references, which differ from agent to agent (general-sum): agent 1 tracks its reference
  ///   and is coupled to agent 2 (`½ r1² + ½ r1 r2`), agent 2 is rewarded for deviating
  ///   (`−⅛ r2²`) and coupled to agent 3 (`¼ r2 r3`), agent 3 tracks with weight ½ (`¼ r3²`).
  ///   With `r = z − y`: `𝓛(z) = ½ rᵀQr`, `Q = [[1, 1/2, 0], [1/2, −1/4, 1/4], [0, 1/4, 1/2]]`,
  ///   indefinite. Bounded actions keep the minimum finite.
  /// - Student: 4-12-3 (ReLU, hardtanh output). With input dimension 4, `aajr experiment`
  ///   uses the global *bound* mode for γ_G² (labelled); the exact inner maximum is still exact.
  package static let team = TrainingTask(
    name: "team",
    summary: "three-agent general-sum game: state in [-1,1]^4, joint action in [-1,1]^3 (hardtanh), indefinite payoff Q = [[1, 1/2, 0], [1/2, -1/4, 1/4], [0, 1/4, 1/2]] around seeded references",
    defaultGamma: "1/2", defaultLambda: 1, defaultEpochs: 100
  ) { rng, nTrain, nEval in
    let A = (0..<3).map { _ in (0..<4).map { _ in Double(Int(rng.next() % 9) - 4) / 4 } }
    func data(_ n: Int) -> ([[Double]], [[Double]]) {
      let states = randomStates(n, dimension: 4, using: &rng)
      let targets = states.map { s in
        A.map { row in
          dyadic(Swift.min(0.75, Swift.max(-0.75, zip(row, s).reduce(0) { $0 + $1.0 * $1.1 })), bits: 10)
        }
      }
      return (states, targets)
    }
    let (trS, trY) = data(nTrain), (evS, evY) = data(nEval)
    let h = Rational(1, 2), q = Rational(1, 4)
    let loss = QuadraticLoss(Q: [[1, h, 0], [h, -q, q], [0, q, h]], b: [0, 0, 0])
    return TaskInstance(training: makeProblem(states: trS, targets: trY, loss: loss, attack: taskAttack),
                        evaluation: makeProblem(states: evS, targets: evY, loss: loss, attack: taskAttack),
                        hidden: [12], hiddenActivation: .relu, outputActivation: .hardtanh)
  }
}
