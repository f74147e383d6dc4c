import Formats
import LinearAlgebra
import Model
import Rational

/// A region during linear-region enumeration, in one of two exact forms:
/// - vertex form (a `Polytope`): ranges are read off the vertices and a split is a
///   double-description cut; fast while the vertices are few (low input dimension);
/// - half-space form (its cuts and a strictly interior witness): a split is decided by the
///   exact interior-point LP; used once a region has more than `vertexLimit` vertices,
///   since a d-cube alone has 2^d.
/// Both forms keep the list of cuts `a·x ≤ b` (the box is separate).
struct Region {
  var polytope: Polytope?
  var cuts: [(normal: [Rational], bound: Rational)]
  var witness: [Rational]
  let lower: [Rational]
  let upper: [Rational]
  let vertexLimit: Int

  init(lower: [Rational], upper: [Rational], vertexLimit: Int) {
    self.lower = lower
    self.upper = upper
    self.vertexLimit = vertexLimit
    cuts = []
    witness = (0..<lower.count).map { (lower[$0] + upper[$0]) / 2 }
    polytope = (1 << min(lower.count, 30)) <= vertexLimit ? Polytope(lower: lower, upper: upper) : nil
  }

  /// A point strictly inside the region.
  var interiorPoint: [Rational] { polytope?.centroid ?? witness }

  /// The pieces `k` of an activation with kinks `kinks` that the affine function
  /// `z = a·x + z0` meets with nonempty interior on this region, each with its child
  /// region. A function that stays in one piece gives this region back uncut.
  func children(_ a: [Rational], _ z0: Rational, kinks: [Rational]) -> [(piece: Int, region: Region)] {
    let pieces = 0...kinks.count
    func below(_ k: Int) -> Rational? { k == 0 ? nil : kinks[k - 1] }
    func above(_ k: Int) -> Rational? { k == kinks.count ? nil : kinks[k] }
    let negated = a.map { -$0 }

    if let polytope {
      // Most neurons do not cut a small region: when floating point certifies that every
      // vertex lies strictly inside one piece, that piece is the only child and the region is
      // returned uncut, as the exact test below would find.
      if let k = polytope.certifiedOpenPiece(of: a, plus: z0, kinks: kinks) { return [(k, self)] }
      // z at every vertex, once: the range and the first cut of each piece read them.
      let zs = polytope.values(of: a, plus: z0)
      var zmin = zs[0], zmax = zs[0]
      for z in zs.dropFirst() {
        if z < zmin { zmin = z } else if z > zmax { zmax = z }
      }
      var out: [(Int, Region)] = []
      for k in pieces {
        var child: Polytope? = polytope
        var newCuts = cuts
        var cut = false  // whether `child` is no longer `polytope` (its vertices differ from zs's)
        if let kink = below(k) {  // z > kink: keep −a·x ≤ z0 − kink, i.e. kink − z ≤ 0
          if zmax <= kink { continue }
          if zmin < kink {
            child = polytope.cut(values: zs.map { kink - $0 })
            cut = true
            newCuts.append((negated, z0 - kink))
          }
        }
        if let kink = above(k) {  // z < kink: keep a·x ≤ kink − z0, i.e. z − kink ≤ 0
          if zmin >= kink { continue }
          if zmax > kink {
            child = cut ? child?.cut(keeping: a, plus: z0 - kink) : polytope.cut(values: zs.map { $0 - kink })
            newCuts.append((a, kink - z0))
          }
        }
        guard let child else { continue }
        var r = self
        r.cuts = newCuts
        if child.vertices.count > vertexLimit {
          r.polytope = nil
          r.witness = child.centroid
        } else {
          r.polytope = child
        }
        out.append((k, r))
      }
      return out
    }

    // Half-space form: the box's range of z filters pieces, the witness's piece costs
    // nothing, every other piece is decided by the exact LP.
    var zmin = z0, zmax = z0
    for j in a.indices where !a[j].isZero {
      if a[j].signum > 0 { zmin += a[j] * lower[j]; zmax += a[j] * upper[j] } else { zmin += a[j] * upper[j]; zmax += a[j] * lower[j] }
    }
    let zw = dot(a, witness) + z0
    var feasible: [(k: Int, witness: [Rational])] = []
    for k in pieces {
      if let kink = below(k), zmax <= kink { continue }
      if let kink = above(k), zmin >= kink { continue }
      let inside = (below(k).map { zw > $0 } ?? true) && (above(k).map { zw < $0 } ?? true)
      if inside {
        feasible.append((k, witness))
        continue
      }
      var cons = cuts
      if let kink = below(k) { cons.append((negated, z0 - kink)) }
      if let kink = above(k) { cons.append((a, kink - z0)) }
      if let w = InteriorPointLP.interiorPoint(constraints: cons, lower: lower, upper: upper) {
        feasible.append((k, w))
      }
    }
    return feasible.map { k, w in
      var r = self
      r.witness = w
      if feasible.count > 1 {
        if let kink = below(k) { r.cuts.append((negated, z0 - kink)) }
        if let kink = above(k) { r.cuts.append((a, kink - z0)) }
      }
      return (k, r)
    }
  }
}
