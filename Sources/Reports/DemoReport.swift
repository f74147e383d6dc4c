import Bounds
import CrossCheck
import Experiments
import Formats
import Foundation
import LinearAlgebra
import Model
import Rational
import Theorems
import Training
import Verification

/// One trained checkpoint of the demo: its name, its exact verification on the held-out
/// problem, and its training curve (per epoch: nominal loss, robust loss, penalty; Double).
package struct DemoRun: Sendable {
  package var name: String
  package var settings: String
  package var verification: PolicyVerification
  package var curve: [(epoch: Int, nominal: Double, robust: Double, penalty: Double)]

  package init(name: String, settings: String, verification: PolicyVerification,
              curve: [(epoch: Int, nominal: Double, robust: Double, penalty: Double)]) {
    self.name = name
    self.settings = settings
    self.verification = verification
    self.curve = curve
  }

  /// Exact nominal risk on the held-out problem: the mean loss at the data states.
  package var nominalRisk: Rational { verification.attack.nominalRisk }

  /// Exact robust risk: the mean over samples of the exact inner maximum (SPEC section 6).
  package var robustRisk: Rational { verification.risks.robustExact ?? verification.attack.robustRisk }

  /// The PGA robust risk: the mean objective after the K PGA steps (the last iterate).
  package var pgaRobustRisk: Rational { verification.attack.robustRisk }
}

