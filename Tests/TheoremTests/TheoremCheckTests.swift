import Bounds
import ClaimLanguage
import Formats
import Foundation
import Model
import Rational
import Reports
import TestSupport
import Testing
import Theorems
import Verification

/// The theorem checker end to end: the committed report is current, a planted false
/// claim is refuted with a counterexample that shrinks and reproduces.
@Suite struct TheoremCheckTests {
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

  static func load(_ name: String) throws -> TheoremFile {
    let path = root.appendingPathComponent("theorems/\(name)").path
    return try TheoremFile.parse(path: "theorems/\(name)", text: String(contentsOfFile: path, encoding: .utf8),
                                 quantities: TheoremQuantities.allNames, booleanQuantities: TheoremQuantities.booleanNames,
                                 knownFamilies: Set(InstanceFamily.allCases.map(\.rawValue)))
  }

  static func allFiles() throws -> [TheoremFile] {
    let names = try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("theorems").path)
    return try names.sorted().filter { $0.hasSuffix(".md") && $0 != "README.md" }.map { try load($0) }
  }

  /// Runs every theorem file at its full case count (the paper's claims are checked on
  /// every change) and compares with the committed `reports/theorems.md`.
  @Test(.enabled(if: snapshotTestsEnabled, "snapshot: AAJR_QUICK=1 skips it"))
  func committedReportIsCurrent() async throws {
    var results: [TheoremResult] = []
    for f in try Self.allFiles() { results.append(await TheoremChecker.check(f, budget: unlimitedTestBudget)) }
    for r in results {
      #expect(r.matchesExpectation, "\(r.file.id): \(r.status) but expected \(r.file.expect)")
      #expect(!r.evidence.stoppedByBudget, "\(r.file.id) was cut by the time budget")
    }
    // T5-naive's witness satisfies the file's hypotheses and shows a kink crossed.
    if let c = results.first(where: { $0.file.id == "T5-naive" })?.counterexample {
      let v = c.evaluation.values
      #expect(c.mechanism == .kinkCrossed)
      #expect(v["kink_iterate"] == .boolean(false) && v["projection_active"] == .boolean(false) && v["monotone"] == .boolean(false))
      if case .number(let m)? = v["naive_step_margin"] { #expect(m.signum >= 0) } else { Issue.record("naive_step_margin undefined") }
    } else {
      Issue.record("T5-naive has no counterexample")
    }
    // A finite family written beside a shrunk witness is the shrunk policy's own: same shape,
    // every weight and bias moved by a multiple of 1/4 in [−1/2, 1/2].
    for r in results {
      guard let c = r.counterexample else { continue }
      let inst = c.evaluation.instance
      for variant in inst.familyVariants {
        #expect(variant.layers.count == inst.policy.layers.count, "\(r.file.id)")
        for (a, b) in zip(variant.layers, inst.policy.layers) {
          #expect(a.weights.count == b.weights.count && a.activation == b.activation, "\(r.file.id)")
          for (x, y) in zip(a.weights.joined() + a.bias, b.weights.joined() + b.bias) {
            let d = (x - y) * 4
            #expect(d.isInteger && d.magnitude <= 2, "\(r.file.id): a variant is not a perturbation of the shrunk policy")
          }
        }
      }
    }
    let run = TheoremRun(results: results, counterexampleBase: "reports/counterexamples")
    let committed = try String(contentsOf: Self.root.appendingPathComponent("reports/theorems.md"), encoding: .utf8)
    #expect(run.markdown == committed, "reports/theorems.md is stale: run `swift run aajr theorems`")
    for (path, text) in run.counterexampleFiles {
      let onDisk = try? String(contentsOf: Self.root.appendingPathComponent(path), encoding: .utf8)
      #expect(onDisk == text, "\(path) is stale")
    }
  }

  @Test func everyQuantityIsDocumented() throws {
    let readme = try String(contentsOf: Self.root.appendingPathComponent("theorems/README.md"), encoding: .utf8)
    for name in TheoremQuantities.allNames { #expect(readme.contains("`\(name)`"), "\(name) undocumented") }
    for family in InstanceFamily.allCases { #expect(readme.contains("`\(family.rawValue)`")) }
  }

  /// T1 reversed (`F_ad(γ) ⊆ F_γ`) is false; the checker refutes it, shrinks the
  /// counterexample, and the written files reproduce it through `PolicyVerification`.
  @Test func plantedFalseClaimIsRefutedAndShrunk() async throws {
    var file = try Self.load("T1.md")
    let q = TheoremQuantities.allNames, b = TheoremQuantities.booleanNames
    file.kind = .claim(try ClaimExpression.parse("in_aajr implies in_global", quantities: q, booleanQuantities: b))
    file.claimText = "in_aajr implies in_global"
    file.steps = []
    let r = await TheoremChecker.check(file, cases: 30, budget: unlimitedTestBudget)
    #expect(r.status == .refuted)
    let c = try #require(r.counterexample)
    #expect(!c.firstSize.lexicographicallyPrecedes(c.size), "shrinking never grows the instance")
    #expect(c.size.lexicographicallyPrecedes(c.firstSize) || c.shrinkSteps == 0)
    // Reproduce from the files' text, exactly as a user would with `aajr verify`.
    let policy = try Policy(file: "policy.json", text: c.evaluation.instance.policy.jsonText)
    let problem = try Problem(file: "problem.json", text: c.evaluation.instance.problem.jsonText, policy: policy)
    let v = PolicyVerification(policy: policy, problem: problem, gamma: nil, gammaSquared: c.evaluation.gammaSquared,
                               globalMode: .exact)
    #expect(v.inAAJRClass == true)
    #expect(v.inGlobalClass == false)
  }

  @Test func checksAreDeterministic() async throws {
    let file = try Self.load("T4-naive.md")
    let a = await TheoremChecker.check(file, cases: 12, budget: unlimitedTestBudget)
    let b = await TheoremChecker.check(file, cases: 12, budget: unlimitedTestBudget)
    let runA = TheoremRun(results: [a], counterexampleBase: "x"), runB = TheoremRun(results: [b], counterexampleBase: "x")
    #expect(runA.jsonText == runB.jsonText)
    #expect(runA.markdown == runB.markdown)
  }

  @Test func vacuousWhenNothingIsDefined() async throws {
    var file = try Self.load("T1.md")
    file.kind = .claim(try ClaimExpression.parse("ag_aajr <= ag_global", quantities: TheoremQuantities.allNames,
                                                 booleanQuantities: TheoremQuantities.booleanNames))
    file.steps = []
    let r = await TheoremChecker.check(file, cases: 3, budget: unlimitedTestBudget)  // random-pl has no scaled family: AG undefined
    #expect(r.status == .vacuous)
    #expect(r.instances == 0)
  }
}
