import Bounds
import Formats
import LinearAlgebra
import Model
import Rational

extension PolicyVerification {
  /// The short human summary `aajr verify` prints without `--json`.
  public var summary: String {
    var lines: [String] = []
    func yesNo(_ b: Bool?) -> String { b.map { $0 ? "yes" : "no" } ?? "undecided" }
    if samplesCut {
      let n = "\(attack.trajectories.count) of \(problem.samples.count) samples analysed before the time limit"
      lines.append(attack.gammaAdvSquared.map { "γ_adv² ≥ \(readable($0)) (\(n))" } ?? "γ_adv²: undecided (\(n))")
    } else if let g = attack.gammaAdvSquared {
      lines.append("γ_adv² \(equalsReadable(g))")
    } else {
      lines.append("γ_adv² = null (every step stationary)")
    }
    if let global {
      let i = global.interval
      if global.stopReason != nil {
        lines.append("γ_G² ∈ \(readable(i)) (a sound enclosure, not exact: \(global.regionCount) regions found before the budget)")
      } else if global.isExact {
        let value = i.isExact ? equalsReadable(i.lower) : "∈ \(readable(i))"
        lines.append("γ_G² \(value), \(global.regionCount) linear regions")
        if let c = convention {
          let ci = c.interval
          let cv = ci.isExact ? equalsReadable(ci.lower) : "∈ \(readable(ci))"
          lines.append("γ_conv² \(cv) (autograd's kink conventions on the closed X: \(c.patterns.count) patterns, \(c.lowerDimensionalPatterns) only on kinks)")
        } else if let cap = conventionStoppedAt {
          lines.append("γ_conv²: not computed (more than \(cap) cell LPs; --conv-lps raises the cap)")
        }
      } else {
        let upper = i.upper.description.count <= 24 ? i.upper.description : i.upper.decimalString(fractionDigits: 6, rounding: .up)
        lines.append("γ_G² ≤ \(upper) (a sound bound; --global exact enumerates the regions)")
      }
    } else {
      lines.append("γ_G²: not computed (--global off)")
    }
    if let gammaSquared {
      let label = gamma.map { "γ = \($0)" } ?? "γ² = \(readable(gammaSquared))"
      lines.append("\(label): in F_γ: \(yesNo(inGlobalClass)); in F_ad(γ): \(yesNo(inAAJRClass))")
    }
    let s = stepSize
    if samplesCut {
      lines.append("step size η = \(s.eta): undecided (the time limit cut the attack)")
    } else {
      let lEff = s.effectiveSmoothness.map { "L_eff ≤ \($0.upper.approximateDescription)" } ?? "L_eff undefined (β = inf)"
      lines.append("step size η = \(s.eta): \(s.isCertified ? "certified" : "NOT certified") (\(lEff), L_𝓛 ≈ \(s.lossSmoothness.upper.approximateDescription), C = \(s.C?.approximateDescription ?? "undefined"))")
    }
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
    lines.append(nonMonotone.isEmpty ? "every \(samplesCut ? "analysed " : "")trajectory ascends monotonically"
      : "non-monotone samples: \(nonMonotone)")
    lines.append(samplesCut ? "risks: not computed (the time limit cut the attack before every sample was analysed)" : risks.summaryLine)
    return lines.joined(separator: "\n")
  }
}

/// `= p/q` when short, else `≈ decimal`.
func equalsReadable(_ r: Rational) -> String {
  let text = readable(r)
  return text.hasPrefix("≈") ? text : "= " + text
}