/// `reports/demo.md`: the three regularizers at one seed, each checkpoint verified exactly.
package struct DemoReport: Sendable {
  package var task: String
  package var taskSummary: String
  package var runs: [DemoRun]
  package var crossCheck: CrossCheck
  package var crossCheckedRun: String
  package var command: String

  package init(task: String, taskSummary: String, runs: [DemoRun], crossCheck: CrossCheck, crossCheckedRun: String,
              command: String) {
    self.task = task
    self.taskSummary = taskSummary
    self.runs = runs
    self.crossCheck = crossCheck
    self.crossCheckedRun = crossCheckedRun
    self.command = command
  }

  static func dec(_ r: Rational, _ digits: Int = 4) -> String { r.decimalString(fractionDigits: digits) }

  /// The table of the runs (Markdown).
  package var table: String {
    var md = "| run | γ_adv² | γ_G² (regions) | step size | nominal risk | robust risk (exact) | robust risk (PGA; samples below the max) | price of robustness |\n"
    md += "|---|---|---|---|---|---|---|---|\n"
    let base = runs.first { $0.name == "none" }
    for r in runs {
      let v = r.verification
      let adv = v.attack.gammaAdvSquared.map { Self.dec($0) } ?? "null"
      let g = v.global.map {
        "[\($0.interval.lower.decimalString(fractionDigits: 6, rounding: .down)), \($0.interval.upper.decimalString(fractionDigits: 6, rounding: .up))] (\($0.regions.count))"
      } ?? "—"
      let eta = v.stepSize.effectiveSmoothness.flatMap { $0.upper.reciprocal }
        .map { "; certified up to 1/L_eff⁺ = " + $0.decimalString(fractionDigits: 4, rounding: .down) } ?? ""
      let cert = "η = \(v.stepSize.eta) " + (v.stepSize.isCertified ? "certified" : "not certified")
      let por = base.map { r.name == "none" ? "0 (reference)" : Self.dec(r.nominalRisk - $0.nominalRisk) } ?? "—"
      md += "| `\(r.name)` | \(adv) | \(g) | \(cert)\(eta) | \(Self.dec(r.nominalRisk)) | \(Self.dec(r.robustRisk)) | \(Self.dec(r.pgaRobustRisk)); \(v.risks.pgaMissed.map { "\($0.count)/\(v.attack.trajectories.count)" } ?? "—") | \(por) |\n"
    }
    return md
  }

  /// What the measurement says, stated plainly whichever way it went.
  package var finding: String {
    guard let none = runs.first(where: { $0.name == "none" }),
          let glob = runs.first(where: { $0.name == "global" }),
          let aajr = runs.first(where: { $0.name == "aajr" }) else { return "" }
    let porG = glob.nominalRisk - none.nominalRisk, porA = aajr.nominalRisk - none.nominalRisk
    var s = "Measured Price of Robustness (nominal risk above the unregularized run): global \(Self.dec(porG)), "
    s += "AAJR \(Self.dec(porA)). Exact robust risk: global \(Self.dec(glob.robustRisk)), AAJR \(Self.dec(aajr.robustRisk)), "
    s += "none \(Self.dec(none.robustRisk)). "
    let moreRobust = aajr.robustRisk <= glob.robustRisk
    if porA < porG {
      s += "On this task and seed AAJR kept more nominal accuracy than the global penalty"
      s += moreRobust ? " and was at least as robust." : ", at a higher robust risk than the global penalty."
    } else if porA > porG {
      s += "On this task and seed AAJR did not keep more nominal accuracy than the global penalty."
    } else {
      s += "On this task and seed both penalties cost the same nominal accuracy."
    }
    if let ga = aajr.verification.attack.gammaAdvSquared, let gn = none.verification.attack.gammaAdvSquared {
      s += " AAJR lowered γ_adv² from \(Self.dec(gn)) to \(Self.dec(ga))"
    }
    if let gg = glob.verification.global?.interval.upper, let gn = none.verification.global?.interval.upper {
      s += "; the global penalty lowered γ_G² from \(Self.dec(gn)) to \(Self.dec(gg))."
    }
    return s + " One seed is one measurement, not a law."
  }

  package var markdown: String {
    var md = "# AAJR demo: three regularizers, each checkpoint verified exactly\n\n"
    md += "Generated by `\(command)` (deterministic: same seed, same report). Task `\(task)`: \(taskSummary)\n\n"
    md += "Each run trains in `Double` (Adam, unrolled PGA); its checkpoint is written as the exact values of the "
    md += "doubles and verified in exact rational arithmetic on the held-out problem: γ_adv² exact, γ_G² by exact "
    md += "region enumeration (certified interval, region count), the step-size certificate, the exact nominal risk, "
    md += "the exact robust risk (the mean over samples of the exact maximum of the loss over Δ_s, by region "
    md += "enumeration on each sample's box) and, beside it, the PGA robust risk (the mean loss at the K-th PGA "
    md += "iterate) with the number of samples on which PGA stopped below the exact maximum.\n\n"
    for r in runs { md += "- `\(r.name)`: \(r.settings)\n" }
    md += "\n" + table + "\n" + finding + "\n\n"
    md += "## Float cross-check of the `\(crossCheckedRun)` checkpoint\n\n```\n\(crossCheck.summary)\n```\n\n"
    md += "## Training curves\n\n"
    let colors = ["none": "#1f77b4", "global": "#ff7f0e", "aajr": "#2ca02c"]
    md += SVGPlot.plot(runs.map { r in
      SVGPlot.Series(label: "\(r.name) robust", points: r.curve.map { (Double($0.epoch), $0.robust) },
                     color: colors[r.name] ?? "#7f7f7f", connected: true)
    } + runs.map { r in
      SVGPlot.Series(label: "\(r.name) nominal", points: r.curve.map { (Double($0.epoch), $0.nominal) },
                     color: colors[r.name] ?? "#7f7f7f", connected: false)
    }, xLabel: "epoch", yLabel: "training loss", title: "Robust (lines) and nominal (dots) training loss") + "\n\n"
    md += "## γ_adv against γ_G\n\n"
    md += SVGPlot.plot(runs.compactMap { r in
      guard let a = r.verification.attack.gammaAdvSquared, let g = r.verification.global?.interval.upper else { return nil }
      return SVGPlot.Series(label: r.name, points: [(Double(g).squareRoot(), Double(a).squareRoot())],
                            color: colors[r.name] ?? "#7f7f7f", connected: false)
    }, xLabel: "γ_G", yLabel: "γ_adv", title: "Each checkpoint; the dashed line is γ_adv = γ_G", diagonal: true) + "\n"
    return md
  }
}
