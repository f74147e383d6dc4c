import Bounds
import ClaimLanguage
import Formats
import LinearAlgebra
import Model
import Rational
import Verification

/// The approximation gap of the convention-aware global class
/// `F_conv(γ) = { π : γ_conv²(π) ≤ γ² }` within the finite family `{c·π_v}` of a
/// `scaled-family` instance: `AG(F_conv) = min_{π ∈ F_conv} R_nom(π) − min_π R_nom(π)`, with
/// `R_nom` the mean loss at the data states.
///
/// Scaling the output layer by c leaves every hidden pattern unchanged and scales every
/// convention Jacobian by c, so `γ_conv²(c·π_v) = c²·γ_conv²(π_v)` exactly: one enumeration per
/// variant. Since `γ_adv² ≤ γ_conv²` at every iterate, `F_conv(γ) ⊆ F_ad(γ)` and so
/// `AG(F_ad) ≤ AG(F_conv)` on every family; and `γ_G² ≤ γ_conv²` gives `F_conv ⊆ F_γ`, so
/// `AG(F_γ) ≤ AG(F_conv)`. Kept apart from the risk computations of `FamilyRisks`.
enum FamilyConventionGap {
  /// nil when the family is empty or F_conv holds no member.
  /// `nominals`: the members' nominal risks, `FamilyRisks.memberNominalRisks(inst)`.
  static func gap(_ inst: TheoremInstance, gammaSquared g2: Rational, baseBound: ConventionBound?,
                  nominals: [Rational]) -> Rational? {
    guard !inst.familyScales.isEmpty else { return nil }
    let problem = inst.problem
    // Members in increasing nominal risk; the first one in F_conv gives the class's minimum,
    // so a variant's enumeration is computed only when one of its members is reached (c = 0,
    // whose Jacobians vanish, is always in the class and ends the scan).
    let bases = [inst.policy] + inst.familyVariants
    var members: [(risk: Rational, base: Int, scale: Rational)] = []
    for k in bases.indices {
      for (j, c) in inst.familyScales.enumerated() { members.append((nominals[k * inst.familyScales.count + j], k, c)) }
    }
    members.sort { ($0.risk, $0.base) < ($1.risk, $1.base) }
    var convs = [ConventionBound?](repeating: nil, count: bases.count)
    convs[0] = baseBound
    let best: Rational? = members.first?.risk
    var bestInClass: Rational?
    // Autograd's Jacobians at the data states and the centre of X are convention patterns, so
    // one of them above γ²/c² rules a member out without the enumeration.
    let centre = zip(problem.lower, problem.upper).map { ($0 + $1) / 2 }
    let probes = problem.samples.map(\.state) + [centre]
    var probeJacobians = [[Matrix]?](repeating: nil, count: bases.count)
    for m in members {
      if m.scale.isZero { bestInClass = m.risk; break }
      let t = g2 / (m.scale * m.scale)
      if probeJacobians[m.base] == nil {
        let net = Network<Rational>(rounding: bases[m.base])
        probeJacobians[m.base] = probes.map { Matrix(net.jacobian(at: net.forward($0))) }
      }
      if probeJacobians[m.base]!.contains(where: { !$0.spectralNormSquaredIsAtMost(t) }) { continue }
      if convs[m.base] == nil {
        convs[m.base] = ConventionBound(policy: bases[m.base], lower: problem.lower, upper: problem.upper)!
      }
      if convs[m.base]!.contains(gammaSquared: t) { bestInClass = m.risk; break }
    }
    guard let best, let bestInClass else { return nil }
    return bestInClass - best
  }
}
