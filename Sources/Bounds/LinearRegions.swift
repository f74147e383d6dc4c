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
    var found: [[Rational]: LinearRegion] = [:]
    var order: [[Rational]] = []
    var leaves = 0
    forEachLinearPiece(lower: lower, upper: upper, vertexLimit: vertexLimit) { pattern, M, _, region in
      leaves += 1
      progress?(leaves)
      if found[pattern] == nil {
        found[pattern] = LinearRegion(pattern: pattern, jacobian: M, witness: region.interiorPoint)
        order.append(pattern)
      }
    }
    return order.map { found[$0]! }
  }

  /// The depth-first splitting of `linearRegions`, calling `leaf` once per leaf with its
  /// activation pattern, the affine map `x ↦ M x + c` that is `π` on the leaf's region,
  /// and the region itself (its closure is where that map agrees with `π`, by continuity).
  /// Leaves with the same pattern may repeat (a pattern's region can be split by a neuron
  /// that is constant on it).
  ///
  /// `shouldStop` (checked before every split) ends the enumeration early: the caller then
  /// knows the leaves it saw are not all of them.
  func forEachLinearPiece(
    lower: [Rational], upper: [Rational], vertexLimit: Int,
    shouldStop: ((_ region: Region) -> Bool)? = nil,
    _ leaf: (_ pattern: [Rational], _ M: [[Rational]], _ c: [Rational], _ region: Region) -> Void
  ) {
    precondition(lower.count == inputDimension && upper.count == inputDimension)
    let d = inputDimension

    let identity: [[Rational]] = (0..<d).map { i in (0..<d).map { $0 == i ? 1 : 0 } }

    /// Enters layer `l` with the region's input map `x ↦ M x + c`.
    func enterLayer(_ l: Int, _ M: [[Rational]], _ c: [Rational],
                    _ region: Region, _ pattern: [Rational]) {
      if l == layers.count {
        leaf(pattern, M, c, region)
        return
      }
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
      let act = layer.activation
      var outM = Z, outC = zc
      var newPattern = pattern

      func split(_ i: Int, _ region: Region) {
        if let shouldStop, shouldStop(region) { return }
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
        let kinks = act.kinks
        if kinks.isEmpty || a.allSatisfy(\.isZero) {
          // No split: identity, or a neuron constant on the region.
          if let k = act.pieceIndex(of: z0) {
            let (s, o) = act.piece(k)
            choose(s, o, derivative: s, region)
          } else {
            choose(0, act(z0), derivative: act.derivative(at: z0), region)
          }
          return
        }
        for (k, child) in region.children(a, z0, kinks: kinks) {
          let (s, o) = act.piece(k)
          choose(s, o, derivative: s, child)
        }
      }
      split(0, region)
    }

    enterLayer(0, identity, [Rational](repeating: 0, count: d), Region(lower: lower, upper: upper, vertexLimit: vertexLimit), [])
  }
}
