import Formats
import LinearAlgebra
import Model
import Rational

/// Every sample's PGA trajectory and the quantities of SPEC section 2 built on them.
public struct AttackAnalysis: Sendable {
  public var trajectories: [SampleTrajectory]

  /// `γ_adv² = max over samples and t < K of gain_sq_t`; nil when every step is stationary.
  public var gammaAdvSquared: Rational? {
    trajectories.flatMap(\.steps).compactMap(\.gainSquared).max()
  }

  /// `L_traj = max_t β_t` over every step that moves; nil when no step moves.
  public var trajectorySmoothness: Smoothness? {
    trajectories.flatMap(\.steps).compactMap(\.smoothness).reduce(nil) { acc, b in
      acc.map { Smoothness.maximum($0, b) } ?? b
    }
  }

  /// The nominal risk: the mean loss at the data states (the objective at t = 0).
  public var nominalRisk: Rational { meanObjective { $0.steps[0] } }

  /// The robust risk: the mean objective after the K PGA steps.
  public var robustRisk: Rational { meanObjective { $0.steps[$0.steps.count - 1] } }

  func meanObjective(_ step: (SampleTrajectory) -> TrajectoryStep) -> Rational {
    trajectories.reduce(Rational.zero) { $0 + step($1).objective } / Rational(trajectories.count)
  }

  /// Whether every sample's objective is non-decreasing along its trajectory.
  public var isMonotone: Bool { trajectories.allSatisfy(\.isMonotone) }

  public init(trajectories: [SampleTrajectory]) { self.trajectories = trajectories }
}

extension Policy {
  /// Runs the exact PGA attack on every sample of `problem`, the samples' trajectories on up
  /// to `jobs` workers (each trajectory is independent; the result does not depend on `jobs`).
  public func attackAnalysis(on problem: Problem, jobs: Int = 1) -> AttackAnalysis {
    AttackAnalysis(trajectories: Array(problem.samples.indices).parallelMap(jobs: jobs) { i in
      trajectory(for: problem.samples[i], index: i, problem: problem)
    })
  }
}
