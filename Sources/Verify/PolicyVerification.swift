import Bounds
import Rational

/// Everything `aajr verify` answers about one policy on one attack problem.
public struct PolicyVerification: Sendable {
  public var policy: Policy
  public var problem: Problem
  /// The γ of the membership questions, when asked as γ.
  public var gamma: Rational?
  /// The γ² of the membership questions (`γ·γ`, or given directly when γ is irrational).
  public var gammaSquared: Rational?
  public var attack: AttackAnalysis
  public var global: GlobalBound?
  public var globalMode: GlobalMode
  public var stepSize: StepSizeAnalysis
  /// Per sample the exact inner maximum `max_{δ∈Δ_s} 𝓛(π(s+δ))`; nil with `riskMode` off.
  public var innerMaxima: [InnerMaximum]?
  /// Why `innerMaxima` is nil (skipped, or stopped at the budget).
  public var innerMaximaSkippedReason: String?

  /// Runs every exact computation of SPEC section 2.
  public init(policy: Policy, problem: Problem, gamma: Rational?, gammaSquared: Rational? = nil,
              globalMode: GlobalMode, riskMode: RiskMode = .off, progress: ((Int) -> Void)? = nil) {
    self.policy = policy
    self.problem = problem
    self.gamma = gamma
    self.gammaSquared = gammaSquared ?? gamma.map { $0 * $0 }
    self.globalMode = globalMode
    attack = policy.attackAnalysis(on: problem)
    switch globalMode {
    case .exact: global = GlobalBound(exactFor: policy, lower: problem.lower, upper: problem.upper, progress: progress)
    case .bound: global = GlobalBound(boundFor: policy, states: problem.samples.map(\.state))
    case .off: global = nil
    }
    stepSize = StepSizeAnalysis(loss: problem.loss, eta: problem.attack.stepSize,
                                gammaAdvSquared: attack.gammaAdvSquared,
                                trajectorySmoothness: attack.trajectorySmoothness)
    switch riskMode {
    case .exact:
      innerMaxima = policy.exactInnerMaxima(on: problem, budget: .standard)
      innerMaximaSkippedReason = innerMaxima == nil ? "stopped at the budget (\(InnerMaximumBudget.standard.description))" : nil
    case .off:
      innerMaxima = nil
      innerMaximaSkippedReason = "skipped (--risk off)"
    }
  }

  /// `π ∈ F_γ`: nil without `--gamma`, without a global bound, or when a bound cannot decide.
  public var inGlobalClass: Bool? {
    guard let gammaSquared, let global else { return nil }
    return global.contains(gammaSquared: gammaSquared)
  }

  /// `π ∈ F_ad(γ)`: `γ_adv² ≤ γ²` (vacuously true when every step is stationary).
  public var inAAJRClass: Bool? {
    guard let gammaSquared else { return nil }
    guard let g = attack.gammaAdvSquared else { return true }
    return g <= gammaSquared
  }

  /// Whether every requested check holds: the step size is certified and the policy
  /// lies in each class asked about (an undecided class counts as not holding).
  public var allChecksHold: Bool {
    guard stepSize.isCertified else { return false }
    if gammaSquared != nil {
      if inAAJRClass != true { return false }
      if global != nil && inGlobalClass != true { return false }
    }
    return true
  }
}
