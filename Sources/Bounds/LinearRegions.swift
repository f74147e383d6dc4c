import Formats
import LinearAlgebra
import Model
import Rational

/// A full-dimensional linear region of a piecewise-linear policy inside the domain X:
/// a set of points sharing one activation pattern, on which `π` is affine with the
/// Jacobian `jacobian`.
public struct LinearRegion: Sendable {
  /// The activation derivatives of all neurons, layer by layer (the pattern).
  public var pattern: [Rational]
  /// `J_R` (rows: outputs, columns: inputs).
  public var jacobian: [[Rational]]
  /// A point strictly inside the region (every pre-activation off its kinks).
  public var witness: [Rational]

  public init(pattern: [Rational], jacobian: [[Rational]], witness: [Rational]) {
    self.pattern = pattern
    self.jacobian = jacobian
    self.witness = witness
  }
}

extension Policy {
  /// Enumerates, exactly, the activation patterns whose region is full-dimensional
  /// inside the box `[lower, upper]`, one `LinearRegion` per distinct pattern.
  ///
  /// Method: depth-first splitting, neuron by neuron in layer order. A region is the box
  /// cut by the half-spaces of earlier splits (`Region`), kept with its exact vertices
  /// while it has at most `vertexLimit` of them and by its half-spaces and an interior
  /// witness after that. A neuron's pre-activation is affine on the region; each piece of
  /// the activation it meets with nonempty interior gives a child region (an exact
  /// double-description cut, or an exact interior-point LP), and a neuron that stays in
  /// one piece cuts nothing. Never samples. `progress` is called with the number of
  /// finished leaves.
  public func linearRegions(
    lower: [Rational], upper: [Rational], vertexLimit: Int = 64, progress: ((Int) -> Void)? = nil
  ) -> [LinearRegion] {
    enumerateLinearRegions(lower: lower, upper: upper, vertexLimit: vertexLimit, progress: progress).regions
  }

  /// The enumeration of `linearRegions`, stoppable by a budget.
  ///
  /// The depth-first search keeps an explicit stack (one frame per neuron on the current
  /// path, holding that neuron's child regions still to visit), so its depth is not limited by
  /// the call stack: a chain of 10 000 width-1 layers or one layer of 10 000 neurons is fine.
  /// Regions are found in the same order as a recursive depth-first search would find them.
  ///
  /// - `maxRegions`: the search stops, incomplete, when it meets a distinct pattern beyond
  ///   the first `maxRegions` (so a policy with exactly `maxRegions` regions is complete).
  /// - `shouldStop`: polled once per search node; returning true stops the search, incomplete.
  public func enumerateLinearRegions(
    lower: [Rational], upper: [Rational], vertexLimit: Int = 64, maxRegions: Int? = nil,
    shouldStop: (() -> Bool)? = nil, progress: ((Int) -> Void)? = nil
  ) -> RegionEnumeration {
    precondition(lower.count == inputDimension && upper.count == inputDimension)
    var found: [[Rational]: LinearRegion] = [:]
    var order: [[Rational]] = []
    var leaves = 0
    var stop: RegionEnumeration.StopReason?
    let root = splitTreeRoot(lower: lower, upper: upper, vertexLimit: vertexLimit)
    let interrupted = walkSplitTree(from: root, cutDepth: nil, shouldStop: shouldStop, onCut: { _ in }) { leaf in
      leaves += 1
      progress?(leaves)
      if found[leaf.pattern] == nil {
        if let maxRegions, found.count >= maxRegions {
          stop = .maxRegions
          return false
        }
        found[leaf.pattern] = leaf
        order.append(leaf.pattern)
      }
      return true
    }
    if interrupted && stop == nil { stop = .interrupted }
    return RegionEnumeration(regions: order.map { found[$0]! }, leaves: leaves, stopReason: stop)
  }

  /// The root of the split tree: the first neuron of the first layer on the whole box. Layer 0
  /// is entered with the identity map, so its pre-activation map is the layer itself (no d × d
  /// identity is formed: d may be large).
  func splitTreeRoot(lower: [Rational], upper: [Rational], vertexLimit: Int) -> SplitNode {
    let first = layers[0]
    return SplitNode(l: 0, i: 0, region: Region(lower: lower, upper: upper, vertexLimit: vertexLimit),
                     states: [SplitLayerState(Z: first.weights, zc: first.bias, outM: first.weights, outC: first.bias)],
                     pattern: [])
  }

