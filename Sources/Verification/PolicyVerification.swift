import Bounds
import Formats
import LinearAlgebra
import Model
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
  /// The budget the run was given (`--time-limit`, `--max-regions`), nil without one.
  public var budget: VerificationBudget?

  /// Runs every exact computation of SPEC section 2. With a `budget`, exact region
  /// enumeration stops at it and `global` is then a sound enclosure (see `GlobalBound`).
  public init(policy: Policy, problem: Problem, gamma: Rational?, gammaSquared: Rational? = nil,
              globalMode: GlobalMode, budget: VerificationBudget? = nil, jobs: Int = 1,
              progress: ((Int) -> Void)? = nil) {
    self.budget = budget
    self.policy = policy
    self.problem = problem
    self.gamma = gamma
    self.gammaSquared = gammaSquared ?? gamma.map { $0 * $0 }
    self.globalMode = globalMode
    attack = policy.attackAnalysis(on: problem, jobs: jobs)
    switch globalMode {
    case .exact:
      global = GlobalBound(exactFor: policy, lower: problem.lower, upper: problem.upper, maxRegions: budget?.maxRegions,
                           shouldStop: budget?.shouldStop, jobs: jobs, progress: progress)
    case .bound: global = GlobalBound(boundFor: policy, states: problem.samples.map(\.state))
    case .off: global = nil
    }
    stepSize = StepSizeAnalysis(loss: problem.loss, eta: problem.attack.stepSize,
                                gammaAdvSquared: attack.gammaAdvSquared,
                                trajectorySmoothness: attack.trajectorySmoothness)
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

/// A budget for `aajr verify` (SPEC section 6, "Budgets").
public struct VerificationBudget: @unchecked Sendable {
  /// `--time-limit`, in seconds, as given.
  public var timeLimitText: String?
  /// `--max-regions`.
  public var maxRegions: Int?
  /// Polled during region enumeration; true stops it (the clock of `--time-limit`).
  public var shouldStop: (@Sendable () -> Bool)?

  public init(timeLimitText: String?, maxRegions: Int?, shouldStop: (@Sendable () -> Bool)?) {
    self.timeLimitText = timeLimitText
    self.maxRegions = maxRegions
    self.shouldStop = shouldStop
  }
}

extension PolicyVerification {
  /// Whether a budget cut the run short (exit status 3).
  public var budgetReached: Bool { global?.stopReason != nil }

  /// What the budget cut, one sentence per cut; empty when nothing was.
  public var budgetCuts: [String] {
    guard let global, let reason = global.stopReason else { return [] }
    let n = global.regions.count
    let why: String
    switch reason {
    case .maxRegions: why = "--max-regions \(budget?.maxRegions ?? n) was reached"
    case .interrupted: why = "--time-limit \(budget?.timeLimitText ?? "") seconds ran out"
    }
    return ["exact region enumeration stopped after \(n) region\(n == 1 ? "" : "s") because \(why): "
      + "gamma_sq_lower is the largest over the regions found, gamma_sq_upper the bound mode's upper end; "
      + "regions counts the regions found"]
  }
}
