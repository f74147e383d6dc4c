import Bounds
import ClaimLanguage
import Formats
import LinearAlgebra
import Model
import Rational
import Verification

/// The per-instance quantities a claim may use (SPEC section 2), computed exactly.
/// A quantity that is undefined on an instance (a null gain, an infinite β, an empty
/// class) is absent, so a claim using it does not count on that instance.
public enum TheoremQuantities {
  /// Numeric quantity names and what they are (documented in `theorems/README.md`).
  public static let numeric: [(name: String, meaning: String)] = [
    ("gamma_adv_sq", "γ_adv², the largest directional gain ‖J u_t‖² over samples and steps"),
    ("gamma_sq_lower", "lower end of the certified interval of γ_G² (exact region enumeration)"),
    ("gamma_sq_upper", "upper end of the certified interval of γ_G²"),
    ("gamma_sq", "the instance's γ², `gamma` factor × gamma_sq_upper"),
    ("L_loss_lower", "lower end of L_𝓛 = ‖Q‖₂"),
    ("L_loss_upper", "upper end of L_𝓛"),
    ("ell_minus_upper", "upper end of ℓ⁻ = max(0, −λ_min(Q))"),
    ("beta_max", "L_traj = max_t β_t (undefined when some β_t is infinite)"),
    ("C", "max(0, L_traj − L_𝓛⁺ γ_adv²), the measured second-order constant"),
    ("L_eff_upper", "upper end of L_eff = L_𝓛 γ_adv² + C"),
    ("eta", "the PGA step size η"),
    ("eta_aajr", "1 / L_eff⁺, the step size certified under AAJR"),
    ("eta_global", "1 / (L_𝓛⁺ γ_G²⁺ + C), the step size certified under the global bound"),
    ("smooth_margin_paper", "min over steps with the paper's hypotheses (start off kinks, no kink crossed, projection inactive) of L_𝓛⁺·gain_sq_t − β_t"),
    ("smooth_margin_projected", "the same over steps off kinks that may be clipped by the projection"),
    ("smooth_margin_kinks", "the same over unclipped steps that may start on or cross kinks (β_t = inf gives −1)"),
    ("naive_step_margin", "1 − η·L_𝓛⁺·γ_adv²: the naive (C = 0) step-size condition's slack"),
    ("ag_global", "approximation gap of F_γ within the finite family {c·π}"),
    ("ag_aajr", "approximation gap of F_ad(γ) within the family"),
    ("por_global", "Price of Robustness of F_γ within the family"),
    ("ag_conv", "approximation gap of the convention-aware class F_conv(γ) = {π : γ_conv²(π) ≤ γ²} within the family"),
    ("por_aajr", "Price of Robustness of F_ad(γ) within the family"),
    ("regions", "number of full-dimensional linear regions in X"),
    ("gamma_conv_sq_lower", "lower end of the certified interval of γ_conv² (max λ_max(JᵀJ) over every derivative pattern the kink conventions produce at points of the closed X, lower-dimensional cells included)"),
    ("gamma_conv_sq_upper", "upper end of the certified interval of γ_conv²"),
    ("gamma_adv_sq_interior", "the largest gain_sq_t over steps whose iterate s + δ_t has no pre-activation on a kink (undefined when there is none)"),
    ("eta_conv", "1 / (L_𝓛⁺ γ_conv²⁺ + C), the step size certified under the convention-aware global bound"),
    ("conv_patterns", "number of derivative patterns the conventions produce on the closed X"),
    ("kink_patterns", "how many of those occur only on lower-dimensional cells (no full-dimensional region has them)"),
    ("kink_crossings", "number of steps whose segment crosses a kink"),
    ("samples", "number of samples"),
    ("steps", "K, the number of PGA steps"),
  ]

