import Bounds
import ClaimLanguage
import Foundation
import Model
import Rational
import Reports
import TestSupport
import Testing
import Theorems
import Verification

/// `aajr theorems --jobs N`: the same report and JSON with 1, 2 and 3 workers (the first
/// counterexample, its shrinking and every count included), and the lazily analysed scaled
/// family gives the values of the definitions computed member by member.
@Suite struct TheoremParallelTests {
  static func run(_ file: TheoremFile, cases: Int, jobs: Int) async -> (json: String, markdown: String) {
    let r = await TheoremChecker.check(file, cases: cases, budget: unlimitedTestBudget, jobs: jobs)
    let run = TheoremRun(results: [r], counterexampleBase: "x")
    return (run.jsonText, run.markdown)
  }

  /// T5-naive is refuted by its random instances after a few chunks (so the failure falls
  /// inside a window of several chunks), T1 holds, T2-random is a witness, T3-price is refuted
  /// by the margin search after its scaled-family instances.
  @Test(arguments: [("T5-naive.md", 450), ("T1.md", 150), ("T2-random.md", 100), ("T3-price.md", 12)])
  func sameOutputWhateverTheWorkers(name: String, cases: Int) async throws {
    let file = try TheoremCheckTests.load(name)
    let one = await Self.run(file, cases: cases, jobs: 1)
    for jobs in [2, 3] {
      let many = await Self.run(file, cases: cases, jobs: jobs)
      #expect(many.json == one.json, "\(name): --jobs \(jobs) changed the JSON")
      #expect(many.markdown == one.markdown, "\(name): --jobs \(jobs) changed the report")
    }
    if name == "T5-naive.md" {
      let r = await TheoremChecker.check(file, cases: cases, budget: unlimitedTestBudget, jobs: 3)
      #expect(r.status == .refuted)
      // The failure is past the first window of 3 workers (6 chunks of 64 = 384 instances) or
      // inside it but not in its first chunk: either way the fold discards work.
      #expect(r.generated > TheoremChecker.chunkSize, "T5-naive now fails in the first chunk; pick a later one")
    }
  }

  /// ag_* and por_* on seeded scaled-family instances against the definitions computed for
  /// every member (PGA, exact region bound and exact robust risk of all of them, no scan).
  @Test(arguments: [UInt64(303), 313, 2026])
  func lazyFamilyMatchesTheDefinitions(seed: UInt64) throws {
    let params = FamilyParameters(["gamma": "1/8, 1/4, 1/2, 1", "variants": "3", "loss": "squared, psd, indefinite"])
    for index in 0..<4 {
      let inst = InstanceFamily.scaledFamily.instance(index, seed: seed, parameters: params)
      let e = InstanceEvaluation(inst)
      let g2 = e.gammaSquared
      // Every member c·π_v: nominal risk, exact robust risk and both memberships.
      var members: [(nominal: Rational, robust: Rational, inGlobal: Bool, inAAJR: Bool)] = []
      for base in [inst.policy] + inst.familyVariants {
        let global = GlobalBound(exactFor: base, lower: inst.problem.lower, upper: inst.problem.upper)
        for c in inst.familyScales {
          let p = TheoremInstance.scaled(base, c)
          let attack = p.attackAnalysis(on: inst.problem)
          let inGlobal = c.isZero || global.contains(gammaSquared: g2 / (c * c)) == true
          members.append((attack.nominalRisk, p.exactRobustRisk(on: inst.problem), inGlobal,
                          attack.gammaAdvSquared.map { $0 <= g2 } ?? true))
        }
      }
      let best = members.map(\.nominal).min()!
      for global in [true, false] {
        let inClass = members.filter { global ? $0.inGlobal : $0.inAAJR }
        let ag = inClass.map(\.nominal).min().map { $0 - best }
        let champion = inClass.min { ($0.robust, $0.nominal) < ($1.robust, $1.nominal) }
        let por = champion.map { $0.nominal - best }
        let suffix = global ? "global" : "aajr"
        #expect(e.values["ag_" + suffix] == ag.map { .number($0) }, "seed \(seed) #\(index) ag_\(suffix)")
        #expect(e.values["por_" + suffix] == por.map { .number($0) }, "seed \(seed) #\(index) por_\(suffix)")
      }
    }
  }
}

/// The command: `--jobs 1` and `--jobs 2` print the same JSON; a bad count is exit 2.
@Suite struct TheoremJobsCommandTests {
  @Test func jobsOptionThroughTheBinary() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("aajr-jobs-\(getpid())")
    try FileManager.default.createDirectory(at: dir.appendingPathComponent("in"), withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let source = TheoremCheckTests.root.appendingPathComponent("theorems/T4-naive.md")
    try FileManager.default.copyItem(at: source, to: dir.appendingPathComponent("in/T4-naive.md"))
    var outputs: [String] = []
    // The same --report for both: it names the counterexample folders in the JSON.
    for jobs in ["1", "2"] {
      let r = try runAAJR(["theorems", "--dir", dir.appendingPathComponent("in").path, "--report",
                           dir.appendingPathComponent("out/theorems.md").path, "--cases", "20", "--jobs", jobs, "--json"])
      #expect(r.status == 0, "--jobs \(jobs): \(r.stderr)")
      outputs.append(r.stdout)
    }
    #expect(outputs[0] == outputs[1])
    #expect(outputs[0].contains("\"T4-naive\""))
    let bad = try runAAJR(["theorems", "--dir", dir.appendingPathComponent("in").path, "--jobs", "0"])
    #expect(bad.status == 2 && bad.stderr.contains("--jobs"))
  }
}
