import Bounds
import Formats
import LinearAlgebra
import Model
import Rational
import Verification

/// Nominal and robust risks of the finite family `{c·π_v}` of a `scaled-family` instance and
/// the class memberships of its members at one γ², computed lazily: a member's PGA analysis
/// (for `F_ad(γ)`), a variant's region enumeration (for `F_γ`) and a member's exact robust risk
/// are computed only when a quantity asked for needs them, and kept.
///
/// Scaling the output by c scales every Jacobian by c, so `γ_G²(c·π_v) = c²·γ_G²(π_v)` exactly
/// (one region enumeration per variant, and c = 0 is in every class); γ_adv² is computed for
/// each member on its own, since trajectories change with c.
///
/// What is skipped never changes a value:
/// - `AG(F)` is the least nominal risk in F minus the least overall: scanning the members in
///   increasing nominal risk, the first member in F gives it.
/// - `PoR(F)` is the nominal risk of F's most robust member (least robust risk, ties by least
///   nominal risk) minus the least overall. Every member has `R_rob ≥ R_nom`, since δ = 0 lies
///   in every `Δ_s` (s ∈ X): the maximum over `Δ_s` is at least the loss at s. Scanning in
///   increasing nominal risk, once a member's nominal risk reaches the best robust risk found,
///   no later member (robust risk ≥ nominal risk ≥ that) can be strictly more robust, and one
///   exactly as robust has a nominal risk no smaller than the champion's; a tie in both gives
///   the same value. The inequality is checked on every robust risk computed.
final class FamilyRisks {
  struct Member {
    var base: Int
    var scale: Rational
    var nominal: Rational
  }

  let problem: Problem
  let gammaSquared: Rational
  let bases: [Policy]
  /// Every member `c·π_v`: bases in order (π first), scales in the file's order within each.
  let members: [Member]
  /// Members' indices in increasing nominal risk (ties in member order).
  let byNominal: [Int]
  private var globals: [GlobalBound?]
  private var inAAJRCache: [Bool?]
  private var robustCache: [Rational?]

  /// `nominals`: `memberNominalRisks(inst)`.
  init(_ inst: TheoremInstance, gammaSquared g2: Rational, globalAtOne: GlobalBound, nominals: [Rational]) {
    problem = inst.problem
    gammaSquared = g2
    bases = [inst.policy] + inst.familyVariants
    var ms: [Member] = []
    for k in bases.indices {
      for (j, c) in inst.familyScales.enumerated() {
        ms.append(Member(base: k, scale: c, nominal: nominals[k * inst.familyScales.count + j]))
      }
    }
    members = ms
    byNominal = ms.indices.sorted { (ms[$0].nominal, $0) < (ms[$1].nominal, $1) }
    globals = [globalAtOne] + [GlobalBound?](repeating: nil, count: bases.count - 1)
    inAAJRCache = [Bool?](repeating: nil, count: ms.count)
    robustCache = [Rational?](repeating: nil, count: ms.count)
  }

  /// `R_nom(c·π_v) = mean_s 𝓛(c·π_v(s))` of every member, bases in order (π first), scales in
  /// the file's order within each. `c·π_v` is `π_v` with its last layer scaled by c, so
  /// `(c·π_v)(s) = c·π_v(s)` exactly: one forward pass per base and sample.
  static func memberNominalRisks(_ inst: TheoremInstance) -> [Rational] {
    let problem = inst.problem
    var out: [Rational] = []
    for base in [inst.policy] + inst.familyVariants {
      let outputs = problem.samples.map { base.output(at: $0.state) }
      for c in inst.familyScales {
        out.append(zip(problem.samples, outputs).reduce(Rational.zero) { acc, so in
          acc + problem.loss.value(at: so.1.map { c * $0 }, target: so.0.target)
        } / Rational(problem.samples.count))
      }
    }
    return out
  }

  /// Member `i`'s policy `c·π_v` (made when needed).
  func policy(_ i: Int) -> Policy { TheoremInstance.scaled(bases[members[i].base], members[i].scale) }

  /// Whether member `i` is in `F_γ` (global) or `F_ad(γ)`.
  func isInClass(_ i: Int, global: Bool) -> Bool {
    let m = members[i]
    if global {
      if m.scale.isZero { return true }
      if globals[m.base] == nil {
        globals[m.base] = GlobalBound(exactFor: bases[m.base], lower: problem.lower, upper: problem.upper)
      }
      return globals[m.base]!.contains(gammaSquared: gammaSquared / (m.scale * m.scale)) ?? false
    }
    if let known = inAAJRCache[i] { return known }
    let inside = policy(i).attackAnalysis(on: problem).gammaAdvSquared.map { $0 <= gammaSquared } ?? true
    inAAJRCache[i] = inside
    return inside
  }

  /// Member `i`'s exact robust risk.
  func robustRisk(_ i: Int) -> Rational {
    if let known = robustCache[i] { return known }
    let r = policy(i).exactRobustRisk(on: problem)
    precondition(r >= members[i].nominal, "a robust risk below the nominal risk: the state lies outside X")
    robustCache[i] = r
    return r
  }

  var bestNominal: Rational? { byNominal.first.map { members[$0].nominal } }

  /// `AG(F) = min_{π ∈ F} R_nom − min_π R_nom` over the family; nil when F is empty.
  func gap(global: Bool) -> Rational? {
    guard let all = bestNominal, let first = byNominal.first(where: { isInClass($0, global: global) }) else { return nil }
    return members[first].nominal - all
  }

  /// Nominal risk of the class's most robust member (least robust risk; ties by least
  /// nominal risk) minus the family's best nominal risk; nil when the class is empty.
  func priceOfRobustness(global: Bool) -> Rational? {
    var champion: (robust: Rational, nominal: Rational)?
    for i in byNominal {
      let nominal = members[i].nominal
      if let c = champion, nominal >= c.robust { break }
      guard isInClass(i, global: global) else { continue }
      let candidate = (robust: robustRisk(i), nominal: nominal)
      if champion == nil || (candidate.robust, candidate.nominal) < (champion!.robust, champion!.nominal) { champion = candidate }
    }
    guard let champion, let all = bestNominal else { return nil }
    return champion.nominal - all
  }
}
