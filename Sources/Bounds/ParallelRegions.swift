import Formats
import Foundation
import LinearAlgebra
import Model
import Rational

/// One subtree of the split tree's frontier, enumerated on its own: the distinct patterns met
/// below it, in depth-first order (first occurrence kept), and how many leaves it has.
///
/// The frontier and its numbering depend only on the policy, the box and `vertexLimit`, never
/// on the number of workers or shards, so pieces computed anywhere can be put back together.
package struct SplitTreePiece: Sendable {
  /// The position of the subtree in the frontier (depth-first order).
  package var index: Int
  /// The distinct regions below it, in depth-first order.
  package var regions: [LinearRegion]
  /// Leaves of the split tree below it (a region may cover several leaves).
  package var leaves: Int
  /// Whether a `shouldStop` cut this subtree's walk short.
  package var interrupted: Bool

  package init(index: Int, regions: [LinearRegion], leaves: Int, interrupted: Bool) {
    self.index = index
    self.regions = regions
    self.leaves = leaves
    self.interrupted = interrupted
  }
}

/// An element of the split tree's frontier: a leaf reached above the cut depth, or a subtree.
enum SplitFrontierItem: Sendable {
  case leaf(LinearRegion)
  case subtree(SplitNode)
}

extension Policy {
  /// How many subtrees the frontier holds at least (when the tree is big enough): enough for
  /// many workers or shards to balance, few enough that computing it is cheap.
  package static let splitTreeFrontierTarget = 256

  /// The frontier of the split tree, in depth-first order: the root expanded level by level
  /// (every subtree of the current level replaced by its children, in piece order) until at
  /// least `target` subtrees remain or none does. Reading its leaves and subtrees in order is
  /// reading the whole tree depth-first. Nil when `shouldStop` stopped it.
  func splitTreeFrontier(lower: [Rational], upper: [Rational], vertexLimit: Int,
                         target: Int = Policy.splitTreeFrontierTarget, jobs: Int,
                         shouldStop: (@Sendable () -> Bool)? = nil) -> [SplitFrontierItem]? {
    var items: [SplitFrontierItem] = [.subtree(splitTreeRoot(lower: lower, upper: upper, vertexLimit: vertexLimit))]
    func subtreeCount(_ items: [SplitFrontierItem]) -> Int {
      items.reduce(0) { n, item in if case .subtree = item { return n + 1 } else { return n } }
    }
    while subtreeCount(items) > 0 && subtreeCount(items) < target {
      if shouldStop?() == true { return nil }
      let expanded: [[SplitFrontierItem]?] = items.parallelMap(jobs: jobs) { item in
        guard case .subtree(let node) = item else { return [item] }
        var children: [SplitFrontierItem] = []
        let stopped = self.walkSplitTree(from: node, cutDepth: 1, shouldStop: shouldStop,
                                         onCut: { children.append(.subtree($0)) }) {
          children.append(.leaf($0))
          return true
        }
        return stopped ? nil : children
      }
      if expanded.contains(where: { $0 == nil }) { return nil }
      items = expanded.flatMap { $0! }
    }
    return items
  }

