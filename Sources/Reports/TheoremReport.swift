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

/// Where a counterexample's files go, relative to the report folder's parent.
package func counterexampleFolder(_ id: String, base: String = "reports/counterexamples") -> String {
  "\(base)/\(id)"
}

extension TheoremResult {
  /// The command that reruns a counterexample with `aajr verify`.
  package func reproduceCommand(folder: String) -> String {
    guard let c = counterexample else { return "" }
    let g2 = c.evaluation.gammaSquared
    return "aajr verify --policy \(folder)/policy.json --problem \(folder)/problem.json --gamma-sq \(g2) --json"
  }

  /// Values of the quantities the claim uses on the counterexample (or witness), exact.
  func usedValues(_ e: InstanceEvaluation) -> [(String, String)] {
    var names = Set<String>()
    switch file.kind {
    case .claim(let x), .witness(let x): names = x.quantityNames
    }
    return names.sorted().map { n in (n, e.values[n].map { "\($0)" } ?? "undefined") }
  }

  /// The claim's quantities plus the gains, for people: long rationals as decimals.
  func readableValues(_ e: InstanceEvaluation) -> [(String, String)] {
    var names = Set<String>()
    switch file.kind {
    case .claim(let x), .witness(let x): names = x.quantityNames
    }
    names.formUnion(["gamma_adv_sq", "gamma_sq", "gamma_sq_upper"])
    return names.sorted().map { n in
      switch e.values[n] {
      case .number(let r)?: return (n, readable(r))
      case .boolean(let b)?: return (n, b ? "true" : "false")
      case nil: return (n, "undefined")
      }
    }
  }

  /// The `aajr-theorems/1` entry.
  func writeJSON(_ w: JSONWriter, folder: String) {
    w.object {
      w.member("id", string: file.id)
      w.member("title", string: file.title)
      w.member("status", string: status.rawValue)
      w.member("expect", string: file.expect.rawValue)
      w.member("instances", raw: String(instances))
      w.member("smallest_margin", rational: smallestMargin)
      if let c = counterexample {
        w.member("counterexample") {
          w.object {
            w.member("policy", string: "\(folder)/policy.json")
            w.member("problem", string: "\(folder)/problem.json")
            w.member("gamma_sq", rational: c.evaluation.gammaSquared)
            if let o = c.origin { w.member("instance", string: o.description) } else { w.member("instance", raw: "null") }
            w.member("found_by_search", bool: c.foundBySearch)
            w.member("mechanism", string: c.mechanism.rawValue)
            w.member("values") {
              w.object { for (k, v) in usedValues(c.evaluation) { w.member(k, string: v) } }
            }
          }
        }
      } else {
        w.member("counterexample", raw: "null")
      }
      let ev = evidence
      w.member("evidence") {
        w.object {
          w.member("instances") {
            w.object {
              w.member("random", raw: String(ev.random))
              w.member("structured", raw: String(ev.structured))
              w.member("exhaustive", raw: String(ev.exhaustive))
            }
          }
          w.member("counted") {
            w.object {
              w.member("random", raw: String(ev.randomCounted))
              w.member("structured", raw: String(ev.structuredCounted))
              w.member("exhaustive", raw: String(ev.exhaustiveCounted))
            }
          }
          w.member("premise_held", raw: isImplication ? String(ev.premiseHeld) : "null")
          w.member("exhaustive_scopes") {
            w.array(ev.scopes) { sc in
              w.object {
                w.member("name", string: sc.name)
                w.member("instances", raw: String(sc.planned))
                w.member("covered", raw: String(sc.covered))
                w.member("complete", bool: sc.isComplete)
              }
            }
          }
          w.member("scopes_complete") { w.array(ev.completeScopes) { w.element(raw: JSONWriter.quoted($0)) } }
          w.member("margin_search_budget", raw: String(ev.searchBudget))
          w.member("vacuous_memberships", raw: String(ev.vacuousMemberships))
          w.member("witnesses", raw: isWitness ? String(witnessCount) : "null")
          w.member("stopped_at_counterexample", bool: ev.stoppedAtCounterexample)
          w.member("budget_seconds", raw: String(Int(ev.budgetSeconds)))
          w.member("stopped_by_budget", bool: ev.stoppedByBudget)
        }
      }
    }
  }

