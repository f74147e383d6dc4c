import Bounds
import Formats
import LinearAlgebra
import Model
import Rational
import Training
import Verification

/// One verified checkpoint of an experiment sweep: the run's settings and every exact
/// quantity `aajr experiment` tabulates.
///
/// Step sizes "with each bound's own minimal C": the smallest C that makes a bound
/// `L_𝓛⁺ g + C` cover the measured trajectory smoothness `L_traj` is `max(0, L_traj − L_𝓛⁺ g)`,
/// so the certified step size is `1 / max(L_𝓛⁺ g, L_traj)` with `g = γ_adv²` for AAJR and
/// `g = γ_G²⁺` (the upper end of its certified interval, or the bound) for the global class.
/// Both are nil when some β_t is infinite, or when the maximum is 0 (any step size).
package struct ExperimentRow: Sendable, Equatable {
  // Settings.
  package var task: String
  package var regularizer: String
  package var seed: UInt64
  package var lambda: String
  package var gamma: String
  package var epsilon: String
  package var steps: Int
  package var epochs: Int
  /// "exact" (region enumeration) or "bound" (a sound upper bound only).
  package var globalMode: String
  // Exact quantities.
  package var gammaAdvSquared: Rational?
  package var gammaSquaredLower: Rational?
  package var gammaSquaredUpper: Rational?
  package var regions: Int?
  package var inAAJR: Bool?
  package var inGlobal: Bool?
  /// `L_traj` as text: a rational, "inf", or nil when no step moves.
  package var trajectorySmoothness: String?
  package var etaAAJR: Rational?
  package var etaGlobal: Rational?
  /// `η · L_eff⁺ ≤ 1` for the problem's η (SPEC section 2).
  package var certified: Bool
  package var nominal: Rational
  package var robustPGA: Rational
  package var robustExact: Rational
  /// Samples on which the PGA last iterate is below the exact inner maximum.
  package var pgaMissed: Int
  package var samples: Int

  package init(task: String, regularizer: String, seed: UInt64, lambda: String, gamma: String, epsilon: String,
              steps: Int, epochs: Int, globalMode: String, gammaAdvSquared: Rational?, gammaSquaredLower: Rational?,
              gammaSquaredUpper: Rational?, regions: Int?, inAAJR: Bool?, inGlobal: Bool?, trajectorySmoothness: String?,
              etaAAJR: Rational?, etaGlobal: Rational?, certified: Bool, nominal: Rational, robustPGA: Rational,
              robustExact: Rational, pgaMissed: Int, samples: Int) {
    self.task = task; self.regularizer = regularizer; self.seed = seed; self.lambda = lambda; self.gamma = gamma
    self.epsilon = epsilon; self.steps = steps; self.epochs = epochs; self.globalMode = globalMode
    self.gammaAdvSquared = gammaAdvSquared; self.gammaSquaredLower = gammaSquaredLower
    self.gammaSquaredUpper = gammaSquaredUpper; self.regions = regions; self.inAAJR = inAAJR; self.inGlobal = inGlobal
    self.trajectorySmoothness = trajectorySmoothness; self.etaAAJR = etaAAJR; self.etaGlobal = etaGlobal
    self.certified = certified; self.nominal = nominal; self.robustPGA = robustPGA; self.robustExact = robustExact
    self.pgaMissed = pgaMissed; self.samples = samples
  }

  /// Verifies `policy` on `problem` at γ exactly and fills the row (settings given); throws
  /// when the exact robust risk stops at its budget.
  package static func measure(policy: Policy, problem: Problem, gamma: Rational, globalMode: GlobalMode,
                             settings: ExperimentRow) throws -> ExperimentRow {
    let v = PolicyVerification(policy: policy, problem: problem, gamma: gamma, globalMode: globalMode, riskMode: .exact)
    var row = settings
    row.gammaAdvSquared = v.attack.gammaAdvSquared
    row.gammaSquaredLower = v.global?.interval.lower
    row.gammaSquaredUpper = v.global?.interval.upper
    row.regions = v.global.flatMap { $0.isExact ? $0.regions.count : nil }
    row.inAAJR = v.inAAJRClass
    row.inGlobal = v.inGlobalClass
    let smooth = v.attack.trajectorySmoothness
    row.trajectorySmoothness = smooth?.description
    let L = v.stepSize.lossSmoothness.upper
    func eta(_ g: Rational?) -> Rational? {
      if smooth == .infinite { return nil }
      let m = Rational.maximum(L * (g ?? 0), smooth?.finiteValue ?? 0)
      return m.isZero ? nil : m.reciprocal
    }
    row.etaAAJR = eta(v.attack.gammaAdvSquared)
    row.etaGlobal = v.global.flatMap { eta($0.interval.upper) }
    row.certified = v.stepSize.isCertified
    let risks = v.risks
    row.nominal = risks.nominal
    row.robustPGA = risks.robustPGA
    guard let exact = risks.robustExact, let missed = risks.pgaMissed else {
      throw ExperimentError(description: "exact robust risk not computed: \(risks.skippedReason ?? "skipped")")
    }
    row.robustExact = exact
    row.pgaMissed = missed.count
    row.samples = problem.samples.count
    return row
  }

  /// A row with the settings only (quantities zero or nil), for `measure`.
  package static func settings(task: String, regularizer: String, seed: UInt64, lambda: String, gamma: String,
                              epsilon: String, steps: Int, epochs: Int, globalMode: String) -> ExperimentRow {
    ExperimentRow(task: task, regularizer: regularizer, seed: seed, lambda: lambda, gamma: gamma, epsilon: epsilon,
                  steps: steps, epochs: epochs, globalMode: globalMode, gammaAdvSquared: nil, gammaSquaredLower: nil,
                  gammaSquaredUpper: nil, regions: nil, inAAJR: nil, inGlobal: nil, trajectorySmoothness: nil,
                  etaAAJR: nil, etaGlobal: nil, certified: false, nominal: 0, robustPGA: 0, robustExact: 0,
                  pgaMissed: 0, samples: 0)
  }

  /// The cell of the sweep this row belongs to (everything but seed and regularizer).
  package var cell: String { "\(task) λ=\(lambda) γ=\(gamma) ε=\(epsilon) K=\(steps) epochs=\(epochs)" }

  /// The cached form of one run (`aajr-experiment-run/1`), exact.
  package var jsonText: String {
    let w = JSONWriter()
    w.object {
      w.member("format", string: "aajr-experiment-run/1")
      writeMembers(w)
    }
    return w.text + "\n"
  }

  package func writeMembers(_ w: JSONWriter) {
    w.member("task", string: task)
    w.member("regularizer", string: regularizer)
    w.member("seed", raw: String(seed))
    w.member("lambda", string: lambda)
    w.member("gamma", string: gamma)
    w.member("epsilon", string: epsilon)
    w.member("K", raw: String(steps))
    w.member("epochs", raw: String(epochs))
    w.member("global_mode", string: globalMode)
    w.member("gamma_adv_sq", rational: gammaAdvSquared)
    w.member("gamma_sq_lower", rational: gammaSquaredLower)
    w.member("gamma_sq_upper", rational: gammaSquaredUpper)
    w.member("regions", raw: regions.map(String.init) ?? "null")
    w.member("in_aajr", bool: inAAJR)
    w.member("in_global", bool: inGlobal)
    w.member("L_traj", raw: trajectorySmoothness.map { JSONWriter.quoted($0) } ?? "null")
    w.member("eta_aajr", rational: etaAAJR)
    w.member("eta_global", rational: etaGlobal)
    w.member("certified", bool: certified)
    w.member("nominal", rational: nominal)
    w.member("robust_pga", rational: robustPGA)
    w.member("robust_exact", rational: robustExact)
    w.member("pga_missed", raw: String(pgaMissed))
    w.member("samples", raw: String(samples))
  }

  /// Reads a cached run; throws on any malformed field.
  package init(reading r: FieldReader) throws {
    guard try r.field("format").string() == "aajr-experiment-run/1" else { throw try r.field("format").fail("not an aajr-experiment-run/1 file") }
    func opt(_ k: String) throws -> Rational? { try r.optionalField(k)?.rational() }
    func optBool(_ k: String) throws -> Bool? {
      guard let f = try r.optionalField(k) else { return nil }
      guard case .bool(let b) = f.value else { throw f.fail("expected a boolean") }
      return b
    }
    self.init(task: try r.field("task").string(), regularizer: try r.field("regularizer").string(),
              seed: UInt64(try r.field("seed").integer()), lambda: try r.field("lambda").string(),
              gamma: try r.field("gamma").string(), epsilon: try r.field("epsilon").string(),
              steps: try r.field("K").integer(), epochs: try r.field("epochs").integer(),
              globalMode: try r.field("global_mode").string(), gammaAdvSquared: try opt("gamma_adv_sq"),
              gammaSquaredLower: try opt("gamma_sq_lower"), gammaSquaredUpper: try opt("gamma_sq_upper"),
              regions: try r.optionalField("regions")?.integer(), inAAJR: try optBool("in_aajr"),
              inGlobal: try optBool("in_global"), trajectorySmoothness: try r.optionalField("L_traj")?.string(),
              etaAAJR: try opt("eta_aajr"), etaGlobal: try opt("eta_global"), certified: try optBool("certified") ?? false,
              nominal: try r.field("nominal").rational(), robustPGA: try r.field("robust_pga").rational(),
              robustExact: try r.field("robust_exact").rational(), pgaMissed: try r.field("pga_missed").integer(),
              samples: try r.field("samples").integer())
  }
}

package struct ExperimentError: Error, CustomStringConvertible {
  package var description: String
}
