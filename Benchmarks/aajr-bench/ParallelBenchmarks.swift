// Issue 13: the same exact work on one worker and on every core, side by side in one run.
import Bounds
import Foundation
import Formats
import Model
import Rational
import Verification

/// Loads `Benchmarks/inputs/<name>/{policy,problem}.json`.
func benchmarkInputs(_ name: String) throws -> (Policy, Problem) {
  let dir = inputsFolder() + "/" + name
  let policy = try Policy(file: dir + "/policy.json", text: String(contentsOfFile: dir + "/policy.json", encoding: .utf8))
  let problem = try Problem(file: dir + "/problem.json", text: String(contentsOfFile: dir + "/problem.json", encoding: .utf8),
                            policy: policy)
  return (policy, problem)
}

/// `aajr-bench verify-jobs`: `aajr verify --global off` on wide16 (16-64-64-8 ReLU, 32 samples,
/// K = 50), with 1 worker and with every core, alternating, best of `rounds` wall-clock times
/// each; the JSON of both must be identical (exit 1 otherwise).
func verifyJobsBenchmark(rounds: Int) -> Int32 {
  do {
    let (policy, problem) = try benchmarkInputs("wide16")
    let all = Workers.allCores
    var best = [1: Double.infinity, all: Double.infinity]
    var texts: [Int: String] = [:]
    for _ in 0..<rounds {
      for jobs in Set([1, all]).sorted() {
        var text = ""
        let t = seconds {
          text = PolicyVerification(policy: policy, problem: problem, gamma: nil, globalMode: .off, jobs: jobs).jsonText
        }
        best[jobs] = min(best[jobs]!, t)
        texts[jobs] = text
      }
    }
    let same = texts[1] == texts[all]
    print("verify-jobs wide16 (16-64-64-8, 32 samples, K = 50, --global off): 1 worker \(String(format: "%.3f", best[1]!)) s,"
          + " \(all) workers \(String(format: "%.3f", best[all]!)) s, speed-up \(String(format: "%.2f", best[1]! / best[all]!))x,"
          + " output \(same ? "identical" : "DIFFERS")")
    return same ? 0 : 1
  } catch {
    FileHandle.standardError.write("aajr-bench: \(error)\n".data(using: .utf8)!)
    return 2
  }
}

/// `aajr-bench regions-jobs [--n 3]`: exact region enumeration on r3x32 (3-32-32-2) and r4x16
/// (4-16-16-2) — with `--n 3` also r3x64 (3-64-64-2) — on [-1, 1]^d, with 1 worker and with
/// every core: regions, seconds, regions per second, speed-up; the regions must be identical.
func regionsJobsBenchmark(big: Bool) -> Int32 {
  do {
    let all = Workers.allCores
    var ok = true
    for name in ["r3x32", "r4x16"] + (big ? ["r3x64"] : []) {
      let (policy, problem) = try benchmarkInputs(name)
      var results: [Int: (count: Int, seconds: Double, patterns: [[Rational]])] = [:]
      for jobs in Set([1, all]).sorted() {
        var e: RegionEnumeration?
        let t = seconds { e = policy.enumerateLinearRegions(lower: problem.lower, upper: problem.upper, jobs: jobs) }
        results[jobs] = (e!.regions.count, t, e!.regions.map(\.pattern))
        print("regions-jobs \(name) workers=\(jobs) regions=\(e!.regions.count) leaves=\(e!.leaves)"
              + " seconds=\(String(format: "%.2f", t)) regions_per_s=\(String(format: "%.0f", Double(e!.regions.count) / t))")
        fflush(nil)
      }
      let same = results[1]!.patterns == results[all]!.patterns
      ok = ok && same
      print("regions-jobs \(name) speed-up \(String(format: "%.2f", results[1]!.seconds / results[all]!.seconds))x"
            + " with \(all) workers, regions \(same ? "identical" : "DIFFER")")
    }
    return ok ? 0 : 1
  } catch {
    FileHandle.standardError.write("aajr-bench: \(error)\n".data(using: .utf8)!)
    return 2
  }
}
