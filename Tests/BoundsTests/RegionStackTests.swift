@testable import Bounds
import Formats
import LinearAlgebra
import Model
import Rational
import TestSupport
import Testing
import Verification

/// The explicit-stack region enumeration finds the same regions, in the same order, with the same
/// Jacobians and witnesses, as the recursive depth-first search it replaced (kept here as the
/// reference), and its budgets stop it soundly.
@Suite struct RegionStackTests {
  static let seed: UInt64 = 0x5EED_12

  /// The previous recursive enumeration (one call level per neuron), as the oracle.
  static func recursiveRegions(_ policy: Policy, lower: [Rational], upper: [Rational], vertexLimit: Int) -> [LinearRegion] {
    let d = policy.inputDimension
    var found: [[Rational]: LinearRegion] = [:]
    var order: [[Rational]] = []
    let identity: [[Rational]] = (0..<d).map { i in (0..<d).map { $0 == i ? 1 : 0 } }
    func enterLayer(_ l: Int, _ M: [[Rational]], _ c: [Rational], _ region: Region, _ pattern: [Rational]) {
      if l == policy.layers.count {
        if found[pattern] == nil {
          found[pattern] = LinearRegion(pattern: pattern, jacobian: M, witness: region.interiorPoint)
          order.append(pattern)
        }
        return
      }
      let layer = policy.layers[l]
      let Z: [[Rational]] = layer.weights.map { row in
        (0..<d).map { j in row.indices.reduce(Rational.zero) { $0 + row[$1] * M[$1][j] } }
      }
      var zc = layer.linear(c)
      for i in zc.indices { zc[i] += layer.bias[i] }
      let act = layer.activation
      var outM = Z, outC = zc
      var newPattern = pattern
      func split(_ i: Int, _ region: Region) {
        if i == Z.count {
          enterLayer(l + 1, outM, outC, region, newPattern)
          return
        }
        let a = Z[i], z0 = zc[i]
        func choose(_ slope: Rational, _ offset: Rational, derivative: Rational, _ child: Region) {
          let savedM = outM[i], savedC = outC[i]
          outM[i] = a.map { slope * $0 }
          outC[i] = slope * z0 + offset
          newPattern.append(derivative)
          split(i + 1, child)
          newPattern.removeLast()
          outM[i] = savedM
          outC[i] = savedC
        }
        if act.kinks.isEmpty || a.allSatisfy(\.isZero) {
          if let k = act.pieceIndex(of: z0) {
            let (s, o) = act.piece(k)
            choose(s, o, derivative: s, region)
          } else {
            choose(0, act(z0), derivative: act.derivative(at: z0), region)
          }
          return
        }
        for (k, child) in region.children(a, z0, kinks: act.kinks) {
          let (s, o) = act.piece(k)
          choose(s, o, derivative: s, child)
        }
      }
      split(0, region)
    }
    enterLayer(0, identity, [Rational](repeating: 0, count: d), Region(lower: lower, upper: upper, vertexLimit: vertexLimit), [])
    return order.map { found[$0]! }
  }

  @Test func sameRegionsInTheSameOrderAsTheRecursiveSearch() {
    forEachSeededCase(count: 40, seed: Self.seed) { rng, caseSeed in
      let d = Int.random(in: 1...3, using: &rng)
      let policy = RandomInstances.policy(inputs: d, outputs: Int.random(in: 1...2, using: &rng), using: &rng)
      let lower = [Rational](repeating: -2, count: d), upper = [Rational](repeating: 2, count: d)
      for limit in [0, 6, 64] {
        let a = policy.linearRegions(lower: lower, upper: upper, vertexLimit: limit)
        let b = Self.recursiveRegions(policy, lower: lower, upper: upper, vertexLimit: limit)
        #expect(a.map(\.pattern) == b.map(\.pattern), "seed \(caseSeed), limit \(limit)")
        #expect(a.map(\.jacobian) == b.map(\.jacobian), "seed \(caseSeed), limit \(limit)")
        #expect(a.map(\.witness) == b.map(\.witness), "seed \(caseSeed), limit \(limit)")
      }
    }
  }

  /// Larger nets (d-6-6-1 in 4 to 6 dimensions), where regions switch from vertices to half-spaces.
  @Test func sameRegionsOnLargerNets() {
    forEachSeededCase(count: 3, seed: Self.seed &+ 2) { rng, caseSeed in
      let d = 4 + Int(caseSeed % 3)
      var width = d
      var layers: [Layer] = []
      for n in [6, 6, 1] {
        let w = (0..<n).map { _ in (0..<width).map { _ in RandomInstances.weight(using: &rng) } }
        let b = (0..<n).map { _ in RandomInstances.weight(using: &rng) / 2 }
        layers.append(Layer(weights: w, bias: b, activation: n == 1 ? .identity : .relu))
        width = n
      }
      let policy = Policy(inputDimension: d, layers: layers)
      let lower = [Rational](repeating: -1, count: d), upper = [Rational](repeating: 1, count: d)
      let a = policy.linearRegions(lower: lower, upper: upper)
      let b = Self.recursiveRegions(policy, lower: lower, upper: upper, vertexLimit: 64)
      #expect(a.count > 1, "seed \(caseSeed)")
      #expect(a.map(\.pattern) == b.map(\.pattern) && a.map(\.jacobian) == b.map(\.jacobian) && a.map(\.witness) == b.map(\.witness),
              "seed \(caseSeed)")
    }
  }

  /// A region budget returns a prefix of the full enumeration, and the cut γ_G² interval
  /// encloses the exact one.
  @Test func budgetsStopSoundly() {
    forEachSeededCase(count: 20, seed: Self.seed &+ 1) { rng, caseSeed in
      let d = Int.random(in: 1...3, using: &rng)
      let policy = RandomInstances.policy(inputs: d, outputs: 1, using: &rng)
      let lower = [Rational](repeating: -2, count: d), upper = [Rational](repeating: 2, count: d)
      let full = policy.enumerateLinearRegions(lower: lower, upper: upper)
      #expect(full.isComplete)
      let n = full.regions.count
      let k = Int.random(in: 0...n, using: &rng)
      let cut = policy.enumerateLinearRegions(lower: lower, upper: upper, maxRegions: k)
      #expect(cut.isComplete == (k == n), "seed \(caseSeed): \(k) of \(n)")
      #expect(cut.regions.map(\.pattern) == Array(full.regions.prefix(k)).map(\.pattern), "seed \(caseSeed)")
      let exact = GlobalBound(exactFor: policy, lower: lower, upper: upper)
      let bounded = GlobalBound(exactFor: policy, lower: lower, upper: upper, maxRegions: k, shouldStop: nil)
      #expect(bounded.interval.lower <= exact.interval.lower && bounded.interval.upper >= exact.interval.upper,
              "seed \(caseSeed)")
      let stopped = policy.enumerateLinearRegions(lower: lower, upper: upper, shouldStop: { true })
      #expect(!stopped.isComplete && stopped.regions.isEmpty, "seed \(caseSeed)")
    }
  }
}
