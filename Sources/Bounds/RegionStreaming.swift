import Formats
import LinearAlgebra
import Model
import Rational

/// The regions of a policy streamed into a `RegionGainSummary`: the split tree is walked depth
/// first and each leaf handed to the summary and dropped, so memory is one path of the tree (per
/// worker) plus the summary, not the list of regions.
package struct RegionStream: Sendable {
  /// The summary of the distinct regions met.
  package var summary: RegionGainSummary
  /// Leaves of the split tree visited.
  package var leaves: Int
  /// nil when the search finished.
  package var stopReason: RegionEnumeration.StopReason?
  /// Whether every region was met.
  package var isComplete: Bool { stopReason == nil }

  package init(summary: RegionGainSummary, leaves: Int, stopReason: RegionEnumeration.StopReason?) {
    self.summary = summary
    self.leaves = leaves
    self.stopReason = stopReason
  }
}

/// One shard's part of the streamed enumeration: the frontier subtrees it walked (their index and
/// leaves, in frontier order) and the summary of all their regions.
package struct RegionStreamShard: Sendable {
  package var pieces: [(index: Int, leaves: Int)]
  package var summary: RegionGainSummary
  /// Subtrees in the whole frontier (the same in every shard).
  package var frontierCount: Int
  /// Whether `shouldStop` cut a walk short (or the making of the frontier).
  package var interrupted: Bool

  package init(pieces: [(index: Int, leaves: Int)], summary: RegionGainSummary, frontierCount: Int, interrupted: Bool) {
    self.pieces = pieces
    self.summary = summary
    self.frontierCount = frontierCount
    self.interrupted = interrupted
  }
}

extension Policy {
  /// The regions of `linearRegions`, streamed into a summary, on one worker, stoppable by a budget
  /// with exactly the semantics of `enumerateLinearRegions` (`maxRegions`: stops at the first
  /// distinct pattern beyond the first `maxRegions`; `shouldStop`: polled once per search node).
  package func streamLinearRegions(
    lower: [Rational], upper: [Rational], vertexLimit: Int = 64, maxRegions: Int? = nil,
    shouldStop: (() -> Bool)? = nil, progress: ((Int) -> Void)? = nil
  ) -> RegionStream {
    precondition(lower.count == inputDimension && upper.count == inputDimension)
    var summary = RegionGainSummary(for: self)
    var leaves = 0
    var stop: RegionEnumeration.StopReason?
    let root = splitTreeRoot(lower: lower, upper: upper, vertexLimit: vertexLimit)
    let interrupted = walkSplitTree(from: root, cutDepth: nil, shouldStop: shouldStop, shouldStopAt: nil,
                                    onCut: { _ in }) { pattern, M, _, _ in
      leaves += 1
      progress?(leaves)
      if let maxRegions, summary.regionCount >= maxRegions, summary.isNew(pattern) {
        stop = .maxRegions
        return false
      }
      summary.add(pattern: pattern, jacobian: M)
      return true
    }
    if interrupted && stop == nil { stop = .interrupted }
    return RegionStream(summary: summary, leaves: leaves, stopReason: stop)
  }

  /// `streamLinearRegions` on up to `jobs` workers: the frontier's subtrees are walked in parallel,
  /// each into its own summary, and the summaries combined in frontier order; the result does not
  /// depend on `jobs`. With a `maxRegions` budget, or `jobs <= 1`, it is the one-worker stream.
  package func streamLinearRegions(
    lower: [Rational], upper: [Rational], vertexLimit: Int = 64, maxRegions: Int? = nil, jobs: Int,
    shouldStop: (@Sendable () -> Bool)? = nil, progress: ((Int) -> Void)? = nil
  ) -> RegionStream {
    if jobs <= 1 || maxRegions != nil {
      return streamLinearRegions(lower: lower, upper: upper, vertexLimit: vertexLimit, maxRegions: maxRegions,
                                 shouldStop: shouldStop, progress: progress)
    }
    let part = streamLinearRegionsShard(lower: lower, upper: upper, vertexLimit: vertexLimit, jobs: jobs,
                                        shouldStop: shouldStop, progress: progress)
    return RegionStream(summary: part.summary, leaves: part.pieces.reduce(0) { $0 + $1.leaves },
                        stopReason: part.interrupted ? .interrupted : nil)
  }

  /// Shard `shard` of `shardCount` of the streamed enumeration: the frontier subtrees `k` with
  /// `k % shardCount == shard` (see `splitTreePieces`), on up to `jobs` workers.
  package func streamLinearRegionsShard(
    lower: [Rational], upper: [Rational], vertexLimit: Int = 64, shard: Int = 0, shardCount: Int = 1, jobs: Int,
    frontierTarget: Int = Policy.splitTreeFrontierTarget,
    shouldStop: (@Sendable () -> Bool)? = nil, progress: ((Int) -> Void)? = nil
  ) -> RegionStreamShard {
    let keepsPatterns = patternsCanRepeat
    guard let run = splitTreeParts(
      lower: lower, upper: upper, vertexLimit: vertexLimit, shard: shard, shardCount: shardCount, jobs: jobs,
      frontierTarget: frontierTarget, shouldStop: shouldStop, progress: progress,
      empty: { RegionGainSummary(keepsPatterns: keepsPatterns) },
      add: { summary, pattern, M, _ in summary.add(pattern: pattern, jacobian: M) }) else {
      // Stopped while the frontier was being made: no region is certified.
      return RegionStreamShard(pieces: [], summary: RegionGainSummary(keepsPatterns: keepsPatterns), frontierCount: 1,
                               interrupted: true)
    }
    var summary = RegionGainSummary(keepsPatterns: keepsPatterns)
    for p in run.parts { summary.merge(p.part) }
    return RegionStreamShard(pieces: run.parts.map { ($0.index, $0.leaves) }, summary: summary,
                             frontierCount: run.frontierCount, interrupted: run.parts.contains { $0.interrupted })
  }
}
