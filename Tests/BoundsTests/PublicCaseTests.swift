import Bounds
import Formats
import Foundation
import LinearAlgebra
import Model
import Rational
import Testing
import Verification

/// The public cases (copied from the shared folder into the fixtures) must match the
/// independent exact implementation digit for digit.
@Suite struct PublicCaseTests {
  static let caseNames = ["p1", "p2"]

  static func fixture(_ name: String, _ file: String) throws -> String {
    let url = try #require(Bundle.module.url(forResource: "Fixtures/cases/\(name)/\(file)", withExtension: nil))
    return try String(contentsOf: url, encoding: .utf8)
  }

  @Test(arguments: caseNames)
  func trajectoriesAndGainsMatchExactly(name: String) throws {
    let policy = try Policy(file: "policy.json", text: Self.fixture(name, "policy.json"))
    let problem = try Problem(file: "problem.json", text: Self.fixture(name, "problem.json"), policy: policy)
    let expected = try JSONValue.parse(Self.fixture(name, "expected.json"))
    let result = PolicyVerification(policy: policy, problem: problem, gamma: nil, globalMode: .exact)

    #expect(result.attack.gammaAdvSquared == rational(expected["gamma_adv_sq"]))
    guard case .array(let samples)? = expected["samples"] else { Issue.record("no samples"); return }
    #expect(samples.count == result.attack.trajectories.count)
    for (es, traj) in zip(samples, result.attack.trajectories) {
      #expect(es["monotone"] == .bool(traj.isMonotone), "\(name) sample \(traj.index) monotone")
      guard case .array(let steps)? = es["steps"] else { continue }
      #expect(steps.count == traj.steps.count)
      for (e, s) in zip(steps, traj.steps) {
        let where_ = "\(name) sample \(traj.index) t=\(s.t)"
        #expect(s.objective == rational(e["objective"]), "\(where_) objective")
        #expect(s.gainSquared == rational(e["gain_sq"]), "\(where_) gain_sq")
        guard case .array(let delta)? = e["delta"] else { continue }
        #expect(s.delta == delta.map { rational($0)! }, "\(where_) delta")
        switch e["beta"] {
        case .string("inf")?: #expect(s.smoothness == .infinite, "\(where_) beta")
        case .null?, nil: #expect(s.smoothness == nil, "\(where_) beta")
        case let v?: #expect(s.smoothness == .finite(rational(v)!), "\(where_) beta")
        }
      }
    }
  }

  /// The step-size fields against an oracle built from the independent expected values:
  /// for a one-output loss `L_𝓛 = ||Q||₂ = |q|` exactly; `L_traj` is the largest expected β;
  /// `C = max(0, L_traj − L_𝓛 γ_adv²)`, `L_eff = L_𝓛 γ_adv² + C`, certified iff `η L_eff ≤ 1`
  /// (SPEC section 2); an expected β of `inf` makes C and L_eff null and the step uncertified.
  @Test(arguments: caseNames)
  func stepSizeFieldsMatchTheOracle(name: String) throws {
    let policy = try Policy(file: "policy.json", text: Self.fixture(name, "policy.json"))
    let problem = try Problem(file: "problem.json", text: Self.fixture(name, "problem.json"), policy: policy)
    let expected = try JSONValue.parse(Self.fixture(name, "expected.json"))
    try #require(problem.loss.dimension == 1, "the oracle covers one-output losses")
    let L = problem.loss.Q[0][0].magnitude
    let gammaAdv = rational(expected["gamma_adv_sq"]) ?? 0
    var betas: [Rational] = [], infinite = false
    if case .array(let samples)? = expected["samples"] {
      for sample in samples {
        guard case .array(let steps)? = sample["steps"] else { continue }
        for step in steps {
          if step["beta"] == .string("inf") { infinite = true } else if let b = rational(step["beta"]) { betas.append(b) }
        }
      }
    }
    let result = PolicyVerification(policy: policy, problem: problem, gamma: nil, globalMode: .off)
    let s = result.stepSize
    #expect(s.eta == problem.attack.stepSize)
    #expect(s.lossSmoothness.lower == L && s.lossSmoothness.upper == L, "\(name) L_loss")
    if infinite {
      #expect(s.C == nil && s.effectiveSmoothness == nil && !s.isCertified, "\(name) β = inf")
    } else {
      let C = Rational.maximum(0, (betas.max() ?? 0) - L * gammaAdv)
      let Leff = L * gammaAdv + C
      #expect(s.C == C, "\(name) C")
      #expect(s.effectiveSmoothness?.lower == Leff && s.effectiveSmoothness?.upper == Leff, "\(name) L_eff")
      #expect(s.isCertified == (problem.attack.stepSize * Leff <= 1), "\(name) certified")
    }
  }

  /// `lambdas` lists, per region, (T, D) with `λ_max = (T + √D)/2`; the reported
  /// interval must contain the largest and be no wider than 1e-9 relative.
  @Test(arguments: caseNames)
  func globalBoundMatches(name: String) throws {
    let policy = try Policy(file: "policy.json", text: Self.fixture(name, "policy.json"))
    let problem = try Problem(file: "problem.json", text: Self.fixture(name, "problem.json"), policy: policy)
    let expected = try JSONValue.parse(Self.fixture(name, "expected.json"))
    let global = GlobalBound(exactFor: policy, lower: problem.lower, upper: problem.upper)
    #expect(.number(String(global.regionCount)) == expected["regions"])
    guard case .array(let lambdas)? = expected["lambdas"] else { Issue.record("no lambdas"); return }
    let pairs: [(Rational, Rational)] = lambdas.compactMap {
      guard case .array(let td) = $0, td.count == 2 else { return nil }
      return (rational(td[0])!, rational(td[1])!)
    }
    let (lo, hi) = (global.interval.lower, global.interval.upper)
    #expect(pairs.allSatisfy { compare(hi, $0.0, $0.1) >= 0 }, "upper end below some region's λ_max")
    #expect(pairs.contains { compare(lo, $0.0, $0.1) <= 0 }, "lower end above the maximum")
    #expect(hi - lo <= hi.magnitude * Rational(1, 1_000_000_000))
  }
}

/// The rational in a JSON string or number; nil for null.
func rational(_ v: JSONValue?) -> Rational? {
  switch v {
  case .string(let s)?: return Rational(s)
  case .number(let s)?: return Rational(s)
  default: return nil
  }
}

/// Sign of `r − (T + √D)/2`, exactly.
func compare(_ r: Rational, _ T: Rational, _ D: Rational) -> Int {
  let w = 2 * r - T
  if D.isZero { return w.signum }
  if w.signum <= 0 { return -1 }
  let sq = w * w
  return sq > D ? 1 : (sq < D ? -1 : 0)
}
