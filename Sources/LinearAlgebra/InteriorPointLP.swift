import Rational

/// An exact test of full-dimensionality for a polytope
/// `P = { x : aᵢ·x ≤ cᵢ for all i, lower ≤ x ≤ upper }`.
///
/// Solves `max t` subject to `aᵢ·x + t ≤ cᵢ`, `lower + t ≤ x ≤ upper − t`, `t ≤ 1`
/// by the simplex method over Q (dictionary form, Bland's rule, so it terminates).
/// P has nonempty interior iff the optimum is positive, and then the solution x is
/// an interior point: every constraint holds with slack ≥ t > 0. The search stops as
/// soon as t > 0 is reached.
///
/// Start: with `x = lower + y`, `y ≥ 0` and `t = s − T`, `s ≥ 0`, the point `y = 0, s = 0`
/// is feasible for `T = max(0, maxᵢ (aᵢ·lower − cᵢ))`, so no phase one is needed.
/// Complexity: O(m·n) rational operations per pivot, m = constraints + 2d + 1, n = d + 1.
public enum InteriorPointLP {
  /// A strictly interior point of P, or nil when P has empty interior.
  public static func interiorPoint(
    constraints: [(normal: [Rational], bound: Rational)], lower: [Rational], upper: [Rational]
  ) -> [Rational]? {
    let d = lower.count
    let n = d + 1  // y_0 … y_{d−1}, s
    // Rows: basic_r = rhs_r − Σ_j coef[r][j]·nonbasic_j ≥ 0.
    var coef: [[Rational]] = []
    var rhs: [Rational] = []
    var T = Rational.zero
    var base: [Rational] = []
    for (a, c) in constraints {
      let r = c - dot(a, lower)
      base.append(r)
      if -r > T { T = -r }
    }
    for (i, (a, _)) in constraints.enumerated() {
      coef.append(a + [1])
      rhs.append(base[i] + T)
    }
    for k in 0..<d {
      var up = [Rational](repeating: 0, count: n)
      up[k] = 1
      up[d] = 1
      coef.append(up)
      rhs.append(upper[k] - lower[k] + T)
      var down = [Rational](repeating: 0, count: n)
      down[k] = -1
      down[d] = 1
      coef.append(down)
      rhs.append(T)
    }
    var cap = [Rational](repeating: 0, count: n)
    cap[d] = 1
    coef.append(cap)
    rhs.append(1 + T)

    let m = coef.count
    var nonbasic = Array(0..<n)          // variable ids: 0..<n original, n+r slack of row r
    var basic = Array(n..<(n + m))
    var objective = [Rational](repeating: 0, count: n)
    objective[d] = 1
    var value = Rational.zero            // current s

    func solution() -> [Rational] {
      var y = [Rational](repeating: 0, count: n)
      for (r, id) in basic.enumerated() where id < n { y[id] = rhs[r] }
      return (0..<d).map { lower[$0] + y[$0] }
    }

    while true {
      if value > T { return solution() }
      // Bland: entering = smallest variable id with positive reduced cost.
      var enter = -1
      for j in 0..<n where objective[j].signum > 0 && (enter < 0 || nonbasic[j] < nonbasic[enter]) { enter = j }
      if enter < 0 { return nil }  // optimal with t* = value − T ≤ 0
      var leave = -1
      var bestRatio = Rational.zero
      for r in 0..<m where coef[r][enter].signum > 0 {
        let ratio = rhs[r] / coef[r][enter]
        if leave < 0 || ratio < bestRatio || (ratio == bestRatio && basic[r] < basic[leave]) {
          leave = r
          bestRatio = ratio
        }
      }
      precondition(leave >= 0, "interior-point LP is bounded by construction")
      // Pivot: the entering variable becomes basic in row `leave`.
      let p = coef[leave][enter]
      let pinv = p.reciprocal!
      var pivotRow = coef[leave]
      for k in 0..<n { pivotRow[k] = k == enter ? pinv : pivotRow[k] * pinv }
      let pivotRhs = rhs[leave] * pinv
      coef[leave] = pivotRow
      rhs[leave] = pivotRhs
      for r in 0..<m where r != leave {
        let f = coef[r][enter]
        if f.isZero { continue }
        if !pivotRhs.isZero { rhs[r] -= f * pivotRhs }
        for k in 0..<n where !pivotRow[k].isZero {
          if k == enter { coef[r][k] = -f * pivotRow[k] } else { coef[r][k] -= f * pivotRow[k] }
        }
      }
      let fc = objective[enter]
      value += fc * pivotRhs
      for k in 0..<n {
        if k == enter { objective[k] = -fc * pivotRow[k] } else if !pivotRow[k].isZero { objective[k] -= fc * pivotRow[k] }
      }
      swap(&nonbasic[enter], &basic[leave])
    }
  }
}
