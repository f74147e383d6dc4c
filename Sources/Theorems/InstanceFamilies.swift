import Bounds
import ClaimLanguage
import Formats
import LinearAlgebra
import Model
import Rational
import Verification

/// The instance families theorem files name in `family:` (documented in
/// `theorems/README.md`). Each draws instance `i` from `SplitMix64.forInstance(i, seed:)`,
/// so a check is deterministic for its seed whatever the core count.
public enum InstanceFamily: String, CaseIterable, Sendable {
  /// Random piecewise-linear policies and problems (all activations, dyadic or small-
  /// denominator weights, squared-error, PSD and indefinite quadratic losses), with
  /// boundary-seeking draws: states placed exactly on a first-layer kink, and radii
  /// large enough that trajectories hit the faces of the box.
  case randomPL = "random-pl"
  /// Policies whose high-gain directions are never ascent directions: the loss sees
  /// only output 1, and output 2 has gain K along a direction orthogonal to output 1's.
  case orthogonalGain = "orthogonal-gain"
  /// `random-pl` instances with the finite family `{c·π_v : c ∈ scales}` for the
  /// approximation gap and the Price of Robustness, where π_v is π and `variants`
  /// perturbed copies of it (every weight moved by a multiple of 1/4 in [−1/2, 1/2]).
  case scaledFamily = "scaled-family"

  /// Draws instance `index`.
  public func instance(_ index: Int, seed: UInt64, parameters: FamilyParameters) -> TheoremInstance {
    var rng = SplitMix64.forInstance(index, seed: seed)
    switch self {
    case .randomPL: return RandomPL.draw(using: &rng, parameters)
    case .orthogonalGain: return OrthogonalGain.draw(using: &rng, parameters)
    case .scaledFamily:
      var inst = RandomPL.draw(using: &rng, parameters)
      inst.familyScales = parameters.rationalList("scales", default: [0, Rational(1, 4), Rational(1, 2), Rational(3, 4), 1, Rational(5, 4), Rational(3, 2), 2])
      let variants = Int.random(in: parameters.range("variants", default: 0...0), using: &rng)
      inst.familyVariants = (0..<variants).map { _ in RandomPL.perturbed(inst.policy, &rng) }
      return inst
    }
  }
}

/// A family's parameters as written in a theorem file (`parameters:`), with defaults.
public struct FamilyParameters: Sendable {
  public var values: [String: String]
  public init(_ values: [String: String] = [:]) { self.values = values }

  /// `"a-b"` or `"a"` as a closed integer range.
  public func range(_ key: String, default d: ClosedRange<Int>) -> ClosedRange<Int> {
    guard let text = values[key] else { return d }
    let parts = text.split(separator: "-").compactMap { Int($0.trimmedSpaces) }
    if parts.count == 1 { return parts[0]...parts[0] }
    if parts.count == 2, parts[0] <= parts[1] { return parts[0]...parts[1] }
    return d
  }

  /// A comma-separated list of words.
  public func words(_ key: String, default d: [String]) -> [String] {
    guard let text = values[key] else { return d }
    return text.split(separator: ",").map { $0.trimmedSpaces }
  }

  /// A comma-separated list of rationals.
  public func rationalList(_ key: String, default d: [Rational]) -> [Rational] {
    guard let text = values[key] else { return d }
    let r = text.split(separator: ",").compactMap { Rational(String($0).trimmedSpaces) }
    return r.isEmpty ? d : r
  }

  /// A rational, e.g. a probability.
  public func rational(_ key: String, default d: Rational) -> Rational {
    values[key].flatMap { Rational($0.trimmedSpaces) } ?? d
  }

  /// The parameter names each family reads (others are rejected when a file is loaded).
  public static let known: Set<String> = [
    "inputs", "outputs", "depth", "width", "activations", "weights", "loss", "samples", "steps",
    "kink_states", "gamma", "scales", "gain", "radius", "variants",
  ]
}

extension StringProtocol {
  /// Without leading and trailing spaces and tabs.
  var trimmedSpaces: String {
    var s = Substring(self)
    while let f = s.first, f == " " || f == "\t" { s = s.dropFirst() }
    while let l = s.last, l == " " || l == "\t" { s = s.dropLast() }
    return String(s)
  }
}

extension FamilyParameters {
  /// What is wrong with parameter `name`'s value, or nil when it is valid. Checked when a
  /// theorem file is loaded, so a bad value is an error naming its line instead of a
  /// silent default or a crash.
  public static func problem(with name: String, value: String) -> String? {
    let v = value.trimmedSpaces
    func range(_ limits: ClosedRange<Int>) -> String? {
      let parts = v.split(separator: "-", omittingEmptySubsequences: false).map { $0.trimmedSpaces }
      guard (1...2).contains(parts.count), parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
            let a = Int(parts[0]), let b = Int(parts.last!) else {
        return "expected an integer or a range 'a-b' of integers from \(limits.lowerBound) to \(limits.upperBound), found '\(v)'"
      }
      guard a <= b else { return "the range '\(v)' is empty" }
      guard limits.contains(a), limits.contains(b) else {
        return "must lie in \(limits.lowerBound)-\(limits.upperBound), found '\(v)'"
      }
      return nil
    }
    func words(_ allowed: [String]) -> String? {
      let ws = v.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmedSpaces }
      if let bad = ws.first(where: { !allowed.contains($0) }) {
        return "unknown value '\(bad)' (allowed: \(allowed.joined(separator: ", ")))"
      }
      return nil
    }
    func rationals(_ ok: (Rational) -> Bool, _ what: String) -> String? {
      let ws = v.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmedSpaces }
      for w in ws {
        guard let r = Rational(w) else { return "'\(w)' is not a rational number" }
        guard ok(r) else { return "'\(w)' must be \(what)" }
      }
      return nil
    }
    switch name {
    case "inputs", "outputs": return range(1...4)
    case "depth": return range(1...4)
    case "width": return range(1...8)
    case "samples": return range(1...8)
    case "steps": return range(1...50)
    case "variants": return range(0...8)
    case "gain": return range(1...100)
    case "activations": return words(["identity", "relu", "leaky_relu", "hardtanh", "abs"])
    case "weights": return words(["small", "dyadic"])
    case "loss": return words(["squared", "psd", "indefinite"])
    case "kink_states":
      guard !v.contains(",") else { return "expected one rational in [0, 1], found '\(v)'" }
      return rationals({ $0.signum >= 0 && $0 <= 1 }, "in [0, 1]")
    case "gamma": return rationals({ $0.signum >= 0 }, "non-negative")
    case "radius": return rationals({ $0.signum > 0 }, "positive")
    case "scales": return rationals({ _ in true }, "a rational")
    default: return "unknown family parameter '\(name)'"
    }
  }
}
