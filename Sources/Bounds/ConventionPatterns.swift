import Formats
import LinearAlgebra
import Model
import Rational

/// One derivative pattern that the kink conventions produce at some point of the closed
/// domain X, with its convention Jacobian `J = D_L W_L ⋯ D_1 W_1`.
public struct ConventionPattern: Sendable {
  /// The activation derivatives of all neurons, layer by layer, under the conventions
  /// `relu'(0) = 0`, `leaky_relu'(0) = slope`, `hardtanh'(±1) = 0`, `abs'(0) = 0`.
  public var pattern: [Rational]
  /// The convention Jacobian (rows: outputs, columns: inputs).
  public var jacobian: [[Rational]]
  /// A point of X (closed) where autograd computes exactly this pattern.
  public var witness: [Rational]
  /// Whether the pattern occurs only on lower-dimensional cells (some pre-activation exactly
  /// on a kink at every point producing it), so no full-dimensional region has it.
  public var lowerDimensional: Bool
}

extension Policy {
  /// Every derivative pattern the kink conventions produce at points of the closed box
  /// `[lower, upper]`, one entry per distinct pattern, exactly.
  ///
  /// Method: the closed box is partitioned into relatively open cells on which every
  /// neuron's pre-activation has a fixed *position* — inside one piece of its activation,
  /// or exactly on one kink. Cells are found depth-first, neuron by neuron in layer
  /// order. A cell is the box with equalities `z = kink` and strict inequalities between
  /// kinks, in terms of x (each neuron's pre-activation is affine on a cell: a neuron on a
  /// kink has the constant value `σ(kink)` there, one inside a piece the piece's affine
  /// map). Each candidate position of the next neuron is decided by the exact LP
  /// `CellFeasibilityLP` (a position the cell's known point already has costs nothing).
  /// The derivative at a position is the convention's (`σ'` at the kink on a kink), and the
  /// Jacobian is propagated separately from the value map: on a cell where some neuron
  /// sits on a kink, the convention Jacobian need not be the Jacobian of any
  /// full-dimensional region (anti-parallel kinks, kinks on faces of X). Lower-dimensional
  /// cells included, so every point of X — every PGA iterate — has its pattern listed.
  /// The full-dimensional regions' patterns are among the results. Never samples.
  ///
  /// `maxLPs` caps the work: when more cell LPs would be needed the enumeration stops and
  /// returns nil (the count of LPs is deterministic, so where it stops never depends on timing).
  public func conventionPatterns(lower: [Rational], upper: [Rational], maxLPs: Int = .max) -> [ConventionPattern]? {
    precondition(lower.count == inputDimension && upper.count == inputDimension)
    var lpCount = 0
    var stopped = false
    let d = inputDimension
    var found: [[Rational]: Int] = [:]
    var out: [ConventionPattern] = []
    let identity: [[Rational]] = (0..<d).map { i in (0..<d).map { $0 == i ? 1 : 0 } }

    struct Cell {
      var equalities: [(normal: [Rational], value: Rational)]
      var strict: [(normal: [Rational], bound: Rational)]
      var point: [Rational]
      var lowerDimensional: Bool
    }

    func rowTimes(_ row: [Rational], _ M: [[Rational]]) -> [Rational] {
      (0..<d).map { j in
        var s = Rational.zero
        for k in row.indices where !row[k].isZero && !M[k][j].isZero { s += row[k] * M[k][j] }
        return s
      }
    }

    /// Enters layer `l` with the cell's value map `x ↦ M x + c` and convention Jacobian `MJ`.
    func enterLayer(_ l: Int, _ M: [[Rational]], _ c: [Rational], _ MJ: [[Rational]], _ cell: Cell, _ pattern: [Rational]) {
      if stopped { return }
      if l == layers.count {
        if let k = found[pattern] {
          if out[k].lowerDimensional && !cell.lowerDimensional {  // prefer a witness inside a full-dimensional cell
            out[k].witness = cell.point
            out[k].lowerDimensional = false
          }
        } else {
          found[pattern] = out.count
          out.append(ConventionPattern(pattern: pattern, jacobian: MJ, witness: cell.point, lowerDimensional: cell.lowerDimensional))
        }
        return
      }
      let layer = layers[l]
      let Z = layer.weights.map { rowTimes($0, M) }
      let ZJ = layer.weights.map { rowTimes($0, MJ) }
      var zc = layer.linear(c)
      for i in zc.indices { zc[i] += layer.bias[i] }
      let act = layer.activation
      let kinks = act.kinks
      var outM = Z, outC = zc, outJ = ZJ
      var newPattern = pattern

      func split(_ i: Int, _ cell: Cell) {
        if stopped { return }
        if i == Z.count {
          enterLayer(l + 1, outM, outC, outJ, cell, newPattern)
          return
        }
        let a = Z[i], z0 = zc[i]
        /// Position p: even p = 2k is piece k's interior, odd p = 2k + 1 is kink k.
        func choose(_ p: Int, _ child: Cell) {
          let savedM = outM[i], savedC = outC[i], savedJ = outJ[i]
          let derivative: Rational
          if p % 2 == 0 {
            let (s, o) = act.piece(p / 2)
            outM[i] = a.map { s * $0 }
            outC[i] = s * z0 + o
            derivative = s
          } else {
            let kink = kinks[p / 2]
            outM[i] = [Rational](repeating: 0, count: d)
            outC[i] = act(kink)
            derivative = act.derivative(at: kink)
          }
          outJ[i] = ZJ[i].map { derivative * $0 }
          newPattern.append(derivative)
          split(i + 1, child)
          newPattern.removeLast()
          outM[i] = savedM
          outC[i] = savedC
          outJ[i] = savedJ
        }
        func position(of z: Rational) -> Int {
          var p = 0
          for kink in kinks {
            if z == kink { return p + 1 }
            if z < kink { return p }
            p += 2
          }
          return p
        }
        let zw = dot(a, cell.point) + z0
        let own = position(of: zw)
        if kinks.isEmpty || a.allSatisfy(\.isZero) {
          choose(own, cell)  // constant on the cell: one position, no new constraint
          return
        }
        // The box's range of z filters positions cheaply.
        var zmin = z0, zmax = z0
        for j in a.indices where !a[j].isZero {
          if a[j].signum > 0 { zmin += a[j] * lower[j]; zmax += a[j] * upper[j] } else { zmin += a[j] * upper[j]; zmax += a[j] * lower[j] }
        }
        let negated = a.map { -$0 }
        for p in 0...(2 * kinks.count) {
          var child = cell
          if p % 2 == 1 {
            let kink = kinks[p / 2]
            if kink < zmin || kink > zmax { continue }
            child.equalities.append((a, kink - z0))
            child.lowerDimensional = true
          } else {
            let k = p / 2
            if k > 0, zmax <= kinks[k - 1] { continue }
            if k < kinks.count, zmin >= kinks[k] { continue }
            if k > 0 { child.strict.append((negated, z0 - kinks[k - 1])) }       // z > kink below
            if k < kinks.count { child.strict.append((a, kinks[k] - z0)) }       // z < kink above
          }
          if p != own {
            lpCount += 1
            if lpCount > maxLPs { stopped = true; return }
            guard let w = CellFeasibilityLP.point(equalities: child.equalities, strict: child.strict,
                                                  lower: lower, upper: upper) else { continue }
            child.point = w
          }
          choose(p, child)
        }
      }
      split(0, cell)
    }

    let centre = (0..<d).map { (lower[$0] + upper[$0]) / 2 }
    enterLayer(0, identity, [Rational](repeating: 0, count: d), identity,
               Cell(equalities: [], strict: [], point: centre, lowerDimensional: false), [])
    return stopped ? nil : out
  }
}