  /// Whether the claim is `A implies B` (its evidence counts the instances with A true).
  var isImplication: Bool {
    if case .claim(.implies) = file.kind { return true }
    return false
  }

  var isWitness: Bool {
    if case .witness = file.kind { return true }
    return false
  }

  /// One line on what the verdict rests on, for the report.
  var evidenceSummary: String {
    let ev = evidence
    var parts = ["\(ev.random) random, \(ev.structured) structured, \(ev.exhaustive) exhaustive instances (\(instances) counted)"]
    if isImplication { parts.append("premise true on \(ev.premiseHeld)") }
    if isWitness { parts.append("witness on \(witnessCount)") }
    let complete = ev.completeScopes
    if !ev.scopes.isEmpty {
      parts.append(complete.isEmpty ? "no exhaustive scope complete" : "scope\(complete.count == 1 ? "" : "s") \(complete.joined(separator: ", ")) covered completely")
      let partial = ev.scopes.filter { !$0.isComplete }.map { "\($0.name) \($0.covered)/\($0.planned)" }
      if !partial.isEmpty { parts.append("not covered: \(partial.joined(separator: ", "))") }
    } else {
      parts.append("no exhaustive scope fits this family")
    }
    if case .claim = file.kind, counterexample == nil { parts.append("margin search \(ev.searchBudget) mutations") }
    if ev.vacuousMemberships > 0 { parts.append("\(ev.vacuousMemberships) with every step stationary (F_ad vacuous)") }
    if ev.stoppedAtCounterexample { parts.append("stopped at the first counterexample") }
    if ev.stoppedByBudget { parts.append("**stopped by the \(Int(ev.budgetSeconds)) s budget: incomplete**") }
    return parts.joined(separator: "; ")
  }
}

