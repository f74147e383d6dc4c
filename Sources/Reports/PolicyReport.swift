import Bounds
import CrossCheck
import Experiments
import Formats
import LinearAlgebra
import Model
import Rational
import Theorems
import Training
import Verification

extension PolicyVerification {
  /// A Markdown report of this one policy: classes, intervals, and per sample the
  /// trajectory table with gains and β per step. Deterministic (no timestamps).
  package func markdownReport(policyPath: String, problemPath: String) -> String {
    var md = "# aajr verify report\n\n"
    md += "Policy `\(policyPath)` (input dimension \(policy.inputDimension), \(policy.layers.count) layers, "
    md += "\(policy.kinkedNeuronCount) kinked neurons); problem `\(problemPath)` "
    md += "(\(problem.samples.count) samples, radius \(problem.attack.radius), η = \(problem.attack.stepSize), K = \(problem.attack.steps)).\n\n"
    md += "## Summary\n\n```\n\(summary)\n```\n\n"
    if budgetReached {
      md += "## Budget reached\n\n" + budgetCuts.map { "- " + $0 + "\n" }.joined() + "\n"
    }
    md += "## Pictures\n\n" + pictures + "\n\n"
    md += "## Trajectories\n\n"
    md += "`gain_sq` is ‖J u_t‖² along the normalised ascent direction; `β` the trajectory-wise effective smoothness of the step from t to t+1.\n"
    for traj in attack.trajectories {
      md += "\n### Sample \(traj.index) (\(traj.isMonotone ? "monotone" : "not monotone"))\n\n"
      md += "| t | δ_t | objective | gain_sq | β | on kink | projected | crosses kink |\n"
      md += "|---|---|---|---|---|---|---|---|\n"
      for s in traj.steps {
        let delta = s.delta.map(\.approximateDescription).joined(separator: ", ")
        md += "| \(s.t) | (\(delta)) | \(s.objective.approximateDescription) | "
        md += "\(s.gainSquared?.approximateDescription ?? "—") | "
        md += "\(s.smoothness.map { $0.finiteValue?.approximateDescription ?? "inf" } ?? "—") | "
        md += "\(s.onKink ? "yes" : "") | \(s.projectionActive ? "yes" : "") | \(s.crossesKink ? "yes" : "") |\n"
      }
      if let m = innerMaxima?[traj.index] {
        let last = traj.steps[traj.steps.count - 1].objective
        md += "\nExact inner maximum \(m.value.approximateDescription) at δ = (\(m.delta.map(\.approximateDescription).joined(separator: ", ")))"
        md += last < m.value ? "; the last PGA iterate is below it by \((m.value - last).approximateDescription).\n" : "; PGA reached it.\n"
      }
    }
    md += "\nValues in tables are rounded for reading; the exact rationals are in `aajr verify --json`.\n"
    return md
  }

  /// SVG plots: the objective along each trajectory, and per step β_t against
  /// `L_𝓛⁺·gain_sq_t` and `L_eff⁺` (where defined).
  var pictures: String {
    let colors = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f"]
    let objective = attack.trajectories.prefix(8).enumerated().map { k, traj in
      SVGPlot.Series(label: "sample \(traj.index)", points: traj.steps.map { (Double($0.t), Double($0.objective)) },
                     color: colors[k % colors.count], connected: true)
    }
    var svg = SVGPlot.plot(objective, xLabel: "PGA step t", yLabel: "g_s(δ_t)", title: "Objective along each trajectory")
    if let (curves, k) = curvatureSeries() {
      var series = curves
      if let e = stepSize.effectiveSmoothness, !samplesCut {
        series.append(SVGPlot.Series(label: "L_eff", points: [(0, Double(e.upper)), (max(k - 1, 1), Double(e.upper))],
                                     color: "#7f7f7f", connected: true))
      }
      svg += "\n\n" + SVGPlot.plot(series, xLabel: "step (samples in order)", yLabel: "curvature",
                                   title: "β_t against L_𝓛·‖J u_t‖² and L_eff")
    }
    return svg
  }

  /// Per step that moves with a finite β, in sample order: β_t and `L_𝓛⁺·gain_sq_t` as plot
  /// series, with the number of steps; nil when there is none.
  func curvatureSeries() -> (series: [SVGPlot.Series], steps: Double)? {
    let L = stepSize.lossSmoothness.upper
    var beta: [(x: Double, y: Double)] = [], bound: [(x: Double, y: Double)] = []
    for traj in attack.trajectories {
      for step in traj.steps {
        guard let g = step.gainSquared, let b = step.smoothness?.finiteValue else { continue }
        beta.append((Double(beta.count), Double(b)))
        bound.append((Double(bound.count), Double(L * g)))
      }
    }
    guard !beta.isEmpty else { return nil }
    return ([SVGPlot.Series(label: "β_t", points: beta, color: "#d62728", connected: true),
             SVGPlot.Series(label: "L_𝓛·gain_sq_t", points: bound, color: "#2ca02c", connected: true)],
            Double(beta.count))
  }
}
