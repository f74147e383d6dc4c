import Bounds
import Rational

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
  static func gap(_ inst: TheoremInstance, gammaSquared g2: Rational) -> Rational? {
    guard !inst.familyScales.isEmpty else { return nil }
    let problem = inst.problem
    func nominal(_ p: Policy) -> Rational {
      problem.samples.reduce(Rational.zero) { acc, s in
        acc + problem.loss.value(at: p.forward(s.state).output, target: s.target)
      } / Rational(problem.samples.count)
    }
    var best: Rational?, bestInClass: Rational?
    for base in [inst.policy] + inst.familyVariants {
      let conv = ConventionBound(policy: base, lower: problem.lower, upper: problem.upper)!
      for c in inst.familyScales {
        let p = TheoremInstance.scaled(base, c)
        let r = nominal(p)
        best = best.map { Rational.minimum($0, r) } ?? r
        let inClass = c.isZero ? true : conv.contains(gammaSquared: g2 / (c * c))
        if inClass { bestInClass = bestInClass.map { Rational.minimum($0, r) } ?? r }
      }
    }
    guard let best, let bestInClass else { return nil }
    return bestInClass - best
  }
}
