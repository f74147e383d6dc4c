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
  /// Method: depth-first splitting, neuron by neuron in layer order. A region is a
  /// polytope (the box and the half-spaces of earlier splits) with an interior witness.
  /// For each neuron with kinks, its pre-activation is affine on the region; the piece
  /// holding the witness is kept at no cost, every other piece the box's range allows
  /// is tested by `InteriorPointLP`, whose answer is the new region's witness. A neuron
  /// that stays in one piece adds no constraint. Never samples.
  /// `progress` is called with the number of finished leaves.
  public func linearRegions(
    lower: [Rational], upper: [Rational], progress: ((Int) -> Void)? = nil
  ) -> [LinearRegion] {
    precondition(lower.count == inputDimension && upper.count == inputDimension)
    let d = inputDimension
    var found: [[Rational]: LinearRegion] = [:]
    var order: [[Rational]] = []
    var leaves = 0

    let identity: [[Rational]] = (0..<d).map { i in (0..<d).map { $0 == i ? 1 : 0 } }
    let center = (0..<d).map { (lower[$0] + upper[$0]) / 2 }

    /// Enters layer `l` with the region's input map `x ↦ M x + c`.
    func enterLayer(_ l: Int, _ M: [[Rational]], _ c: [Rational],
                    _ constraints: [(normal: [Rational], bound: Rational)], _ witness: [Rational],
                    _ pattern: [Rational]) {
      if l == layers.count {
        leaves += 1
        progress?(leaves)
        if found[pattern] == nil {
          found[pattern] = LinearRegion(pattern: pattern, jacobian: M, witness: witness)
          order.append(pattern)
        }
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

      func split(_ i: Int, _ constraints: [(normal: [Rational], bound: Rational)], _ witness: [Rational]) {
        if i == Z.count {
          enterLayer(l + 1, outM, outC, constraints, witness, newPattern)
          return
        }
        let a = Z[i], z0 = zc[i]
        func choose(_ slope: Rational, _ offset: Rational, derivative: Rational,
                    _ cons: [(normal: [Rational], bound: Rational)], _ w: [Rational]) {
          let savedM = outM[i], savedC = outC[i]
          outM[i] = a.map { slope * $0 }
          outC[i] = slope * z0 + offset
          newPattern.append(derivative)
          split(i + 1, cons, w)
          newPattern.removeLast()
          outM[i] = savedM
          outC[i] = savedC
        }
        let kinks = act.kinks
        if kinks.isEmpty || a.allSatisfy(\.isZero) {
          // No split: identity, or a neuron constant on the region.
          if let k = act.pieceIndex(of: z0) {
            let (s, o) = act.piece(k)
            choose(s, o, derivative: s, constraints, witness)
          } else {
            choose(0, act(z0), derivative: act.derivative(at: z0), constraints, witness)
          }
          return
        }
        // Range of z over the box.
        var zmin = z0, zmax = z0
        for j in 0..<d where !a[j].isZero {
          if a[j].signum > 0 { zmin += a[j] * lower[j]; zmax += a[j] * upper[j] } else { zmin += a[j] * upper[j]; zmax += a[j] * lower[j] }
        }
        let zw = dotProduct(a, witness) + z0
        let home = act.pieceIndex(of: zw)
        var feasible: [(k: Int, witness: [Rational])] = []
        for k in 0..<act.pieceCount {
          let below = k == 0 ? nil : Optional(kinks[k - 1])
          let above = k == kinks.count ? nil : Optional(kinks[k])
          if let below, zmax <= below { continue }
          if let above, zmin >= above { continue }
          if k == home {
            feasible.append((k, witness))
            continue
          }
          var cons = constraints
          if let below { cons.append((a.map { -$0 }, z0 - below)) }   // z > below
          if let above { cons.append((a, above - z0)) }               // z < above
          if let w = InteriorPointLP.interiorPoint(constraints: cons, lower: lower, upper: upper) {
            feasible.append((k, w))
          }
        }
        for (k, w) in feasible {
          let (s, o) = act.piece(k)
          var cons = constraints
          if feasible.count > 1 {
            if k > 0 { cons.append((a.map { -$0 }, z0 - kinks[k - 1])) }
            if k < kinks.count { cons.append((a, kinks[k] - z0)) }
          }
          choose(s, o, derivative: s, cons, w)
        }
      }
      split(0, constraints, witness)
    }

    enterLayer(0, identity, [Rational](repeating: 0, count: d), [], center, [])
    return order.map { found[$0]! }
  }
}
