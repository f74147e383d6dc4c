import Bounds
import CrossCheck
import Experiments
import Formats
import Foundation
import LinearAlgebra
import Model
import Rational
import Reports
import TestSupport
import Testing
import Training
import Verification

/// `aajr experiment` on a reduced sweep (seconds): determinism across core counts,
/// resumption from the cache, the exact risks' order, and the report's statistics against
/// a hand computation from the exact table.
@Suite struct ExperimentTests {
  static let sweep = """
    { "format": "aajr-sweep/1", "tasks": ["teacher", "game"], "regularizers": ["none", "global", "aajr"],
      "seeds": [3, 4], "epochs": 2 }
    """

  static func temporaryDirectory(_ name: String) throws -> URL {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("aajr-experiment-\(name)-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    return dir
  }

  static func outputs(_ dir: URL) throws -> [String: String] {
    var out: [String: String] = [:]
    for name in try FileManager.default.contentsOfDirectory(atPath: dir.path) where name.hasPrefix("experiments") && name.contains(".") {
      out[name] = try String(contentsOf: dir.appendingPathComponent(name), encoding: .utf8)
    }
    return out
  }

  @Test func reducedSweepIsDeterministicResumableAndItsStatisticsCheck() throws {
    let base = try Self.temporaryDirectory("sweep")
    let sweepPath = base.appendingPathComponent("sweep.json").path
    try Data(Self.sweep.utf8).write(to: URL(fileURLWithPath: sweepPath))
    let a = base.appendingPathComponent("a"), b = base.appendingPathComponent("b")
    let one = try runAAJR(["experiment", "--sweep", sweepPath, "--out", a.path, "--jobs", "1"])
    #expect(one.status == 0, "\(one.stderr)")
    #expect(one.stdout.contains("12 runs (12 trained and verified, 0 from the cache)"))
    let two = try runAAJR(["experiment", "--sweep", sweepPath, "--out", b.path, "--jobs", "2"])
    #expect(two.status == 0, "\(two.stderr)")
    let outA = try Self.outputs(a), outB = try Self.outputs(b)
    #expect(Set(outA.keys) == ["experiments.md", "experiments.csv", "experiments.json", "experiments-pareto-1.svg", "experiments-pareto-2.svg"])
    #expect(outA == outB, "the outputs depend on the number of jobs")

    // Resume: nothing is redone, the outputs are unchanged; a removed run is redone alone.
    let again = try runAAJR(["experiment", "--sweep", sweepPath, "--out", a.path])
    #expect(again.stdout.contains("12 runs (0 trained and verified, 12 from the cache)"), "\(again.stdout)")
    #expect(try Self.outputs(a) == outA)
    let cache = a.appendingPathComponent("experiments-runs")
    let cached = try FileManager.default.contentsOfDirectory(atPath: cache.path).sorted()
    #expect(cached.count == 12)
    try FileManager.default.removeItem(at: cache.appendingPathComponent(cached[0]))
    let resumed = try runAAJR(["experiment", "--sweep", sweepPath, "--out", a.path, "--jobs", "2"])
    #expect(resumed.stdout.contains("(1 trained and verified, 11 from the cache)"), "\(resumed.stdout)")
    #expect(try Self.outputs(a) == outA)

    // The exact table: R_rob ≥ R_pga and R_rob ≥ R_nom on every run (δ_K and 0 are admissible).
    let table = try FieldReader(file: "experiments.json", value: JSONValue.parse(outA["experiments.json"]!))
    let runs = try table.field("runs").elements()
    #expect(runs.count == 12)
    struct Run { var task: String; var reg: String; var seed: Int; var nominal: Rational; var robust: Rational }
    var parsed: [Run] = []
    for r in runs {
      let robust = try r.field("robust_exact").rational()
      #expect(robust >= (try r.field("robust_pga").rational()))
      #expect(robust >= (try r.field("nominal").rational()))
      parsed.append(Run(task: try r.field("task").string(), reg: try r.field("regularizer").string(),
                        seed: try r.field("seed").integer(), nominal: try r.field("nominal").rational(), robust: robust))
    }

    // Hand computation for the teacher cell: mean and sd of the exact robust risk of `aajr`,
    // the mean PoR of `global`, and the paired count of seeds where aajr's nominal risk is below global's.
    let md = outA["experiments.md"]!
    let teacher = parsed.filter { $0.task == "teacher" }
    let aajr = teacher.filter { $0.reg == "aajr" }.map { $0.robust.doubleNearest() }
    let mean = (aajr[0] + aajr[1]) / 2
    let sd = (((aajr[0] - mean) * (aajr[0] - mean) + (aajr[1] - mean) * (aajr[1] - mean)) / 1).squareRoot()
    #expect(md.contains(String(format: "%.4f ± %.4f [", mean, sd)))
    let por = [3, 4].map { seed in
      (teacher.first { $0.reg == "global" && $0.seed == seed }!.nominal - teacher.first { $0.reg == "none" && $0.seed == seed }!.nominal).doubleNearest()
    }
    #expect(md.contains(String(format: "| %.4f ± ", (por[0] + por[1]) / 2)))
    let wins = [3, 4].filter { seed in
      teacher.first { $0.reg == "aajr" && $0.seed == seed }!.nominal < teacher.first { $0.reg == "global" && $0.seed == seed }!.nominal
    }.count
    #expect(md.contains("- `aajr` vs `global`, nominal risk (so PoR): `aajr` smaller on \(wins)/2 seeds"))
  }

  /// The `embedding` task through the binary: it finds the committed data file, labels γ_G² a
  /// bound (input dimension 6), and its exact risks keep their order.
  @Test func embeddingTaskRunsInASweep() throws {
    let base = try Self.temporaryDirectory("embedding")
    let path = base.appendingPathComponent("sweep.json").path
    try Data(#"{"format": "aajr-sweep/1", "tasks": ["embedding"], "regularizers": ["none", "aajr"], "seeds": [1], "epochs": 2}"#.utf8)
      .write(to: URL(fileURLWithPath: path))
    let r = try runAAJR(["experiment", "--sweep", path, "--out", base.path, "--jobs", "1"])
    #expect(r.status == 0, "\(r.stderr)")
    let text = try String(contentsOf: base.appendingPathComponent("experiments.json"), encoding: .utf8)
    let runs = try FieldReader(file: "experiments.json", value: JSONValue.parse(text)).field("runs").elements()
    #expect(runs.count == 2)
    for run in runs {
      #expect(try run.field("global_mode").string() == "bound")
      #expect(try run.field("samples").integer() == 32)
      let robust = try run.field("robust_exact").rational()
      let pga = try run.field("robust_pga").rational(), nominal = try run.field("nominal").rational()
      #expect(robust >= pga && robust >= nominal)
    }
  }

  @Test func statistics() {
    let xs = [1.0, 2, 3, 4]
    #expect(ExperimentStatistics.mean(xs) == 2.5)
    #expect(ExperimentStatistics.standardDeviation(xs) == (5.0 / 3).squareRoot())
    #expect(ExperimentStatistics.standardDeviation([7]) == 0)
    // A constant sample has a degenerate interval; any interval lies within [min, max].
    #expect(ExperimentStatistics.bootstrapInterval([2, 2, 2], seed: 9) == (2, 2))
    let ci = ExperimentStatistics.bootstrapInterval(xs, seed: 1)
    #expect(ci.lower >= 1 && ci.upper <= 4 && ci.lower <= ci.upper)
    // The same resampling written out by hand (SplitMix64, index = next() mod n, B = 2000, 2.5/97.5 percentiles).
    var rng = SplitMix64(seed: 1)
    var means: [Double] = []
    for _ in 0..<2000 {
      var s = 0.0
      for _ in 0..<4 { s += xs[Int(rng.next() % 4)] }
      means.append(s / 4)
    }
    means.sort()
    #expect(ci.lower == means[50] && ci.upper == means[1949])
    #expect(ExperimentStatistics.seed(for: "a") == 0xAF63_DC4C_8601_EC8C)  // FNV-1a of "a"
  }

  @Test func badSweepExitsTwoNamingTheField() throws {
    let base = try Self.temporaryDirectory("bad")
    let path = base.appendingPathComponent("sweep.json").path
    try Data(#"{"format": "aajr-sweep/1", "tasks": ["teacher", "nope"], "regularizers": ["none"], "seeds": [0]}"#.utf8)
      .write(to: URL(fileURLWithPath: path))
    let r = try runAAJR(["experiment", "--sweep", path, "--out", base.appendingPathComponent("o").path])
    #expect(r.status == 2)
    #expect(r.stderr.contains("tasks[1]") && r.stderr.contains("nope"))
    #expect(!FileManager.default.fileExists(atPath: base.appendingPathComponent("o/experiments.md").path))
    try Data(#"{"format": "aajr-sweep/1", "tasks": ["teacher"], "regularisers": ["none"], "seeds": [0]}"#.utf8)
      .write(to: URL(fileURLWithPath: path))
    let typo = try runAAJR(["experiment", "--sweep", path, "--out", base.appendingPathComponent("o").path])
    #expect(typo.status == 2 && typo.stderr.contains("regularisers"))
  }
}
