import Bounds
import Formats
import Model
import Rational
import Verification

extension CrossCheck {
  /// The format tag of `aajr crosscheck --json`.
  package static let formatName = "aajr-crosscheck/1"

  /// `|f − e| / |e|` exactly; 0 when both are 0, nil when e = 0 ≠ f, either is missing,
  /// or f is not finite.
  static func relativeError(float f: Double?, exact e: Rational?) -> Rational? {
    guard let f, let e, let fx = f.exactValue else { return f == nil && e == nil ? 0 : nil }
    if e.isZero { return fx.isZero ? 0 : nil }
    return (fx - e).magnitude / e.magnitude
  }

  /// A double as the shortest decimal that reads back as it (`"inf"`, `"nan"` otherwise).
  static func doubleText(_ d: Double?) -> String {
    guard let d else { return "null" }
    return JSONWriter.quoted(d.isFinite ? "\(d)" : (d.isNaN ? "nan" : (d > 0 ? "inf" : "-inf")))
  }

  /// An exact error as a decimal rounded up to 6 significant digits (so it bounds the error).
  static func errorText(_ r: Rational?) -> String {
    r.map { JSONWriter.quoted($0.scientificString(significantDigits: 6, rounding: .up)) } ?? "null"
  }

  /// The `aajr-crosscheck/1` JSON object, deterministic.
  ///
  /// Decimal fields (`max_delta_error`, `max_objective_error`, `*_rel_error`) are exact
  /// values rounded up to 6 significant digits; `*_float` fields are the doubles'
  /// shortest decimals; rationals are exact.
  package var jsonText: String {
    let w = JSONWriter()
    w.object {
      w.member("format", string: CrossCheck.formatName)
      w.member("agree", bool: agree)
      w.member("arithmetic", string: precision == .float64
        ? "IEEE 754 binary64, round to nearest; inputs rounded to nearest double"
        : "IEEE 754 binary32, round to nearest; inputs rounded to nearest float32")
      w.member("precision", string: precision.rawValue)
      w.member("gamma_adv_sq_exact", rational: gammaAdvSquaredExact)
      w.member("gamma_adv_sq_float", raw: CrossCheck.doubleText(gammaAdvSquaredFloat))
      w.member("gamma_adv_sq_rel_error",
               raw: CrossCheck.errorText(CrossCheck.relativeError(float: gammaAdvSquaredFloat, exact: gammaAdvSquaredExact)))
      w.member("max_delta_error", raw: CrossCheck.errorText(maxDeltaError))
      w.member("mismatches", raw: String(samples.filter { !$0.agrees }.count))
      w.member("samples") {
        w.array(samples) { s in
          w.object {
            w.member("index", raw: String(s.index))
            w.member("agree", bool: s.agrees)
            w.member("first_pattern_mismatch", raw: s.firstPatternMismatch.map(String.init) ?? "null")
            if let f = s.flip {
              w.member("flip") {
                w.object {
                  w.member("t", raw: String(f.t))
                  w.member("layer", raw: String(f.layer))
                  w.member("neuron", raw: String(f.neuron))
                  w.member("activation", string: f.activation.name)
                  w.member("kink", rational: f.kink)
                  w.member("kind", string: f.kind.rawValue)
                  w.member("rounding", bool: f.kind != .drift)
                  w.member("exact_preactivation", rational: f.exactPreactivation)
                  w.member("float_preactivation", raw: CrossCheck.doubleText(f.floatPreactivation))
                }
              }
            } else {
              w.member("flip", raw: "null")
            }
            w.member("reason", raw: s.reason.map(JSONWriter.quoted) ?? "null")
            w.member("max_delta_error", raw: CrossCheck.errorText(s.maxDeltaError))
            w.member("max_delta_error_t", raw: String(s.maxDeltaErrorStep))
            w.member("max_objective_error", raw: CrossCheck.errorText(s.maxObjectiveError))
            w.member("monotone_exact", bool: s.monotoneExact)
            w.member("monotone_float", bool: s.monotoneFloat)
            w.member("gamma_adv_sq_exact", rational: s.gammaAdvSquaredExact)
            w.member("gamma_adv_sq_float", raw: CrossCheck.doubleText(s.gammaAdvSquaredFloat))
            w.member("gamma_adv_sq_rel_error",
                     raw: CrossCheck.errorText(CrossCheck.relativeError(float: s.gammaAdvSquaredFloat,
                                                                        exact: s.gammaAdvSquaredExact)))
          }
        }
      }
    }
    return w.text + "\n"
  }

  /// A short human summary: the verdict, the errors, and one line per disagreeing sample.
  package var summary: String {
    let k = samples.first.map { $0.exact.steps.count - 1 } ?? 0
    var lines: [String] = []
    let bad = samples.filter { !$0.agrees }
    if bad.isEmpty {
      lines.append("crosscheck\(precision == .float32 ? " (float32)" : ""): float and exact PGA agree on all \(samples.count) samples (K = \(k) steps): "
        + "same activation patterns, same monotonicity verdicts")
    } else {
      lines.append("crosscheck\(precision == .float32 ? " (float32)" : ""): float and exact PGA DISAGREE on \(bad.count) of \(samples.count) samples (K = \(k) steps)")
    }
    lines.append("  max |δ_float − δ_exact| = \(CrossCheck.errorText(maxDeltaError).trimmingQuotes) (exact, rounded up)")
    let ge = gammaAdvSquaredExact.map { g in
      let exact = g.description
      return exact.count <= 40 ? "\(exact) ≈ \(g.decimalApproximation)" : "≈ \(g.decimalApproximation) (\(exact.count)-character rational in --json)"
    } ?? "none (every step stationary)"
    let gf = gammaAdvSquaredFloat.map { "\($0)" } ?? "none"
    let rel = CrossCheck.errorText(CrossCheck.relativeError(float: gammaAdvSquaredFloat, exact: gammaAdvSquaredExact))
    let relText = rel == "null" ? "undefined (the exact value is none or 0)" : rel.trimmingQuotes
    lines.append("  γ_adv²: exact \(ge); float \(gf); relative error \(relText)")
    for s in bad {
      lines.append("  sample \(s.index): \(s.reason ?? "disagrees")")
    }
    return lines.joined(separator: "\n")
  }
}

extension String {
  fileprivate var trimmingQuotes: String {
    hasPrefix("\"") && hasSuffix("\"") && count >= 2 ? String(dropFirst().dropLast()) : self
  }
}
