// Benchmarks of the exact verifier on the inputs issue 3 names (copied into
// Benchmarks/inputs), and the growth of exact region enumeration with the input dimension.
import Bounds
import Foundation
import Rational
import Formats
import LinearAlgebra
import Model
import Verification

/// Reference figures quoted in issue 3 for the same work on this kind of machine
/// (an implementation in Python on FLINT's fmpq); our time is printed beside them as a ratio.
let referenceSeconds = ["mlp8": 4.9, "global2": 2.7]

/// The folder of the benchmark inputs: `Benchmarks/inputs` next to this source tree.
func inputsFolder() -> String {
  let here = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
  return here.appendingPathComponent("inputs").path
}

func seconds(_ body: () -> Void) -> Double {
  let clock = ContinuousClock()
  let start = clock.now
  body()
  let d = clock.now - start
  return Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
}

/// `aajr-bench mlp8|global2`: the whole `aajr verify` computation on a named input,
/// best of three runs, with 1 worker and with every core.
func verifyBenchmark(_ name: String) -> Int32 {
  let dir = inputsFolder() + "/" + name
  do {
    let policy = try Policy(file: dir + "/policy.json", text: String(contentsOfFile: dir + "/policy.json", encoding: .utf8))
    let problem = try Problem(file: dir + "/problem.json",
                              text: String(contentsOfFile: dir + "/problem.json", encoding: .utf8), policy: policy)
    let mode: GlobalMode = name == "mlp8" ? .off : .exact
    for jobs in Set([1, Workers.allCores]).sorted() {
      var best = Double.infinity
      var summary = ""
      for _ in 0..<3 {
        let t = seconds {
          let v = PolicyVerification(policy: policy, problem: problem, gamma: nil, globalMode: mode, jobs: jobs)
          let digits = v.attack.trajectories.flatMap(\.steps).map { $0.objective.bitSize }.max() ?? 0
          summary = "regions=\(v.global.map { String($0.regionCount) } ?? "off") max_objective_bits=\(digits)"
        }
        best = min(best, t)
      }
      let ref = referenceSeconds[name]!
      print("\(name) jobs=\(jobs) seconds=\(String(format: "%.3f", best)) \(summary) reference_seconds=\(ref)"
            + " speedup=\(String(format: "%.1f", ref / best))")
    }
    return 0
  } catch {
    FileHandle.standardError.write("aajr-bench: \(error)\n".data(using: .utf8)!)
    return 2
  }
}

/// `aajr-bench regions-growth`: exact enumeration of seeded random d-6-6-1 ReLU
/// networks on [-1, 1]^d for d = 2, 4, 6, 8 (widths 6-6-1): regions found and time per region.
func regionsGrowthBenchmark() -> Int32 {
  var state: UInt64 = 2026
  func next() -> Int {
    state = state &* 6364136223846793005 &+ 1442695040888963407
    return Int((state >> 33) % 17) - 8
  }
  for d in [2, 4, 6, 8] {
    var width = d
    var layers: [Layer] = []
    for n in [6, 6, 1] {
      let w = (0..<n).map { _ in (0..<width).map { _ in Rational(next(), 8) } }
      let b = (0..<n).map { _ in Rational(next(), 16) }
      layers.append(Layer(weights: w, bias: b, activation: n == 1 ? .identity : .relu))
      width = n
    }
    let policy = Policy(inputDimension: d, layers: layers)
    // Side by side: the default (vertices while at most 64, then half-spaces), vertices
    // only, and the exact interior-point LP only.
    for (label, limit) in [("default", 64), ("vertices", 1 << 20), ("lp", 0)] {
      var count = 0
      let t = seconds {
        count = policy.linearRegions(lower: .init(repeating: -1, count: d), upper: .init(repeating: 1, count: d),
                                     vertexLimit: limit).count
      }
      print("regions-growth input_dim=\(d) method=\(label) regions=\(count) seconds=\(String(format: "%.3f", t))"
            + " us_per_region=\(String(format: "%.1f", t * 1e6 / Double(max(count, 1))))")
      fflush(nil)  // every stream: Swift 6 treats the global `stdout` as shared mutable state
    }
  }
  return 0
}
