import Bounds
import Rational

extension PolicyVerification {
  /// The short human summary `aajr verify` prints without `--json`.
  public var summary: String {
    var lines: [String] = []
    func yesNo(_ b: Bool?) -> String { b.map { $0 ? "yes" : "no" } ?? "undecided" }
    if let g = attack.gammaAdvSquared {
      lines.append("γ_adv² = \(g)  (≈ \(g.approximateDescription))")
    } else {
      lines.append("γ_adv² = null (every step stationary)")
    }
    if let global {
      let label = global.isExact ? "γ_G² ∈" : "γ_G² ≤ (bound)"
      let regions = global.isExact ? ", \(global.regions.count) regions" : ""
      lines.append("\(label) [\(global.interval.lower.approximateDescription), \(global.interval.upper.approximateDescription)]\(regions)")
    } else {
      lines.append("γ_G²: not computed (--global off)")
    }
    if let gamma {
      lines.append("γ = \(gamma): in F_γ: \(yesNo(inGlobalClass)); in F_ad(γ): \(yesNo(inAAJRClass))")
    }
    let s = stepSize
    let lEff = s.effectiveSmoothness.map { "L_eff ≤ \($0.upper.approximateDescription)" } ?? "L_eff undefined (β = inf)"
    lines.append("step size η = \(s.eta): \(s.isCertified ? "certified" : "NOT certified") (\(lEff), L_𝓛 ≈ \(s.lossSmoothness.upper.approximateDescription), C = \(s.C?.approximateDescription ?? "undefined"))")
    var worst: (sample: Int, t: Int, beta: Smoothness)?
    for traj in attack.trajectories {
      for step in traj.steps {
        guard let b = step.smoothness else { continue }
        if worst == nil || Smoothness.maximum(worst!.beta, b) != worst!.beta { worst = (traj.index, step.t, b) }
      }
    }
    if let worst {
      let b = worst.beta.finiteValue?.approximateDescription ?? "inf"
      lines.append("worst step: sample \(worst.sample), t = \(worst.t), β = \(b)")
    }
    let nonMonotone = attack.trajectories.filter { !$0.isMonotone }.map(\.index)
    lines.append(nonMonotone.isEmpty ? "every trajectory ascends monotonically" : "non-monotone samples: \(nonMonotone)")
    return lines.joined(separator: "\n")
  }
}
