import Bounds
import ClaimLanguage
import Formats
import LinearAlgebra
import Model
import Rational
import Verification

/// Where a checked instance came from.
public enum InstanceSource: String, Sendable {
  case random, structured, exhaustive
}

/// One instance's place in a check: its source, the batch (a scope's name for exhaustive
/// instances) and its index there.
public struct InstanceOrigin: Sendable, CustomStringConvertible {
  public var source: InstanceSource
  public var label: String
  public var index: Int

  /// "random #12", "structured #40 (anti_parallel_kinks)", "exhaustive 1-2-1 #77".
  public var description: String {
    switch source {
    case .random: return "random #\(index)"
    case .structured:
      let all = PlantedStructure.allCases
      return "structured #\(index) (\(all[index % all.count].rawValue))"
    case .exhaustive: return "exhaustive \(label) #\(index)"
    }
  }
}

/// How much of an exhaustive scope a check covered.
public struct ScopeCoverage: Sendable {
  public var name: String
  public var planned: Int
  public var covered: Int
  public var isComplete: Bool { covered == planned }
}

/// What a verdict rests on (SPEC section 6, "Theorem evidence").
public struct TheoremEvidence: Sendable {
  /// Instances generated per source.
  public var random = 0, structured = 0, exhaustive = 0
  /// Instances per source on which the claim was defined (counted).
  public var randomCounted = 0, structuredCounted = 0, exhaustiveCounted = 0
  /// For `A implies B`: counted instances on which A was true (the only ones that test B).
  public var premiseHeld = 0
  /// Exhaustive scopes and how far each was covered.
  public var scopes: [ScopeCoverage] = []
  /// Mutations tried by the margin search before answering `holds`.
  public var searchBudget = 0
  /// The safety time budget, in seconds, and whether it stopped the check.
  public var budgetSeconds: Double = 0
  public var stoppedByBudget = false
  /// Whether the check stopped at the chunk holding the first counterexample.
  public var stoppedAtCounterexample = false
  /// Instances whose every PGA step is stationary (γ_adv² undefined): membership in
  /// F_ad(γ) holds vacuously there.
  public var vacuousMemberships = 0

  mutating func add(_ s: InstanceSource) {
    switch s {
    case .random: random += 1
    case .structured: structured += 1
    case .exhaustive: exhaustive += 1
    }
  }

  mutating func addCounted(_ s: InstanceSource) {
    switch s {
    case .random: randomCounted += 1
    case .structured: structuredCounted += 1
    case .exhaustive: exhaustiveCounted += 1
    }
  }

  public var completeScopes: [String] { scopes.filter(\.isComplete).map(\.name) }
}

/// How a counterexample fails, read off its shrunk instance (SPEC section 6):
/// - `vacuous_class`: every PGA step is stationary, so membership in F_ad(γ) is vacuous;
/// - `domain_face`: the step that decides the claim starts on a kink lying on a face of X
///   (a clipped iterate on a face that is also a kink: autograd's pattern there is that of
///   the region outside X);
/// - `start_on_kink`: it starts on a kink inside X (coincident or anti-parallel kinks, or
///   a one-sided derivative that breaks the bound);
/// - `kink_crossed`: it starts off kinks and crosses one;
/// - `projection`: it crosses none but is clipped by the box projection;
/// - `concave_loss`: none of these, on a loss with a negative curvature direction (λ_min(Q) < 0);
/// - `other`: none of the above.
public enum Mechanism: String, Sendable {
  case vacuousClass = "vacuous_class"
  case domainFace = "domain_face"
  case startOnKink = "start_on_kink"
  case kinkCrossed = "kink_crossed"
  case projection
  case concaveLoss = "concave_loss"
  case other

  /// Classifies a failing instance for a claim using `names`. The deciding step is the
  /// first step whose objective decreases (claims on `monotone`), the step of largest β_t
  /// (claims on β, the step size and smoothness margins), or the step of largest gain
  /// (claims on γ_adv², the classes and their step sizes).
  public static func classify(_ e: InstanceEvaluation, names: Set<String>) -> Mechanism {
    let attack = e.verification.attack
    let steps = attack.trajectories.flatMap { traj in traj.steps.dropLast().map { (traj, $0) } }
    let usesGain = !names.isDisjoint(with: ["gamma_adv_sq", "in_aajr", "adv_le_global", "adv_le_conv", "eta_aajr",
                                              "eta_global", "eta_conv", "gamma_adv_sq_interior"])
    let usesCurvature = names.contains { $0.hasPrefix("smooth_margin") || $0 == "beta_max" || $0 == "C" || $0 == "L_eff_upper" }
    if usesGain && attack.gammaAdvSquared == nil && names.contains("in_aajr") { return .vacuousClass }
    var deciding: TrajectoryStep?
    var sampleState: [Rational] = []
    if names.contains("monotone") {
      for traj in attack.trajectories {
        if let t = zip(traj.steps, traj.steps.dropFirst()).first(where: { $0.objective > $1.objective })?.0 {
          deciding = t
          sampleState = e.instance.problem.samples[traj.index].state
          break
        }
      }
    }
    func key(_ b: Smoothness) -> (Int, Rational) { b.finiteValue.map { (0, $0) } ?? (1, 0) }
    let margins: [(String, (TrajectoryStep) -> Bool)] = [
      ("smooth_margin_paper", { !$0.onKink && !$0.crossesKink && !$0.projectionActive }),
      ("smooth_margin_projected", { !$0.onKink && !$0.crossesKink }),
      ("smooth_margin_kinks", { !$0.projectionActive }),
    ]
    if deciding == nil, let (_, filter) = margins.first(where: { names.contains($0.0) }) {
      let L = e.verification.stepSize.lossSmoothness.upper
      func margin(_ t: TrajectoryStep) -> Rational? {
        guard let g = t.gainSquared, let b = t.smoothness else { return nil }
        return b.finiteValue.map { L * g - $0 } ?? -1
      }
      let best = steps.filter { filter($0.1) && margin($0.1) != nil }.min { margin($0.1)! < margin($1.1)! }
      if let best { deciding = best.1; sampleState = e.instance.problem.samples[best.0.index].state }
    }
    if deciding == nil && usesCurvature {
      let best = steps.filter { $0.1.smoothness != nil }.max { key($0.1.smoothness!) < key($1.1.smoothness!) }
      if let best { deciding = best.1; sampleState = e.instance.problem.samples[best.0.index].state }
    }
    if deciding == nil && usesGain {
      let best = steps.filter { $0.1.gainSquared != nil }.max { $0.1.gainSquared! < $1.1.gainSquared! }
      if let best { deciding = best.1; sampleState = e.instance.problem.samples[best.0.index].state }
    }
    if let step = deciding {
      if step.onKink {
        let x = zip(sampleState, step.delta).map { $0 + $1 }
        let p = e.instance.problem
        let onFace = x.indices.contains { x[$0] == p.lower[$0] || x[$0] == p.upper[$0] }
        return onFace ? .domainFace : .startOnKink
      }
      if step.crossesKink { return .kinkCrossed }
      if step.projectionActive { return .projection }
    }
    if let m = e.values["ell_minus_upper"], case .number(let r) = m, r.signum > 0 { return .concaveLoss }
    return .other
  }
}
