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

/// CPU seconds (user + system, every thread) this process has used so far.
func processCPUSeconds() -> Double {
  var u = rusage()
  getrusage(RUSAGE_SELF.rawValue, &u)
  return Double(u.ru_utime.tv_sec + u.ru_stime.tv_sec) + Double(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6
}

/// Wall-clock and CPU seconds of `body`; their ratio is the cores the run actually got (on a
/// shared machine, Linux's autogroup scheduling may give a whole session one core's share).
func measured(_ body: () -> Void) -> (wall: Double, cpu: Double) {
  let c0 = processCPUSeconds()
  let w = seconds(body)
  return (w, processCPUSeconds() - c0)
}

/// `aajr-bench verify-jobs`: `aajr verify --global off` on wide16 (16-64-64-8 ReLU, 32 samples,
/// K = 50), with 1 worker and with every core, alternating, best of `rounds` wall-clock times
/// each; the JSON of both must be identical (exit 1 otherwise).
func verifyJobsBenchmark(rounds: Int) -> Int32 {
  do {
    let (policy, problem) = try benchmarkInputs("wide16")
    let all = Workers.allCores
    var best = [1: (wall: Double.infinity, cpu: 0.0), all: (wall: Double.infinity, cpu: 0.0)]
    var texts: [Int: String] = [:]
    for _ in 0..<rounds {
      for jobs in Set([1, all]).sorted() {
        var text = ""
        let t = measured {
          text = PolicyVerification(policy: policy, problem: problem, gamma: nil, globalMode: .off, jobs: jobs).jsonText
        }
        if t.wall < best[jobs]!.wall { best[jobs] = t }
        texts[jobs] = text
      }
    }
    let same = texts[1] == texts[all]
    let (one, many) = (best[1]!, best[all]!)
    print("verify-jobs wide16 (16-64-64-8, 32 samples, K = 50, --global off): 1 worker \(String(format: "%.3f", one.wall)) s"
          + " (cpu \(String(format: "%.3f", one.cpu)) s), \(all) workers \(String(format: "%.3f", many.wall)) s"
          + " (cpu \(String(format: "%.3f", many.cpu)) s, \(String(format: "%.2f", many.cpu / many.wall)) cores busy),"
          + " speed-up \(String(format: "%.2f", one.wall / many.wall))x, output \(same ? "identical" : "DIFFERS")")
    return same ? 0 : 1
  } catch {
    FileHandle.standardError.write("aajr-bench: \(error)\n".data(using: .utf8)!)
    return 2
  }
}

/// `aajr-bench regions-jobs [--n 3]`: exact mode's streamed region enumeration (count and γ_G²
/// enclosure, no region kept) on r3x32 (3-32-32-2) and r4x16 (4-16-16-2) — with `--n 3` also r3x64
/// (3-64-64-2) — on [-1, 1]^d, with 1 worker and with every core: regions, seconds, regions per
/// second, speed-up; the count and the enclosure must be identical.
func regionsJobsBenchmark(big: Bool) -> Int32 {
  do {
    let all = Workers.allCores
    var ok = true
    for name in ["r3x32", "r4x16"] + (big ? ["r3x64"] : []) {
      let (policy, problem) = try benchmarkInputs(name)
      var results: [Int: (count: Int, seconds: Double, interval: RationalInterval)] = [:]
      for jobs in Set([1, all]).sorted() {
        var g: GlobalBound?
        let m = measured {
          g = GlobalBound(exactFor: policy, lower: problem.lower, upper: problem.upper, maxRegions: nil, shouldStop: nil,
                          jobs: jobs)
        }
        let t = m.wall
        results[jobs] = (g!.regionCount, t, g!.interval)
        print("regions-jobs \(name) workers=\(jobs) regions=\(g!.regionCount)"
              + " seconds=\(String(format: "%.2f", t)) cpu_seconds=\(String(format: "%.2f", m.cpu))"
              + " regions_per_s=\(String(format: "%.0f", Double(g!.regionCount) / t))")
        fflush(nil)
      }
      let same = results[1]!.count == results[all]!.count && results[1]!.interval == results[all]!.interval
      ok = ok && same
      print("regions-jobs \(name) speed-up \(String(format: "%.2f", results[1]!.seconds / results[all]!.seconds))x"
            + " with \(all) workers, regions and γ_G² \(same ? "identical" : "DIFFER")")
    }
    return ok ? 0 : 1
  } catch {
    FileHandle.standardError.write("aajr-bench: \(error)\n".data(using: .utf8)!)
    return 2
  }
}
