import Formats
import LinearAlgebra
import Model
import Rational

/// A bounded convex polytope in Q^d kept in both forms: its vertices (exact) and, for
/// each vertex, the set of constraints tight there (an incidence bitset over the
/// constraints added so far; the box faces are constraints 0 ..< 2d).
///
/// Cutting by a half-space is one step of the double-description method: vertices on
/// the kept side stay, and each edge crossing the cut gives a new vertex. Two vertices
/// span an edge iff their common tight set has at least d−1 constraints and no third
/// vertex's tight set contains it (the combinatorial adjacency test of Fukuda and
/// Prodon, valid for any representation whose incidences are complete, as here).
///
/// Full-dimensionality is then a sign test: the polytope `P ∩ {a·x < b}` of a
/// full-dimensional P has interior iff some vertex of P has `a·x < b`.
/// Complexity of a cut: O(V·d) to evaluate, O(V³) incidence work for the edges.
public struct Polytope: Sendable {
  public let dimension: Int
  public private(set) var vertices: [[Rational]]
  private var tight: [IncidenceSet]
  private var constraintCount: Int
  /// The nearest double of every vertex coordinate, vertex after vertex (`dimension` each): the
  /// input of the certified floating-point filter `certifiedOpenPiece`.
  private var approximations: [Double]

  /// The box `[lower, upper]` (2^d vertices).
  public init(lower: [Rational], upper: [Rational]) {
    let d = lower.count
    dimension = d
    constraintCount = 2 * d
    var vs: [[Rational]] = [], ts: [IncidenceSet] = [], approx: [Double] = []
    for bits in 0..<(1 << d) {
      var v: [Rational] = [], t = IncidenceSet()
      for k in 0..<d {
        let up = bits >> k & 1 == 1
        v.append(up ? upper[k] : lower[k])
        t.insert(2 * k + (up ? 1 : 0))
      }
      approx += v.map { $0.doubleNearest() }
      vs.append(v)
      ts.append(t)
    }
    vertices = vs
    tight = ts
    approximations = approx
  }

  /// The average of the vertices: an interior point of a full-dimensional polytope.
  public var centroid: [Rational] {
    let n = Rational(vertices.count)
    return (0..<dimension).map { k in vertices.reduce(Rational.zero) { $0 + $1[k] } / n }
  }

  /// `(min, max)` of `a·x + c` over the polytope (attained at vertices).
  public func range(of a: [Rational], plus c: Rational) -> (min: Rational, max: Rational) {
    var lo: Rational?, hi: Rational?
    for v in vertices {
      let z = dot(a, v) + c
      if lo == nil || z < lo! { lo = z }
      if hi == nil || z > hi! { hi = z }
    }
    return (lo!, hi!)
  }

  /// The values `a·v + c` at the vertices, in vertex order.
  public func values(of a: [Rational], plus c: Rational) -> [Rational] {
    vertices.map { dot(a, $0) + c }
  }

  /// `P ∩ {x : a·x + c ≤ 0}` when `P ∩ {a·x + c < 0}` is nonempty (so the result is
  /// full-dimensional), else nil. Precondition: P is full-dimensional.
  public func cut(keeping a: [Rational], plus c: Rational) -> Polytope? {
    cut(values: values(of: a, plus: c))
  }

  /// `cut(keeping: a, plus: c)` given the values `a·v + c` at the vertices (`values(of:plus:)`),
  /// so that a caller who already has them does not compute them again.
  public func cut(values: [Rational]) -> Polytope? {
    precondition(values.count == vertices.count)
    guard values.contains(where: { $0.signum < 0 }) else { return nil }
    guard values.contains(where: { $0.signum > 0 }) else { return self }  // the cut is redundant
    let id = constraintCount
    var result = Polytope(dimension: dimension, vertices: [], tight: [], constraintCount: id + 1, approximations: [])
    for (i, v) in vertices.enumerated() where values[i].signum <= 0 {
      var t = tight[i]
      if values[i].isZero { t.insert(id) }
      result.vertices.append(v)
      result.tight.append(t)
      result.approximations += approximations[i * dimension ..< (i + 1) * dimension]
    }
    for i in vertices.indices where values[i].signum < 0 {
      for j in vertices.indices where values[j].signum > 0 {
        let common = tight[i].intersection(tight[j])
        guard common.count >= dimension - 1 else { continue }
        let isEdge = !vertices.indices.contains { k in k != i && k != j && tight[k].isSuperset(of: common) }
        guard isEdge else { continue }
        // The point of the edge where a·x + c = 0.
        let lambda = values[i] / (values[i] - values[j])
        let p = (0..<dimension).map { k in vertices[i][k] + lambda * (vertices[j][k] - vertices[i][k]) }
        var t = common
        t.insert(id)
        result.vertices.append(p)
        result.tight.append(t)
        result.approximations += p.map { $0.doubleNearest() }
      }
    }
    return result
  }