  /// Every leaf of the split tree on the box `[lower, upper]`, depth first: its activation
  /// pattern, the affine map `x ↦ M x + c` that is `π` on the leaf's region, and the region itself
  /// (its closure is where that map agrees with `π`, by continuity). Leaves with the same pattern
  /// may repeat (a pattern's region can be split by a neuron that is constant on it).
  /// `shouldStop` is polled once per search node with the node's region and `leaf` returns
  /// whether to go on; either one stopping ends the search. Returns whether it finished.
  @discardableResult
  func forEachLinearPiece(
    lower: [Rational], upper: [Rational], vertexLimit: Int,
    shouldStop: ((_ region: Region) -> Bool)? = nil,
    _ leaf: (_ pattern: [Rational], _ M: [[Rational]], _ c: [Rational], _ region: Region) -> Bool
  ) -> Bool {
    precondition(lower.count == inputDimension && upper.count == inputDimension)
    var finished = true
    let interrupted = walkSplitTree(
      from: splitTreeRoot(lower: lower, upper: upper, vertexLimit: vertexLimit), cutDepth: nil, shouldStop: nil,
      shouldStopAt: shouldStop, onCut: { _ in }
    ) { pattern, M, c, region in
      let goOn = leaf(pattern, M, c, region)
      if !goOn { finished = false }
      return goOn
    }
    return finished && !interrupted
  }

  /// The state of layer `l` entered with the region's input map `x ↦ M x + c`.
  func splitLayerState(_ l: Int, _ M: [[Rational]], _ c: [Rational]) -> SplitLayerState {
    let d = inputDimension
    let layer = layers[l]
    let Z: [[Rational]] = layer.weights.map { row in
      (0..<d).map { j in
        var s = Rational.zero
        for k in row.indices where !row[k].isZero && !M[k][j].isZero { s += row[k] * M[k][j] }
        return s
      }
    }
    var zc = layer.linear(c)
    for i in zc.indices { zc[i] += layer.bias[i] }
    return SplitLayerState(Z: Z, zc: zc, outM: Z, outC: zc)
  }

  /// Depth-first walk of the split tree below `node`, in piece order.
  ///
  /// The search keeps an explicit stack (one frame per neuron on the current path, holding
  /// that neuron's child regions still to visit), so its depth is not limited by the call
  /// stack. Each leaf (a full activation pattern) goes to `onLeaf`, which returns false to
  /// stop the walk. With `cutDepth = k`, a node `k` splits below `node` is handed to `onCut`
  /// instead of being walked (so `onLeaf` and `onCut` together see the tree's frontier at
  /// depth `k`, in depth-first order). Returns true when `shouldStop` stopped the walk.
  func walkSplitTree(from node: SplitNode, cutDepth: Int?, shouldStop: (() -> Bool)?,
                     onCut: (SplitNode) -> Void, onLeaf: (LinearRegion) -> Bool) -> Bool {
    walkSplitTree(from: node, cutDepth: cutDepth, shouldStop: shouldStop, shouldStopAt: nil, onCut: onCut) {
      pattern, M, _, region in onLeaf(LinearRegion(pattern: pattern, jacobian: M, witness: region.interiorPoint))
    }
  }