  /// Boolean quantity names.
  public static let boolean: [(name: String, meaning: String)] = [
    ("in_global", "π ∈ F_γ at the instance's γ (exact: γ²I − J_RᵀJ_R ⪰ 0 on every region)"),
    ("in_aajr", "π ∈ F_ad(γ) at the instance's γ"),
    ("adv_le_global", "γ_adv² ≤ γ_G², decided exactly (some region has γ_adv² I − J_RᵀJ_R not positive definite)"),
    ("monotone", "every trajectory's objective is non-decreasing"),
    ("certified", "η · L_eff⁺ ≤ 1"),
    ("beta_inf", "some β_t is infinite"),
    ("in_conv", "γ_conv² ≤ γ² at the instance's γ, exact (γ²I − JᵀJ ⪰ 0 for every convention pattern)"),
    ("adv_le_conv", "γ_adv² ≤ γ_conv², decided exactly"),
    ("kink_iterate", "some iterate s + δ_t with a defined gain has a pre-activation exactly on a kink"),
    ("projection_active", "the box projection clipped some step"),
  ]

  public static var numericNames: Set<String> { Set(numeric.map(\.name)) }
  public static var booleanNames: Set<String> { Set(boolean.map(\.name)) }
  public static var allNames: Set<String> { numericNames.union(booleanNames) }

  /// Quantities that need the convention-pattern enumeration (computed only when a file uses them).
  public static let conventionNames: Set<String> = [
    "gamma_conv_sq_lower", "gamma_conv_sq_upper", "eta_conv", "conv_patterns", "kink_patterns", "in_conv", "adv_le_conv",
  ]
  /// Quantities that need the enumeration for the members of a finite family (made lazily).
  public static let familyConventionNames: Set<String> = ["ag_conv"]
}

/// The exact analysis of one instance and its quantity values.
public struct InstanceEvaluation: Sendable {
  public var instance: TheoremInstance
  public var verification: PolicyVerification
  public var gammaSquared: Rational
  public var values: [String: ClaimValue]

  /// The convention-aware bound, when computed (`conventions: true`).
  public var convention: ConventionBound?

