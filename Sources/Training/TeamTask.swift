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
    defaultGamma: "1/2", defaultLambda: 1, defaultEpochs: 100,
    build: referenceGame(agents: 3, dimension: 4, payoff: QuadraticLoss(Q: [[1, half, 0], [half, -quarter, quarter], [0, quarter, half]], b: [0, 0, 0]),
                         hidden: [12]))
  private static let half = Rational(1, 2), quarter = Rational(1, 4)
}
