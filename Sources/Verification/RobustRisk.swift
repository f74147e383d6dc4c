import Bounds
import Formats
import LinearAlgebra
import Model
import Rational

/// Whether `aajr verify` computes the exact robust risk (SPEC section 6, "Risks").
public enum RiskMode: String, Sendable, CaseIterable {
  /// The exact inner maximum of every sample (`Policy.exactInnerMaximum`).
  case exact
  /// Skipped: `robust_exact` is null with the reason.
  case off
}

/// The three risks of one policy on one problem, and per sample whether the K-step PGA
/// last iterate reached the exact inner maximum.
public struct RobustRiskReport: Sendable {
  /// `R_nom = mean_s 𝓛(π(s))`.
  public var nominal: Rational
  /// `R_pga = mean_s 𝓛(π(s+δ_K))`, the PGA last iterate.
  public var robustPGA: Rational
  /// Per sample the exact inner maximum, nil when skipped.
  public var maxima: [InnerMaximum]?
  /// Why `maxima` is nil.
  public var skippedReason: String?
  /// Per sample `𝓛(π(s+δ_K))`.
  public var pgaValues: [Rational]

  public init(attack: AttackAnalysis, maxima: [InnerMaximum]?, skippedReason: String?) {
    nominal = attack.nominalRisk
    robustPGA = attack.robustRisk
    pgaValues = attack.trajectories.map { $0.steps[$0.steps.count - 1].objective }
    self.maxima = maxima
    self.skippedReason = skippedReason
  }

  /// `R_rob = mean_s max_{δ∈Δ_s} 𝓛(π(s+δ))`, nil when skipped.
  public var robustExact: Rational? { maxima.map(AttackAnalysis.meanValue) }

  /// The samples whose PGA last iterate is strictly below the exact maximum.
  public var pgaMissed: [Int]? {
    maxima.map { m in m.indices.filter { pgaValues[$0] < m[$0].value } }
  }
}

extension PolicyVerification {
  /// The risks of SPEC section 6 (`risks` in `aajr-verify/1`).
  public var risks: RobustRiskReport {
    RobustRiskReport(attack: attack, maxima: innerMaxima,
                     skippedReason: innerMaxima == nil ? (innerMaximaSkippedReason ?? "skipped") : nil)
  }

  /// Writes the top-level `"risks"` member.
  func writeRisks(_ w: JSONWriter) {
    let r = risks
    w.member("risks") {
      w.object {
        // Means over every sample: null when the time limit cut the attack.
        w.member("nominal", rational: samplesCut ? nil : r.nominal)
        w.member("robust_pga", rational: samplesCut ? nil : r.robustPGA)
        w.member("robust_exact", rational: r.robustExact)
        if let reason = r.skippedReason { w.member("robust_exact_reason", string: reason) } else { w.member("robust_exact_reason", raw: "null") }
        w.member("pga_missed_samples", raw: r.pgaMissed.map { String($0.count) } ?? "null")
        w.member("pga_shortfall", rational: samplesCut ? nil : r.robustExact.map { $0 - r.robustPGA })
      }
    }
  }

  /// Writes the per-sample `"robust_exact"` member of sample `i`.
  func writeSampleRisk(_ w: JSONWriter, sample i: Int) {
    guard let m = innerMaxima?[i] else {
      w.member("robust_exact", raw: "null")
      return
    }
    let pga = attack.trajectories[i].steps[attack.trajectories[i].steps.count - 1].objective
    w.member("robust_exact") {
      w.object {
        w.member("value", rational: m.value)
        w.member("maximiser") { w.rationalArray(m.delta) }
        w.member("pieces", raw: String(m.pieces))
        w.member("pga_value", rational: pga)
        w.member("pga_missed", bool: pga < m.value)
      }
    }
  }
}

extension RobustRiskReport {
  /// One line for `aajr verify`'s summary.
  var summaryLine: String {
    var line = "risks: nominal \(readable(nominal)), robust (PGA last iterate) \(readable(robustPGA))"
    if let exact = robustExact, let missed = pgaMissed {
      line += ", robust (exact inner maximum) \(readable(exact))"
      line += missed.isEmpty ? "; PGA reached the maximum on every sample" : "; PGA fell short on samples \(missed)"
    } else {
      line += ", exact robust risk \(skippedReason ?? "not computed")"
    }
    return line
  }
}