  /// Evaluates every quantity; those of `TheoremQuantities.conventionNames` only when
  /// `conventions` is true and `ag_conv` only when `familyConventions` is (the enumeration of
  /// lower-dimensional cells costs LPs). With `needed`, the family quantities (`ag_global`,
  /// `ag_aajr`, `por_global`, `por_aajr`) not in it are left out; every other value is the same.
  public init(_ instance: TheoremInstance, conventions: Bool = false, familyConventions: Bool = false,
              needed: Set<String>? = nil) {
    self.instance = instance
    let v = PolicyVerification(policy: instance.policy, problem: instance.problem, gamma: nil, globalMode: .exact,
                               conventions: conventions)
    verification = v
    let global = v.global!
    let gU = global.interval.upper
    let g2 = instance.gammaFactor * gU
    gammaSquared = g2
    var q: [String: ClaimValue] = [:]
    func set(_ k: String, _ r: Rational?) { if let r { q[k] = .number(r) } }
    func set(_ k: String, _ b: Bool?) { if let b { q[k] = .boolean(b) } }

    let adv = v.attack.gammaAdvSquared
    set("gamma_adv_sq", adv)
    set("gamma_sq_lower", global.interval.lower)
    set("gamma_sq_upper", gU)
    set("gamma_sq", g2)
    set("in_global", global.contains(gammaSquared: g2))
    set("in_aajr", adv.map { $0 <= g2 } ?? true)
    if let adv {
      // Some region has λ_max(J_RᵀJ_R) ≥ γ_adv² (adv·I − gram not positive definite).
      set("adv_le_global", global.summary!.someRegionReaches(adv) { jacobian in
        let gram = Matrix(jacobian).smallerGram()
        return (adv * Matrix.identity(gram.rows) - gram).definiteness() != .positiveDefinite
      })
    }
    let s = v.stepSize
    set("L_loss_lower", s.lossSmoothness.lower)
    set("L_loss_upper", s.lossSmoothness.upper)
    set("ell_minus_upper", s.ascentCurvature.upper)
    set("beta_max", v.attack.trajectorySmoothness.map { $0.finiteValue } ?? 0)
    set("beta_inf", v.attack.trajectorySmoothness == .infinite)
    set("C", s.C)
    set("L_eff_upper", s.effectiveSmoothness?.upper)
    set("eta", s.eta)
    set("eta_aajr", s.effectiveSmoothness.flatMap { $0.upper.reciprocal })
    if let c = s.C { set("eta_global", (s.lossSmoothness.upper * gU + c).reciprocal) }
    set("monotone", v.attack.isMonotone)
    set("certified", s.isCertified)
    set("naive_step_margin", 1 - s.eta * s.lossSmoothness.upper * (adv ?? 0))

    let L = s.lossSmoothness.upper
    var paper: Rational?, projected: Rational?, kinks: Rational?
    func lower(_ acc: inout Rational?, _ x: Rational) { acc = acc.map { Rational.minimum($0, x) } ?? x }
    for traj in v.attack.trajectories {
      for step in traj.steps {
        guard let gain = step.gainSquared, let beta = step.smoothness else { continue }
        let margin = beta.finiteValue.map { L * gain - $0 } ?? -1
        if !step.onKink && !step.crossesKink && !step.projectionActive { lower(&paper, margin) }
        if !step.onKink && !step.crossesKink { lower(&projected, margin) }
        if !step.projectionActive { lower(&kinks, margin) }
      }
    }
    set("smooth_margin_paper", paper)
    set("smooth_margin_projected", projected)
    set("smooth_margin_kinks", kinks)

    let familyNominals = instance.familyScales.isEmpty ? [] : FamilyRisks.memberNominalRisks(instance)
    if !instance.familyScales.isEmpty {
      // Each of the four is computed only when asked for (all of them when `needed` is nil):
      // the family's members are analysed lazily, so what is not asked for is never computed.
      let fam = FamilyRisks(instance, gammaSquared: g2, globalAtOne: global, nominals: familyNominals)
      func wanted(_ name: String) -> Bool { needed?.contains(name) ?? true }
      if wanted("ag_global") { set("ag_global", fam.gap(global: true)) }
      if wanted("ag_aajr") { set("ag_aajr", fam.gap(global: false)) }
      if wanted("por_global") { set("por_global", fam.priceOfRobustness(global: true)) }
      if wanted("por_aajr") { set("por_aajr", fam.priceOfRobustness(global: false)) }
    }
    var interior: Rational?
    var kinkIterate = false, clipped = false, crossings = 0
    for traj in v.attack.trajectories {
      for step in traj.steps {
        if step.projectionActive { clipped = true }
        if step.crossesKink { crossings += 1 }
        guard let gain = step.gainSquared else { continue }
        if step.onKink { kinkIterate = true } else { interior = interior.map { Rational.maximum($0, gain) } ?? gain }
      }
    }
    set("gamma_adv_sq_interior", interior)
    set("kink_iterate", kinkIterate)
    set("projection_active", clipped)
    set("kink_crossings", Rational(crossings))
    if let conv = v.convention {
      convention = conv
      set("gamma_conv_sq_lower", conv.interval.lower)
      set("gamma_conv_sq_upper", conv.interval.upper)
      set("conv_patterns", Rational(conv.patterns.count))
      set("kink_patterns", Rational(conv.lowerDimensionalPatterns))
      set("in_conv", conv.contains(gammaSquared: g2))
      if let adv { set("adv_le_conv", conv.reaches(adv)) }
      if let c = s.C { set("eta_conv", (s.lossSmoothness.upper * conv.interval.upper + c).reciprocal) }
    }
    if familyConventions && !instance.familyScales.isEmpty {
      set("ag_conv", FamilyConventionGap.gap(instance, gammaSquared: g2, baseBound: v.convention, nominals: familyNominals))
    }
    set("regions", Rational(global.regionCount))
    set("samples", Rational(instance.problem.samples.count))
    set("steps", Rational(instance.problem.attack.steps))
    values = q
  }
}
