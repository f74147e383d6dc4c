import Bounds
import Foundation
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
  /// The convention-aware global quantity γ_conv² (every derivative pattern autograd's
  /// conventions produce on the closed X); computed only with `conventions: true` and
  /// the exact global mode.
  public var convention: ConventionBound?
  /// The LP cap the convention enumeration hit (nil when it finished or was not asked for).
  public var conventionStoppedAt: Int?
  /// Why γ_conv² was not computed although asked for (nil otherwise).
  public var conventionSkipped: String?
  /// The largest number of kinked neurons for which γ_conv² is enumerated (its cell search
  /// recurses once per neuron, so larger networks would exhaust the stack).
  public static let conventionNeuronLimit = 1000
  /// The default cap on exact cell LPs spent on γ_conv² (`aajr verify --conv-lps`).
  public static let defaultConventionLPs = 2_000
  public var globalMode: GlobalMode
  public var stepSize: StepSizeAnalysis
  /// Per sample the exact inner maximum `max_{δ∈Δ_s} 𝓛(π(s+δ))`; nil with `riskMode` off.
  public var innerMaxima: [InnerMaximum]?
  /// Why `innerMaxima` is nil (skipped, or stopped at the budget).
  public var innerMaximaSkippedReason: String?
  /// The budget the run was given (`--time-limit`, `--max-regions`), nil without one.
  public var budget: VerificationBudget?
  /// Workers (threads) this verification was run with; also used to write its JSON. No
  /// result depends on it.
  public var jobs = 1
  /// Whether the time limit stopped the attack before every sample was analysed: `attack`
  /// then holds the first samples only (each trajectory complete and exact).
  public var samplesCut = false

  /// Runs every exact computation of SPEC section 2. With a `budget`, exact region
  /// enumeration stops at it and `global` is then a sound enclosure (see `GlobalBound`).
  public init(policy: Policy, problem: Problem, gamma: Rational?, gammaSquared: Rational? = nil,
              globalMode: GlobalMode, riskMode: RiskMode = .off, budget: VerificationBudget? = nil, jobs: Int = 1,
              conventions: Bool = false, conventionLPs: Int = .max, progress: ((Int) -> Void)? = nil) {
    self.budget = budget
    self.jobs = jobs
    self.policy = policy
    self.problem = problem
    self.gamma = gamma
    self.gammaSquared = gammaSquared ?? gamma.map { $0 * $0 }
    self.globalMode = globalMode
    if let stop = budget?.shouldStop {
      // Sample by sample; the first always runs, the clock is checked before each further one.
      var trajectories: [SampleTrajectory] = []
      for (i, sample) in problem.samples.enumerated() {
        if i > 0 && stop() {
          samplesCut = true
          break
        }
        trajectories.append(policy.trajectory(for: sample, index: i, problem: problem))
      }
      attack = AttackAnalysis(trajectories: trajectories)
    } else {
      attack = policy.attackAnalysis(on: problem, jobs: jobs)
    }
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
    computeConventionsAndRisks(conventions: conventions && globalMode == .exact, maxLPs: conventionLPs, riskMode: riskMode)
  }

  /// γ_conv² (when `conventions`) and the exact inner maxima: independent of each other, so on
  /// two or more workers they run side by side (and the samples' maxima on the workers too).
  /// Every result is the same as computed one after the other.
  mutating func computeConventionsAndRisks(conventions: Bool, maxLPs: Int, riskMode: RiskMode) {
    guard conventions && jobs > 1 else {
      if conventions { computeConventions(maxLPs: maxLPs) }
      computeRisks(riskMode)
      return
    }
    let me = self
    let parts = [0, 1].parallelMap(jobs: 2) { k -> PolicyVerification in
      var v = me
      if k == 0 { v.computeConventions(maxLPs: maxLPs) } else { v.computeRisks(riskMode) }
      return v
    }
    (convention, conventionStoppedAt, conventionSkipped) = (parts[0].convention, parts[0].conventionStoppedAt, parts[0].conventionSkipped)
    (innerMaxima, innerMaximaSkippedReason) = (parts[1].innerMaxima, parts[1].innerMaximaSkippedReason)
  }

  /// γ_conv² (`convention`), or why it was not computed.
  mutating func computeConventions(maxLPs: Int) {
    if policy.kinkedNeuronCount > Self.conventionNeuronLimit {
      conventionSkipped = "skipped: \(policy.kinkedNeuronCount) kinked neurons, more than the \(Self.conventionNeuronLimit) the cell search handles"
    } else {
      convention = ConventionBound(policy: policy, lower: problem.lower, upper: problem.upper, maxLPs: maxLPs)
      if convention == nil { conventionStoppedAt = maxLPs }
    }
  }

  /// The exact inner maxima (`innerMaxima`), or why they were not computed.
  mutating func computeRisks(_ riskMode: RiskMode) {
    switch riskMode {
    case .exact where samplesCut:
      innerMaxima = nil
      innerMaximaSkippedReason = "skipped: the time limit cut the attack before every sample was analysed"
    case .exact:
      if let why = GlobalBound.exactEnumerationProblem(for: policy) {
        // The inner maximum splits the box with the same exact LPs as the region enumeration.
        innerMaxima = nil
        innerMaximaSkippedReason = "skipped: " + why.replacingOccurrences(of: "; use --global bound or off", with: "")
      } else {
        innerMaxima = policy.exactInnerMaxima(on: problem, budget: .standard, jobs: jobs)
        innerMaximaSkippedReason = innerMaxima == nil ? "stopped at the budget (\(InnerMaximumBudget.standard.description))" : nil
      }
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

  /// `π ∈ F_ad(γ)`: `γ_adv² ≤ γ²` (vacuously true when every step is stationary). After a
  /// cut attack: false when the samples analysed already exceed γ², nil otherwise.
  public var inAAJRClass: Bool? {
    guard let gammaSquared else { return nil }
    if samplesCut { return (attack.gammaAdvSquared.map { $0 > gammaSquared } ?? false) ? false : nil }
    guard let g = attack.gammaAdvSquared else { return true }
    return g <= gammaSquared
  }

  /// Whether every requested check holds: the step size is certified and the policy
  /// lies in each class asked about (an undecided class counts as not holding).
  public var allChecksHold: Bool {
    guard !samplesCut, stepSize.isCertified else { return false }
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
  public var budgetReached: Bool { global?.stopReason != nil || samplesCut }

  /// What the budget cut, one sentence per cut; empty when nothing was.
  public var budgetCuts: [String] {
    var cuts: [String] = []
    if samplesCut {
      cuts.append("the PGA attack stopped after \(attack.trajectories.count) of \(problem.samples.count) samples because "
        + "--time-limit \(budget?.timeLimitText ?? "") seconds ran out: samples holds the samples analysed (each complete), "
        + "gamma_adv_sq, L_traj, C, L_eff and step_size.certified are null, budget.gamma_adv_sq_lower is the maximum over "
        + "the samples analysed, and membership.aajr is false only when that already exceeds gamma_sq")
    }
    guard let global, let reason = global.stopReason else { return cuts }
    let n = global.regionCount
    let why: String
    switch reason {
    case .maxRegions: why = "--max-regions \(budget?.maxRegions ?? n) was reached"
    case .interrupted: why = "--time-limit \(budget?.timeLimitText ?? "") seconds ran out"
    }
    return cuts + ["exact region enumeration stopped after \(n) region\(n == 1 ? "" : "s") because \(why): "
      + "gamma_sq_lower is the largest over the regions found, gamma_sq_upper the bound mode's upper end; "
      + "regions counts the regions found"]
  }
}
