import Bounds
import ClaimLanguage
import Formats
import Foundation
import Model
import Rational
import Reports
import Testing
import TestSupport
import Theorems
import Verification

/// The structured and exhaustive search: a claim false only at kinks is refuted at every
/// seed tried, with a counterexample on a kink; evidence counts add up; a check's verdict and
/// evidence do not depend on how the work is spread.
@Suite struct TheoremSearchTests {
  static func file(_ claim: String, family: String = "random-pl", cases: Int = 4, seed: UInt64 = 1,
                   parameters: [String: String] = [:]) throws -> TheoremFile {
    let params = parameters.isEmpty ? "" : "parameters:\n" + parameters.sorted { $0.key < $1.key }.map { "  \($0.key): \($0.value)\n" }.joined()
    let text = "---\nid: S\ntitle: s\nfamily: \(family)\n\(params)cases: \(cases)\nseed: \(seed)\nclaim: \(claim)\n---\n"
    return try TheoremFile.parse(path: "S.md", text: text, quantities: TheoremQuantities.allNames,
                                 booleanQuantities: TheoremQuantities.booleanNames,
                                 knownFamilies: Set(InstanceFamily.allCases.map(\.rawValue)))
  }

  /// `γ_adv² ≤ γ_G²⁺` fails only where an iterate sits on a kink (T1 for iterates off kinks
  /// holds); with four random instances the structured search must still refute it.
  @Test(arguments: [UInt64(3), 17, 2026])
  func claimFalseOnlyAtKinksIsRefuted(seed: UInt64) async throws {
    let r = await TheoremChecker.check(try Self.file("gamma_adv_sq <= gamma_sq_upper", seed: seed), budget: unlimitedTestBudget)
    #expect(r.status == .refuted, "seed \(seed)")
    let c = try #require(r.counterexample, "seed \(seed)")
    #expect([.startOnKink, .domainFace].contains(c.mechanism), "seed \(seed): \(c.mechanism)")
    #expect(c.evaluation.values["kink_iterate"] == .boolean(true), "seed \(seed)")
    // The shrunk witness reproduces through the files a user reruns.
    let policy = try Policy(file: "policy.json", text: c.evaluation.instance.policy.jsonText)
    let problem = try Problem(file: "problem.json", text: c.evaluation.instance.problem.jsonText, policy: policy)
    let v = PolicyVerification(policy: policy, problem: problem, gamma: nil, globalMode: .exact, conventions: true)
    let adv = try #require(v.attack.gammaAdvSquared)
    #expect(adv > v.global!.interval.upper, "seed \(seed)")
    #expect(v.convention!.reaches(adv), "seed \(seed): γ_conv² must cover the witness")
  }

  /// Exhaustive scopes are complete for a claim that holds, and the evidence adds up.
  @Test func evidenceCountsAddUp() async throws {
    let r = await TheoremChecker.check(try Self.file("in_conv implies in_aajr", cases: 3, parameters: ["gamma": "1, 2"]), budget: unlimitedTestBudget)
    #expect(r.status == .holds)
    let ev = r.evidence
    #expect(ev.random == 3 && ev.structured == TheoremChecker.structuredCount)
    #expect(ev.exhaustive == ev.scopes.reduce(0) { $0 + $1.planned })
    #expect(ev.completeScopes.sorted() == ["1-1-1", "1-2-1", "2-1-1"])
    #expect(ev.premiseHeld > 0 && ev.premiseHeld <= r.instances)
    #expect(r.generated == ev.random + ev.structured + ev.exhaustive)
    #expect(!ev.stoppedByBudget)
    let json = TheoremRun(results: [r], counterexampleBase: "x").jsonText
    #expect(json.contains("\"premise_held\": \(ev.premiseHeld)") && json.contains("\"scopes_complete\""))
  }

  /// A scope fits only when the file allows one output; a two-output file has none.
  @Test func scopesFollowTheFileParameters() {
    let two = ExhaustiveScope.scopes(for: .randomPL, parameters: FamilyParameters(["outputs": "2"]))
    #expect(two.isEmpty)
    let relu1 = ExhaustiveScope.scopes(for: .randomPL, parameters: FamilyParameters(["inputs": "1", "activations": "relu"]))
    #expect(relu1.map(\.name) == ["1-1-1", "1-2-1"])
    #expect(relu1.map(\.count) == [12, 144])
    // Decoding covers every network once.
    let s = relu1[1]
    let policies = Set((0..<s.count).map { s.instance($0).policy })
    #expect(policies.count == s.count)
  }

  @Test func badParameterValuesAreNamed() {
    #expect(FamilyParameters.problem(with: "outputs", value: "0") != nil)
    #expect(FamilyParameters.problem(with: "inputs", value: "-3") != nil)
    #expect(FamilyParameters.problem(with: "activations", value: "sigmoid")?.contains("sigmoid") == true)
    #expect(FamilyParameters.problem(with: "gamma", value: "1/2, x") != nil)
    #expect(FamilyParameters.problem(with: "width", value: "2-3") == nil)
    #expect(FamilyParameters.problem(with: "radius", value: "1/8, 2") == nil)
  }
}
