// Issue 13: theorem throughput (instances per second per file, one worker against every core)
// and the per-instance cost against an independent exact Python reference.
import Bounds
import Foundation
import Formats
import Model
import Rational
import Reports
import Theorems
import Verification

/// The repository root (this file is Benchmarks/aajr-bench/TheoremBenchmarks.swift).
func repositoryRoot() -> String {
  URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
}

/// Every theorem file of `theorems/`, sorted by name.
func benchmarkTheoremFiles() throws -> [TheoremFile] {
  let dir = repositoryRoot() + "/theorems"
  let names = try FileManager.default.contentsOfDirectory(atPath: dir).sorted().filter { $0.hasSuffix(".md") && $0 != "README.md" }
  return try names.map { name in
    try TheoremFile.parse(path: "theorems/" + name, text: String(contentsOfFile: dir + "/" + name, encoding: .utf8),
                          quantities: TheoremQuantities.allNames, booleanQuantities: TheoremQuantities.booleanNames,
                          knownFamilies: Set(InstanceFamily.allCases.map(\.rawValue)))
  }
}

/// The result of an async body, handed to the waiting thread (written before the semaphore is signalled).
final class BlockingResult<T>: @unchecked Sendable {
  var value: T?
}

/// Runs an async check from this synchronous driver.
func blocking<T: Sendable>(_ body: @escaping @Sendable () async -> T) -> T {
  let box = BlockingResult<T>()
  let done = DispatchSemaphore(value: 0)
  Task.detached {
    box.value = await body()
    done.signal()
  }
  done.wait()
  return box.value!
}

/// `aajr-bench theorems [--n CASES]`: every theorem file at `--cases CASES` (default 1000), with
/// one worker and with every core, back to back: instances evaluated per second of wall-clock
/// time (searching and shrinking included), CPU seconds, and whether both JSON entries agree.
func theoremThroughputBenchmark(cases: Int) -> Int32 {
  do {
    let files = try benchmarkTheoremFiles()
    let all = Workers.allCores
    var ok = true
    var totals = [1: (wall: 0.0, cpu: 0.0, instances: 0), all: (wall: 0.0, cpu: 0.0, instances: 0)]
    print("theorems --cases \(cases): instances per second, 1 worker | \(all) workers (load \(loadAverage()))")
    for file in files {
      var texts: [Int: String] = [:]
      var line = "theorems \(file.id)"
      for jobs in Set([1, all]).sorted() {
        var result: TheoremResult?
        let m = measured { result = blocking { await TheoremChecker.check(file, cases: cases, jobs: jobs) } }
        let r = result!
        texts[jobs] = TheoremRun(results: [r], counterexampleBase: "x").jsonText
        totals[jobs]!.wall += m.wall
        totals[jobs]!.cpu += m.cpu
        totals[jobs]!.instances += r.generated
        line += " workers=\(jobs) instances=\(r.generated) seconds=\(String(format: "%.2f", m.wall))"
          + " cpu=\(String(format: "%.2f", m.cpu)) per_s=\(String(format: "%.0f", Double(r.generated) / m.wall))"
          + " status=\(r.status.rawValue)"
      }
      let same = texts[1] == texts[all]
      ok = ok && same
      print(line + " output \(same ? "identical" : "DIFFERS")")
      fflush(nil)
    }
    for jobs in Set([1, all]).sorted() {
      let t = totals[jobs]!
      print("theorems total workers=\(jobs) instances=\(t.instances) seconds=\(String(format: "%.1f", t.wall))"
            + " cpu=\(String(format: "%.1f", t.cpu)) per_s=\(String(format: "%.0f", Double(t.instances) / t.wall))")
    }
    print("theorems speed-up \(String(format: "%.2f", totals[1]!.wall / totals[all]!.wall))x with \(all) workers (load \(loadAverage()))")
    return ok ? 0 : 1
  } catch {
    FileHandle.standardError.write("aajr-bench: \(error)\n".data(using: .utf8)!)
    return 2
  }
}

/// `/proc/loadavg`'s first three fields (the machine is shared).
func loadAverage() -> String {
  let text = (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8)) ?? "?"
  return text.split(separator: " ").prefix(3).joined(separator: " ")
}

/// `aajr-bench theorem-python [--n N]`: the per-instance computation of T2 (the
/// `orthogonal-gain` family: γ_adv² from the PGA trajectories, the exact regions and γ_G²,
/// `in_global`, `in_aajr`) on its first N random instances (default 200), here (one worker,
/// the whole `InstanceEvaluation` the checker computes, best of 3) and in the independent Python
/// reference `Benchmarks/theorem-reference.py` (fractions.Fraction, best of 3), which also checks
/// that every value agrees. Exit 1 on a disagreement.
func theoremPythonBenchmark(count: Int) -> Int32 {
  do {
    guard let file = try benchmarkTheoremFiles().first(where: { $0.id == "T2" }) else {
      FileHandle.standardError.write("aajr-bench: theorems/T2.md not found\n".data(using: .utf8)!)
      return 2
    }
    let family = InstanceFamily(rawValue: file.family)!
    let params = FamilyParameters(file.parameters)
    let instances = (0..<count).map { family.instance($0, seed: file.seed, parameters: params) }
    var evaluations: [InstanceEvaluation] = []
    var best = Double.infinity
    for _ in 0..<3 {
      let t = seconds { evaluations = instances.map { InstanceEvaluation($0) } }
      best = min(best, t)
    }
    let w = JSONWriter()
    w.object {
      w.member("file", string: file.id)
      w.member("instances") {
        w.array(Array(evaluations.enumerated())) { i, e in
          w.object {
            w.member("index", raw: String(i))
            w.member("policy", raw: e.instance.policy.jsonText)
            w.member("problem", raw: e.instance.problem.jsonText)
            w.member("gamma_factor", string: e.instance.gammaFactor.description)
            w.member("swift") {
              w.object {
                for name in ["gamma_adv_sq", "gamma_sq_lower", "gamma_sq_upper", "regions", "in_global", "in_aajr"] {
                  switch e.values[name] {
                  case .number(let r)?: w.member(name, string: r.description)
                  case .boolean(let b)?: w.member(name, bool: b)
                  case nil: w.member(name, raw: "null")
                  }
                }
              }
            }
          }
        }
      }
    }
    let path = NSTemporaryDirectory() + "aajr-theorem-reference-\(getpid()).json"
    try w.text.write(toFile: path, atomically: true, encoding: .utf8)
    defer { try? FileManager.default.removeItem(atPath: path) }
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    p.arguments = ["python3", repositoryRoot() + "/Benchmarks/theorem-reference.py", path, "--repeat", "3"]
    let pipe = Pipe()
    p.standardOutput = pipe
    try p.run()
    let out = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    p.waitUntilExit()
    let swiftPer = best / Double(count)
    let pythonPer = out.split(separator: " ").first { $0.hasPrefix("seconds_per_instance=") }
      .flatMap { Double($0.dropFirst("seconds_per_instance=".count)) }
    print("theorem-python T2 (orthogonal-gain), \(count) instances: aajr \(String(format: "%.1f", swiftPer * 1e6)) µs per instance"
          + " (one worker, best of 3); python reference: \(out.trimmingCharacters(in: .whitespacesAndNewlines))"
          + (pythonPer.map { ", ratio python/aajr \(String(format: "%.1f", $0 / swiftPer))x" } ?? "")
          + " (load \(loadAverage()))")
    return p.terminationStatus == 0 ? 0 : 1
  } catch {
    FileHandle.standardError.write("aajr-bench: \(error)\n".data(using: .utf8)!)
    return 2
  }
}
