@testable import Bounds
import Formats
import LinearAlgebra
import Model
import Rational
import TestSupport
import Testing

/// Streamed exact mode (`RegionGainSummary`) against the batch computation over the full list of
/// regions it replaced, and the floating-point filter of `Polytope` against exact values.
@Suite struct RegionStreamingTests {
  static let seed: UInt64 = 0x57_2EA4

  /// The batch definition: every region's coarse interval, refinement of the non-exact ones whose
  /// upper end reaches the largest coarse lower end, then the maxima.
  static func batchEnclosure(_ regions: [LinearRegion]) -> (interval: RationalInterval, refined: [RationalInterval]) {
    var gains = regions.map { Matrix($0.jacobian).spectralNormSquared(relativeWidth: Rational(1, 1000)) }
    let best = gains.map(\.lower).max() ?? 0
    for i in gains.indices where gains[i].upper >= best && !gains[i].isExact {
      gains[i] = Matrix(regions[i].jacobian).spectralNormSquared(relativeWidth: GlobalBound.intervalWidth)
    }
    return (RationalInterval(lower: gains.map(\.lower).max() ?? 0, upper: gains.map(\.upper).max() ?? 0), gains)
  }

  /// Streamed on 1 and 3 workers, and summaries of random parts merged in random order, give the
  /// batch enclosure and count; membership and `someRegionReaches` agree with a test of every region.
  @Test func streamedSummaryEqualsTheBatchComputation() {
    forEachSeededCase(count: 40, seed: Self.seed) { rng, caseSeed in
      let d = Int.random(in: 1...3, using: &rng)
      let policy = RandomInstances.policy(inputs: d, outputs: Int.random(in: 1...2, using: &rng), using: &rng)
      let lower = [Rational](repeating: -2, count: d), upper = [Rational](repeating: 2, count: d)
      let regions = policy.linearRegions(lower: lower, upper: upper)
      let batch = Self.batchEnclosure(regions)
      for jobs in [1, 3] {
        let g = GlobalBound(exactFor: policy, lower: lower, upper: upper, maxRegions: nil, shouldStop: nil, jobs: jobs)
        #expect(g.isExact && g.interval == batch.interval && g.regionCount == regions.count,
                "seed \(caseSeed), jobs \(jobs): \(g.interval) vs \(batch.interval)")
      }
      // Random parts (leaves of one pattern may fall in two parts), merged in random order.
      var parts = [RegionGainSummary](repeating: RegionGainSummary(for: policy), count: 3)
      for r in regions {
        for _ in 0..<Int.random(in: 1...2, using: &rng) {
          parts[Int.random(in: 0..<3, using: &rng)].add(pattern: r.pattern, jacobian: r.jacobian)
        }
      }
      parts.shuffle(using: &rng)
      var merged = RegionGainSummary(for: policy)
      for p in parts { merged.merge(p) }
      let whole = GlobalBound(policy: policy, stream: RegionStream(summary: merged, leaves: 0, stopReason: nil))
      if policy.patternsCanRepeat {
        #expect(whole.regionCount == regions.count, "seed \(caseSeed)")
      }
      #expect(whole.interval == batch.interval, "seed \(caseSeed): merged parts")
      // Membership at the ends of the enclosure and at every region's refined ends.
      let thresholds: [Rational] = [batch.interval.lower, batch.interval.upper, 0] + batch.refined.flatMap { [$0.lower, $0.upper] }
      for t in thresholds {
        let every = regions.allSatisfy { Matrix($0.jacobian).spectralNormSquaredIsAtMost(t) }
        #expect(whole.contains(gammaSquared: t) == every, "seed \(caseSeed): γ² = \(t)")
        let reaches = { (j: [[Rational]]) -> Bool in
          let gram = Matrix(j).smallerGram()
          return (t * Matrix.identity(gram.rows) - gram).definiteness() != .positiveDefinite
        }
        #expect(whole.summary!.someRegionReaches(t, reaches) == regions.contains { reaches($0.jacobian) },
                "seed \(caseSeed): reaches \(t)")
      }
    }
  }

  /// Patterns repeat only with activations that have two pieces of one slope; the streamed count
  /// is the number of distinct patterns either way.
  @Test func regionCountIsTheNumberOfDistinctPatterns() {
    forEachSeededCase(count: 20, seed: Self.seed &+ 1) { rng, caseSeed in
      let d = Int.random(in: 1...2, using: &rng)
      var layers: [Layer] = []
      var width = d
      let act: Activation = Bool.random(using: &rng) ? .hardtanh : .leakyReLU(slope: 1)
      for n in [3, 3, 1] {
        let w = (0..<n).map { _ in (0..<width).map { _ in RandomInstances.weight(using: &rng) } }
        let b = (0..<n).map { _ in RandomInstances.weight(using: &rng) / 2 }
        layers.append(Layer(weights: w, bias: b, activation: n == 1 ? .identity : act))
        width = n
      }
      let policy = Policy(inputDimension: d, layers: layers)
      #expect(policy.patternsCanRepeat)
      let lower = [Rational](repeating: -3, count: d), upper = [Rational](repeating: 3, count: d)
      let full = policy.enumerateLinearRegions(lower: lower, upper: upper)
      let stream = policy.streamLinearRegions(lower: lower, upper: upper)
      #expect(stream.summary.regionCount == full.regions.count && stream.leaves == full.leaves, "seed \(caseSeed)")
      let parallel = policy.streamLinearRegions(lower: lower, upper: upper, jobs: 2)
      #expect(parallel.summary.regionCount == full.regions.count, "seed \(caseSeed)")
    }
    let relu = Policy(inputDimension: 1, layers: [Layer(weights: [[1]], bias: [0], activation: .relu)])
    #expect(!relu.patternsCanRepeat)
  }

  /// A budget cuts the stream exactly where it cuts the list enumeration.
  @Test func budgetCutsTheStreamLikeTheList() {
    forEachSeededCase(count: 20, seed: Self.seed &+ 2) { rng, caseSeed in
      let d = Int.random(in: 1...3, using: &rng)
      let policy = RandomInstances.policy(inputs: d, outputs: 1, using: &rng)
      let lower = [Rational](repeating: -2, count: d), upper = [Rational](repeating: 2, count: d)
      let n = policy.linearRegions(lower: lower, upper: upper).count
      let k = Int.random(in: 0...n, using: &rng)
      let list = policy.enumerateLinearRegions(lower: lower, upper: upper, maxRegions: k)
      let stream = policy.streamLinearRegions(lower: lower, upper: upper, maxRegions: k)
      #expect(stream.summary.regionCount == list.regions.count && stream.leaves == list.leaves
              && stream.stopReason == list.stopReason, "seed \(caseSeed)")
    }
  }

  /// When the floating-point filter names a piece, every vertex's exact value lies strictly in it;
  /// and it does name one often (else the test would prove nothing).
  @Test func certifiedPieceAgreesWithExactValues() {
    var certified = 0, trials = 0
    forEachSeededCase(count: 60, seed: Self.seed &+ 3) { rng, caseSeed in
      let d = Int.random(in: 1...3, using: &rng)
      var p = Polytope(lower: [Rational](repeating: -1, count: d), upper: [Rational](repeating: 1, count: d))
      for _ in 0..<Int.random(in: 0...4, using: &rng) {
        let a = (0..<d).map { _ in RandomInstances.weight(using: &rng) }
        if let q = p.cut(keeping: a, plus: RandomInstances.weight(using: &rng) / 3) { p = q }
      }
      for _ in 0..<20 {
        let kinks: [Rational] = Bool.random(using: &rng) ? [0] : [-1, 1]
        let scale = Rational(1, Int.random(in: 1...1000, using: &rng))
        let a = (0..<d).map { _ in RandomInstances.weight(using: &rng) * scale }
        let c = RandomInstances.weight(using: &rng) * scale * Rational(Int.random(in: -40...40, using: &rng), 7)
        trials += 1
        guard let k = p.certifiedOpenPiece(of: a, plus: c, kinks: kinks) else { continue }
        certified += 1
        for v in p.vertices {
          let z = dot(a, v) + c
          let above = k == 0 || z > kinks[k - 1], below = k == kinks.count || z < kinks[k]
          #expect(above && below, "seed \(caseSeed): z = \(z), piece \(k), kinks \(kinks)")
        }
      }
      // Values exactly on a kink are never certified.
      let a = (0..<d).map { _ in RandomInstances.weight(using: &rng) }
      let v = p.vertices[0]
      #expect(p.certifiedOpenPiece(of: a, plus: -dot(a, v), kinks: [0]) == nil, "seed \(caseSeed)")
    }
    #expect(certified * 4 > trials, "certified \(certified) of \(trials)")
  }
}