/// The report and JSON of a whole `aajr theorems` run.
package struct TheoremRun: Sendable {
  package var results: [TheoremResult]
  package var counterexampleBase: String

  package init(results: [TheoremResult], counterexampleBase: String) {
    self.results = results
    self.counterexampleBase = counterexampleBase
  }

  package var allMatchExpectations: Bool { results.allSatisfy(\.matchesExpectation) }

  package var jsonText: String {
    let w = JSONWriter()
    w.object {
      w.member("format", string: "aajr-theorems/1")
      w.member("theorems") {
        w.array(results) { $0.writeJSON(w, folder: counterexampleFolder($0.file.id, base: counterexampleBase)) }
      }
    }
    return w.text + "\n"
  }

  /// Files to write for counterexamples: path → text.
  package var counterexampleFiles: [(path: String, text: String)] {
    results.compactMap { r in
      r.counterexample.map { c -> [(String, String)] in
        let dir = counterexampleFolder(r.file.id, base: counterexampleBase)
        let inst = c.evaluation.instance
        return [("\(dir)/policy.json", inst.policy.jsonText), ("\(dir)/problem.json", inst.problem.jsonText)]
          + inst.familyVariants.enumerated().map { ("\(dir)/policy-variant-\($0.offset + 1).json", $0.element.jsonText) }
      }
    }.flatMap { $0 }
  }

  /// `reports/theorems.md`: deterministic (no timestamps), readable without the code.
  package var markdown: String {
    var md = "# Theorem checks\n\n"
    md += "Generated by `aajr theorems` from the files in `theorems/` (each file gives its instance family, case count and seed; "
    md += "the same seed gives the same report on any machine). Every quantity is exact; a claim counts only on instances where it is defined.\n\n"
    md += "Each file runs its `cases` random draws, \(TheoremChecker.structuredCount) structured instances (planted coincident and anti-parallel kinks, kinks on faces of X, iterates on faces and corners, …) "
    md += "and every instance of the exhaustive scopes that fit it; \"counted\" is where the claim is defined, \"premise\" where the premise of an `A implies B` claim is true (the only instances that test B).\n\n"
    md += "| id | claim | expected | verdict | random / structured / exhaustive | counted | premise true | scopes complete | counterexample |\n|---|---|---|---|---|---|---|---|---|\n"
    for r in results {
      let ce = r.counterexample.map { "`\($0.mechanism.rawValue)`, size \($0.firstSize) → \($0.size)" } ?? (r.isWitness ? "witnesses: \(r.witnessCount)" : "—")
      let mark = r.matchesExpectation ? "" : " ⚠"
      let ev = r.evidence
      let scopes = ev.scopes.isEmpty ? "none fit" : (ev.completeScopes.isEmpty ? (ev.stoppedAtCounterexample ? "not reached" : "none") : ev.completeScopes.joined(separator: ", "))
      md += "| \(r.file.id) | \(r.file.title) | \(r.file.expect.rawValue) | **\(r.status.rawValue)**\(mark) | \(ev.random) / \(ev.structured) / \(ev.exhaustive) | \(r.instances) | \(r.isImplication ? String(ev.premiseHeld) : "—") | \(scopes) | \(ce) |\n"
    }
    for r in results { md += "\n" + section(r) }
    return md
  }

  func section(_ r: TheoremResult) -> String {
    var md = "## \(r.file.id): \(r.file.title)\n\n"
    switch r.file.kind {
    case .claim: md += "Claim, on every instance of family `\(r.file.family)`: `\(r.file.claimText)`\n\n"
    case .witness: md += "Witness, on some instance of family `\(r.file.family)`: `\(r.file.claimText)`\n\n"
    }
    md += "Verdict: **\(r.status.rawValue)** (expected \(r.file.expect.rawValue)) on \(r.instances) of \(r.generated) instances"
    md += r.file.parameters.isEmpty ? ".\n\n" : " (parameters: \(r.file.parameters.sorted { $0.key < $1.key }.map { "\($0.key) = \($0.value)" }.joined(separator: ", "))).\n\n"
    md += "Evidence: \(r.evidenceSummary).\n\n"
    if !r.evidence.scopes.isEmpty {
      md += "Exhaustive scopes (instances covered / in scope): " + r.evidence.scopes.map { "\($0.name) \($0.covered)/\($0.planned)" }.joined(separator: ", ") + ".\n\n"
    }
    if let m = r.smallestMargin { md += "Smallest margin: \(readable(m)).\n\n" }
    if !r.stepFailures.isEmpty {
      md += "Proof steps that failed: " + r.stepFailures.map { "`\($0.step)` (instance \($0.instance))" }.joined(separator: "; ") + ".\n\n"
    } else if !r.file.steps.isEmpty {
      md += "All \(r.file.steps.count) proof steps hold on every instance where they are defined.\n\n"
    }
    if let c = r.counterexample {
      let folder = counterexampleFolder(r.file.id, base: counterexampleBase)
      md += "Mechanism: `\(c.mechanism.rawValue)`.\n\n"
      md += "Counterexample (\(c.foundBySearch ? "found by hill-climbing the margin" : c.origin!.description)), shrunk in \(c.shrinkSteps) steps from size \(c.firstSize) to \(c.size) (layers, neurons, samples, steps, bits):\n\n"
      md += "| quantity | value |\n|---|---|\n"
      for (k, v) in r.readableValues(c.evaluation) { md += "| \(k) | \(v) |\n" }
      md += "\nFiles: `\(folder)/policy.json`, `\(folder)/problem.json`. Reproduce:\n\n```sh\n\(r.reproduceCommand(folder: folder))\n```\n\n"
      let inst = c.evaluation.instance
      if !inst.familyScales.isEmpty {
        let variants = inst.familyVariants.indices.map { "`policy-variant-\($0 + 1).json`" }
        md += "The finite family is `policy.json`\(variants.isEmpty ? "" : " and " + variants.joined(separator: ", ")), each with its output layer scaled by "
        md += inst.familyScales.map(\.description).joined(separator: ", ") + "; rerun `aajr verify --gamma-sq` on a scaled member for its membership and its risks (the objectives at t = 0 and t = K).\n\n"
      }
      md += stepPlot(c.evaluation)
    } else if let w = r.witnessExample {
      md += "First witness (\(r.witnesses[0])):\n\n| quantity | value |\n|---|---|\n"
      for (k, v) in r.readableValues(w) { md += "| \(k) | \(v) |\n" }
      md += "\n"
    } else if let e = r.closestExample, usesSmoothness(r) {
      md += "The instance closest to failing (smallest margin):\n\n" + stepPlot(e)
    }
    if !r.gains.isEmpty && usesGains(r) {
      let pts = r.gains.map { (x: Double($0.global).squareRoot(), y: Double($0.adv).squareRoot()) }
      md += SVGPlot.plot([SVGPlot.Series(label: "instances (binned)", points: pts, color: "#1f77b4", connected: false)],
                         xLabel: "γ_G (upper end, log scale)", yLabel: "γ_adv (log scale)",
                         title: "\(r.file.id): γ_adv against γ_G, line γ_adv = γ_G", diagonal: true, logScale: true) + "\n\n"
      md += "The scatter is binned: one dot per occupied quarter-octave cell of the (γ_G², γ_adv²) plane, \(pts.count) dots for \(r.gainPoints) instances.\n\n"
    }
    // The file's own headings sit two levels below this section's.
    let body = r.file.body.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: "\n", omittingEmptySubsequences: false)
      .map { $0.hasPrefix("#") ? "##" + $0 : String($0) }.joined(separator: "\n")
    md += "### From the theorem file\n\n" + body + "\n"
    return md
  }

  func usesSmoothness(_ r: TheoremResult) -> Bool {
    let names: Set<String>
    switch r.file.kind {
    case .claim(let x), .witness(let x): names = x.quantityNames
    }
    return names.contains { $0.hasPrefix("smooth_margin") || $0 == "beta_max" || $0 == "naive_step_margin" }
  }

  func usesGains(_ r: TheoremResult) -> Bool {
    let names: Set<String>
    switch r.file.kind {
    case .claim(let x), .witness(let x): names = x.quantityNames
    }
    return !names.isDisjoint(with: ["gamma_adv_sq", "in_global", "in_aajr", "adv_le_global", "eta_aajr", "eta_global"])
  }

  /// β_t against the bound `L_𝓛⁺·gain_sq_t` and `L_eff⁺` along the counterexample's steps.
  func stepPlot(_ e: InstanceEvaluation) -> String {
    guard let curves = e.verification.curvatureSeries() else { return "" }
    var series = curves.series
    let k = curves.steps
    let L = e.verification.stepSize.lossSmoothness.upper
    if let adv = e.verification.attack.gammaAdvSquared {
      let naive = Double(L * adv)
      series.append(SVGPlot.Series(label: "L_𝓛·γ_adv² (C = 0)", points: [(0, naive), (max(k - 1, 1), naive)],
                                   color: "#7f7f7f", connected: true))
      if let c = e.verification.stepSize.C, c.signum > 0 {
        let full = Double(L * adv + c)
        series.append(SVGPlot.Series(label: "L_𝓛·γ_adv² + C", points: [(0, full), (max(k - 1, 1), full)],
                                     color: "#9467bd", connected: true))
      }
    }
    return SVGPlot.plot(series, xLabel: "step (all samples in order)", yLabel: "curvature",
                        title: "β_t against L_𝓛·‖J u_t‖² and L_𝓛·γ_adv² (+ C)") + "\n\n"
  }
}