  private init(dimension: Int, vertices: [[Rational]], tight: [IncidenceSet], constraintCount: Int,
               approximations: [Double]) {
    self.dimension = dimension
    self.vertices = vertices
    self.tight = tight
    self.constraintCount = constraintCount
    self.approximations = approximations
  }

  /// The piece `k` (of the pieces cut by the increasing `kinks`: piece k lies between
  /// `kinks[k−1]` and `kinks[k]`) that holds `a·v + c` strictly inside for every vertex v,
  /// when floating-point evaluation with a rigorous error bound proves it; nil when it cannot
  /// (vertices in different pieces, one on a kink, or too close to tell), and the caller then
  /// decides exactly. A certified answer is exact: it never depends on rounding.
  ///
  /// The bound: with u = 2⁻⁵³, every input is rounded to nearest (relative error ≤ u) and, as
  /// every nonzero input is required to lie in [2⁻⁵⁰⁰, 2⁵⁰⁰], no product or sum under- or
  /// overflows, so the standard model holds. Then for t = fl(ĉ + Σ âₖ·v̂ₖ) and
  /// s = fl(|ĉ| + Σ |âₖ·v̂ₖ|), |t − (a·v + c)| ≤ (2u + γ_{d+1})·S with S the exact Σ of the
  /// magnitudes, and S ≤ s·(1 + γ_{d+1}); so e = (2d + 8)·u·s bounds the error with room to
  /// spare. A vertex is certified above the kink κ (an integer of magnitude ≤ 2⁵³, exact as a
  /// double) when fl(t − κ) > 2e, since fl(t − κ) ≤ (t − κ)(1 + u); below it when fl(t − κ) < −2e.
  func certifiedOpenPiece(of a: [Rational], plus c: Rational, kinks: [Rational]) -> Int? {
    let d = dimension
    let limit = Rational(1 << 53)
    var kd: [Double] = []
    for k in kinks {
      guard k.isInteger, k.magnitude <= limit else { return nil }
      kd.append(k.doubleNearest())
    }
    func inRange(_ x: Double) -> Bool {
      x == 0 || (x.magnitude >= 0x1p-500 && x.magnitude <= 0x1p500)
    }
    let cd = c.doubleNearest()
    guard inRange(cd) else { return nil }
    var ad: [Double] = []
    ad.reserveCapacity(d)
    for x in a {
      let y = x.doubleNearest()
      guard inRange(y) else { return nil }
      ad.append(y)
    }
    let factor = Double(2 * d + 8) * 0x1p-53 * 2
    var piece: Int?
    for i in vertices.indices {
      var t = cd, s = cd.magnitude
      for k in 0..<d {
        let v = approximations[i * d + k]
        guard inRange(v) else { return nil }
        let p = ad[k] * v
        t += p
        s += p.magnitude
      }
      let margin = factor * s
      var k = 0
      for kink in kd {
        let diff = t - kink
        if diff > margin { k += 1 } else if diff < -margin { break } else { return nil }
      }
      if let piece, piece != k { return nil }
      piece = k
    }
    return piece
  }
}

/// A set of constraint indices as a bitset.
struct IncidenceSet: Sendable, Equatable {
  private var words: [UInt64] = []

  mutating func insert(_ i: Int) {
    let w = i >> 6
    if words.count <= w { words += [UInt64](repeating: 0, count: w + 1 - words.count) }
    words[w] |= 1 << UInt64(i & 63)
  }

  var count: Int { words.reduce(0) { $0 + $1.nonzeroBitCount } }

  func intersection(_ o: IncidenceSet) -> IncidenceSet {
    var r = IncidenceSet()
    r.words = zip(words, o.words).map { $0 & $1 }
    return r
  }

  func isSuperset(of o: IncidenceSet) -> Bool {
    for (i, w) in o.words.enumerated() where w != 0 {
      guard i < words.count, words[i] & w == w else { return false }
    }
    return true
  }
}
