import Bounds
import Formats
import Foundation
import LinearAlgebra
import Model
import Rational
import TestSupport
import Testing
import Verification

/// Parallel exact work gives the sequential result, whatever the number of workers, the
/// frontier's fineness or the number of shards (issue 13).
@Suite struct ParallelEnumerationTests {
  /// A seeded random policy with two hidden layers of width 3 to 6 (activations at random,
  /// including hardtanh, whose two flat pieces repeat patterns), on [-2, 2]^d.
  static func policy(_ rng: inout SeededGenerator) -> Policy {
    let d = Int.random(in: 2...3, using: &rng)
    var width = d
    var layers: [Layer] = []
    for (l, n) in [Int.random(in: 3...6, using: &rng), Int.random(in: 3...6, using: &rng), 2].enumerated() {
      let w = (0..<n).map { _ in (0..<width).map { _ in RandomInstances.weight(using: &rng) } }
      let b = (0..<n).map { _ in RandomInstances.weight(using: &rng) / 2 }
      layers.append(Layer(weights: w, bias: b, activation: l == 2 ? .identity : RandomInstances.activation(using: &rng)))
      width = n
    }
    return Policy(inputDimension: d, layers: layers)
  }

  static func same(_ a: [LinearRegion], _ b: [LinearRegion]) -> Bool {
    a.count == b.count && zip(a, b).allSatisfy { $0.pattern == $1.pattern && $0.jacobian == $1.jacobian && $0.witness == $1.witness }
  }

  @Test func parallelMapKeepsOrderForEveryWorkerCount() {
    let xs = Array(0..<200)
    let expected = xs.map { $0 * $0 + 1 }
    for jobs in [1, 2, 3, 8, 500] {
      #expect(xs.parallelMap(jobs: jobs) { $0 * $0 + 1 } == expected, "jobs \(jobs)")
    }
    #expect([Int]().parallelMap(jobs: 4) { $0 } == [])
  }

  @Test func frontierPiecesReassembleToTheSequentialEnumeration() {
    let seed: UInt64 = 0x13_0001
    forEachSeededCase(count: 12, seed: seed) { rng, caseSeed in
      let policy = Self.policy(&rng)
      let d = policy.inputDimension
      let lo = [Rational](repeating: -2, count: d), hi = [Rational](repeating: 2, count: d)
      let sequential = policy.enumerateLinearRegions(lower: lo, upper: hi)
      #expect(sequential.isComplete)
      for target in [1, 3, 7, 256] {
        for jobs in [1, 2, 3] {
          let run = policy.splitTreePieces(lower: lo, upper: hi, jobs: jobs, frontierTarget: target)
          let assembled = RegionEnumeration(assembling: run.pieces)
          #expect(Self.same(assembled.regions, sequential.regions) && assembled.leaves == sequential.leaves
                    && assembled.isComplete, "seed \(caseSeed), target \(target), jobs \(jobs)")
          #expect(run.pieces.map(\.index) == Array(0..<run.frontierCount), "seed \(caseSeed)")
        }
        for shards in [2, 3, 5] {
          let pieces = (0..<shards).flatMap { i in
            policy.splitTreePieces(lower: lo, upper: hi, shard: i, shardCount: shards, jobs: 2, frontierTarget: target).pieces
          }
          #expect(Self.same(RegionEnumeration(assembling: pieces.reversed()).regions, sequential.regions),
                  "seed \(caseSeed), target \(target), \(shards) shards")
        }
      }
      // The public entry point with workers.
      let parallel = policy.enumerateLinearRegions(lower: lo, upper: hi, jobs: 3)
      #expect(Self.same(parallel.regions, sequential.regions), "seed \(caseSeed)")
    }
  }

  @Test func verifyJSONDoesNotDependOnWorkers() {
    let seed: UInt64 = 0x13_0002
    forEachSeededCase(count: 8, seed: seed) { rng, caseSeed in
      let policy = Self.policy(&rng)
      let problem = RandomInstances.problem(inputs: policy.inputDimension, outputs: 2, using: &rng)
      for mode in [GlobalMode.exact, .bound, .off] {
        let one = PolicyVerification(policy: policy, problem: problem, gamma: Rational(3, 2), globalMode: mode, jobs: 1).jsonText
        for jobs in [2, 4] {
          let many = PolicyVerification(policy: policy, problem: problem, gamma: Rational(3, 2), globalMode: mode, jobs: jobs).jsonText
          #expect(one == many, "seed \(caseSeed), mode \(mode), jobs \(jobs)")
        }
      }
    }
  }

  @Test func bundledExamplesDoNotDependOnWorkers() throws {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    for name in ["regression", "two-agent-game"] {
      let dir = root.appendingPathComponent("examples/\(name)").path
      let policy = try Policy(file: dir + "/policy.json", text: String(contentsOfFile: dir + "/policy.json", encoding: .utf8))
      let problem = try Problem(file: dir + "/problem.json", text: String(contentsOfFile: dir + "/problem.json", encoding: .utf8),
                                policy: policy)
      let one = PolicyVerification(policy: policy, problem: problem, gamma: 2, globalMode: .exact, jobs: 1).jsonText
      let two = PolicyVerification(policy: policy, problem: problem, gamma: 2, globalMode: .exact, jobs: 2).jsonText
      let five = PolicyVerification(policy: policy, problem: problem, gamma: 2, globalMode: .exact, jobs: 5).jsonText
      #expect(one == two && one == five, "example \(name)")
    }
  }
}