  /// Enumerates the pieces of the frontier whose index `k` has `k % shardCount == shard`,
  /// on up to `jobs` workers (each piece one task; results in index order). `shouldStop` is
  /// polled by every worker; `progress` gets the running number of leaves finished.
  /// `frontierTarget` changes how finely the tree is cut (never the regions found); every
  /// shard of one run must use the same.
  package func splitTreePieces(
    lower: [Rational], upper: [Rational], vertexLimit: Int = 64, shard: Int = 0, shardCount: Int = 1, jobs: Int,
    frontierTarget: Int = Policy.splitTreeFrontierTarget,
    shouldStop: (@Sendable () -> Bool)? = nil, progress: ((Int) -> Void)? = nil
  ) -> (pieces: [SplitTreePiece], frontierCount: Int) {
    precondition(lower.count == inputDimension && upper.count == inputDimension)
    precondition(shardCount >= 1 && 0 <= shard && shard < shardCount)
    guard let frontier = splitTreeFrontier(lower: lower, upper: upper, vertexLimit: vertexLimit, target: frontierTarget,
                                           jobs: jobs, shouldStop: shouldStop) else {
      // Stopped while the frontier was being made: nothing is certified beyond the bound.
      return ([SplitTreePiece(index: 0, regions: [], leaves: 0, interrupted: true)], 1)
    }
    let mine = frontier.indices.filter { $0 % shardCount == shard }
    let counter = LeafCounter(progress)
    let pieces: [SplitTreePiece] = mine.parallelMap(jobs: jobs) { k in
      var seen = Set<[Rational]>()
      var regions: [LinearRegion] = []
      var leaves = 0
      var interrupted = false
      func record(_ leaf: LinearRegion) -> Bool {
        leaves += 1
        counter.add(1)
        if seen.insert(leaf.pattern).inserted { regions.append(leaf) }
        return true
      }
      switch frontier[k] {
      case .leaf(let leaf): _ = record(leaf)
      case .subtree(let node):
        interrupted = self.walkSplitTree(from: node, cutDepth: nil, shouldStop: shouldStop, onCut: { _ in }, onLeaf: record)
      }
      return SplitTreePiece(index: k, regions: regions, leaves: leaves, interrupted: interrupted)
    }
    return (pieces, frontier.count)
  }

  /// `enumerateLinearRegions` on up to `jobs` workers: the frontier's subtrees are walked in
  /// parallel and their regions put back in frontier order, then repeated patterns dropped
  /// (first occurrence kept), which is exactly the sequential search's result whatever `jobs`
  /// is. With a `maxRegions` budget, or `jobs <= 1`, it is the sequential search itself.
  package func enumerateLinearRegions(
    lower: [Rational], upper: [Rational], vertexLimit: Int = 64, maxRegions: Int? = nil, jobs: Int,
    shouldStop: (@Sendable () -> Bool)? = nil, progress: ((Int) -> Void)? = nil
  ) -> RegionEnumeration {
    if jobs <= 1 || maxRegions != nil {
      return enumerateLinearRegions(lower: lower, upper: upper, vertexLimit: vertexLimit, maxRegions: maxRegions,
                                    shouldStop: shouldStop, progress: progress)
    }
    let run = splitTreePieces(lower: lower, upper: upper, vertexLimit: vertexLimit, jobs: jobs,
                              shouldStop: shouldStop, progress: progress)
    return RegionEnumeration(assembling: run.pieces)
  }
}

extension RegionEnumeration {
  /// The enumeration made of frontier pieces, given in frontier order (every piece, or — for
  /// a cut run — those computed): regions concatenated, repeated patterns dropped (first
  /// occurrence kept), leaves summed; interrupted when any piece was.
  package init(assembling pieces: [SplitTreePiece]) {
    var seen = Set<[Rational]>()
    var regions: [LinearRegion] = []
    var leaves = 0
    var interrupted = false
    for piece in pieces.sorted(by: { $0.index < $1.index }) {
      leaves += piece.leaves
      interrupted = interrupted || piece.interrupted
      for r in piece.regions where seen.insert(r.pattern).inserted { regions.append(r) }
    }
    self.init(regions: regions, leaves: leaves, stopReason: interrupted ? .interrupted : nil)
  }
}

/// The running number of leaves finished by all workers, handed to a progress callback under
/// a lock (so the callback never runs on two threads at once).
private final class LeafCounter: @unchecked Sendable {
  private let lock = NSLock()
  private var total = 0
  private let progress: ((Int) -> Void)?

  init(_ progress: ((Int) -> Void)?) { self.progress = progress }

  func add(_ n: Int) {
    guard let progress else { return }
    lock.lock()
    total += n
    progress(total)
    lock.unlock()
  }
}
