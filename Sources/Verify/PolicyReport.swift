import Bounds
import Rational

extension PolicyVerification {
  /// A Markdown report of this one policy: classes, intervals, and per sample the
  /// trajectory table with gains and β per step. Deterministic (no timestamps).
  public func markdownReport(policyPath: String, problemPath: String) -> String {
    var md = "# aajr verify report\n\n"
    md += "Policy `\(policyPath)` (input dimension \(policy.inputDimension), \(policy.layers.count) layers, "
    md += "\(policy.kinkedNeuronCount) kinked neurons); problem `\(problemPath)` "
    md += "(\(problem.samples.count) samples, radius \(problem.attack.radius), η = \(problem.attack.stepSize), K = \(problem.attack.steps)).\n\n"
    md += "## Summary\n\n```\n\(summary)\n```\n\n"
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
    }
    md += "\nValues in tables are rounded for reading; the exact rationals are in `aajr verify --json`.\n"
    return md
  }
}