  /// `walkSplitTree` handing over each leaf's pattern, affine map `x ↦ M x + c` and region;
  /// `shouldStopAt` is also polled with each node's region before it is split (true also
  /// counts as interrupted).
  func walkSplitTree(from node: SplitNode, cutDepth: Int?, shouldStop: (() -> Bool)?,
                     shouldStopAt: ((Region) -> Bool)?, onCut: (SplitNode) -> Void,
                     onPiece: ([Rational], [[Rational]], [Rational], Region) -> Bool) -> Bool {
    var stoppedAt = false
    /// One piece of a neuron's activation: the affine map `slope·z + offset`, the pattern
    /// entry, and the child region where the pre-activation lies in that piece.
    struct Choice {
      var slope: Rational
      var offset: Rational
      var derivative: Rational
      var region: Region
    }
    /// Neuron `i` of layer `l` on the current path, with its pieces; `next` is the first
    /// piece not yet visited.
    struct Frame {
      var l: Int
      var i: Int
      var choices: [Choice]
      var next: Int
    }

    /// The pieces neuron `i` of layer `l` takes on `region`, in piece order.
    func choices(_ l: Int, _ i: Int, _ state: SplitLayerState, _ region: Region) -> [Choice] {
      let act = layers[l].activation
      let a = state.Z[i], z0 = state.zc[i]
      let kinks = act.kinks
      if kinks.isEmpty || a.allSatisfy(\.isZero) {
        // No split: identity, or a neuron constant on the region.
        if let k = act.pieceIndex(of: z0) {
          let (s, o) = act.piece(k)
          return [Choice(slope: s, offset: o, derivative: s, region: region)]
        }
        return [Choice(slope: 0, offset: act(z0), derivative: act.derivative(at: z0), region: region)]
      }
      return region.children(a, z0, kinks: kinks).map { k, child in
        let (s, o) = act.piece(k)
        return Choice(slope: s, offset: o, derivative: s, region: child)
      }
    }

    var states = node.states
    var pattern = node.pattern
    var frames: [Frame] = []

    /// Moves to neuron `i` of layer `l` on `region` (entering the next layers when `i` is
    /// past the layer's end); at the end of the last layer, hands over the leaf. Returns false
    /// when `onLeaf` stops the walk.
    func descend(_ l0: Int, _ i0: Int, _ region: Region) -> Bool {
      if let shouldStopAt, shouldStopAt(region) {
        stoppedAt = true
        return false
      }
      var l = l0, i = i0
      let entered = states.count
      while i == states[l].Z.count {
        if l + 1 == layers.count {
          return onPiece(pattern, states[l].outM, states[l].outC, region)
        }
        states.append(splitLayerState(l + 1, states[l].outM, states[l].outC))
        l += 1
        i = 0
      }
      if let cutDepth, frames.count == cutDepth {
        onCut(SplitNode(l: l, i: i, region: region, states: states, pattern: pattern))
        // The layers entered on the way have no frame to leave them: leave them here.
        states.removeLast(states.count - entered)
        return true
      }
      frames.append(Frame(l: l, i: i, choices: choices(l, i, states[l], region), next: 0))
      return true
    }

    if descend(node.l, node.i, node.region) {
      while let top = frames.last {
        if shouldStop?() == true { return true }
        let f = frames.count - 1
        let (l, i) = (top.l, top.i)
        if top.next > 0 {
          // Undo the previous piece's choice.
          pattern.removeLast()
          states[l].outM[i] = states[l].Z[i]
          states[l].outC[i] = states[l].zc[i]
        }
        if top.next == top.choices.count {
          frames.removeLast()
          if i == 0 { states.removeLast() }
          continue
        }
        let choice = top.choices[top.next]
        frames[f].next += 1
        let a = states[l].Z[i], z0 = states[l].zc[i]
        states[l].outM[i] = a.map { choice.slope * $0 }
        states[l].outC[i] = choice.slope * z0 + choice.offset
        pattern.append(choice.derivative)
        guard descend(l, i + 1, choice.region) else { return stoppedAt }
      }
    } else {
      return stoppedAt
    }
    return false
  }
}

/// The layer being split on a path of the split tree: its pre-activation map `x ↦ Z x + zc`
/// on the region, and its output map `x ↦ outM x + outC` with the chosen pieces so far (rows
/// not yet chosen hold `Z`, `zc`).
struct SplitLayerState: Sendable {
  var Z: [[Rational]]
  var zc: [Rational]
  var outM: [[Rational]]
  var outC: [Rational]
}

/// A node of the split tree: neuron `i` of layer `l` about to be split on `region`, with the
/// layer states and the pattern of the path that leads to it.
struct SplitNode: Sendable {
  var l: Int
  var i: Int
  var region: Region
  var states: [SplitLayerState]
  var pattern: [Rational]
}

/// The result of `enumerateLinearRegions`: the regions found, in order, and whether the
/// search finished.
public struct RegionEnumeration: Sendable {
  /// Why a search stopped before finishing.
  public enum StopReason: String, Sendable {
    /// A distinct pattern beyond `maxRegions` was met.
    case maxRegions = "max_regions"
    /// `shouldStop` returned true (e.g. a time limit).
    case interrupted = "time_limit"
  }
  /// The distinct regions found (all of them when `isComplete`).
  public var regions: [LinearRegion]
  /// Leaves of the search tree visited.
  public var leaves: Int
  /// nil when the search finished.
  public var stopReason: StopReason?
  /// Whether every region was found.
  public var isComplete: Bool { stopReason == nil }
}