/// The convention-aware global quantity
/// `γ_conv² = max over every pattern the conventions produce at points of the closed X of
/// λ_max(JᵀJ)` (see `Policy.conventionPatterns`), as a certified interval.
///
/// Every PGA iterate lies in X and its autograd Jacobian is one of these, so
/// `γ_adv² ≤ λ_max(J(x)ᵀJ(x)) ≤ γ_conv²` always; the full-dimensional regions' patterns
/// are among them, so `γ_G² ≤ γ_conv²`. The two differ when a kink meets a face of X or
/// kinks coincide (anti-parallel or duplicated neurons).
public struct ConventionBound: Sendable {
  public var patterns: [ConventionPattern]
  /// Certified `λ_max(JᵀJ)` of each pattern.
  public var gains: [RationalInterval]
  /// `γ_conv² ∈ [lower, upper]`.
  public var interval: RationalInterval

  /// nil when the enumeration needs more than `maxLPs` cell LPs.
  public init?(policy: Policy, lower: [Rational], upper: [Rational], maxLPs: Int = .max) {
    guard let found = policy.conventionPatterns(lower: lower, upper: upper, maxLPs: maxLPs) else { return nil }
    patterns = found
    var g = patterns.map { Matrix($0.jacobian).spectralNormSquared(relativeWidth: Rational(1, 1000)) }
    let bestLower = g.map(\.lower).max() ?? 0
    for i in g.indices where g[i].upper >= bestLower && !g[i].isExact {
      g[i] = Matrix(patterns[i].jacobian).spectralNormSquared(relativeWidth: GlobalBound.intervalWidth)
    }
    gains = g
    interval = RationalInterval(lower: g.map(\.lower).max() ?? 0, upper: g.map(\.upper).max() ?? 0)
  }

  /// Whether `γ_conv² ≤ γ²`, exactly (`γ²I − JᵀJ ⪰ 0` for every pattern).
  public func contains(gammaSquared g: Rational) -> Bool {
    patterns.allSatisfy { Matrix($0.jacobian).spectralNormSquaredIsAtMost(g) }
  }

  /// Whether `x ≤ γ_conv²`, exactly (some pattern has `x·I − JᵀJ` not positive definite).
  public func reaches(_ x: Rational) -> Bool {
    patterns.contains { p in
      let gram = Matrix(p.jacobian).smallerGram()
      return (x * Matrix.identity(gram.rows) - gram).definiteness() != .positiveDefinite
    }
  }

  /// Number of patterns found only on lower-dimensional cells.
  public var lowerDimensionalPatterns: Int { patterns.filter(\.lowerDimensional).count }
}
