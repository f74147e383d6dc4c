import Formats
import LinearAlgebra
import Model
import Rational

/// An exact test of non-emptiness for a relatively open cell of a hyperplane arrangement
/// inside a closed box:
///
///     C = { x : lower ≤ x ≤ upper,  eⱼ·x = fⱼ for all j,  aᵢ·x < bᵢ for all i }.
///
/// With `x = lower + y`, it solves `max t` subject to `aᵢ·y + t ≤ bᵢ − aᵢ·lower`,
/// `eⱼ·y = fⱼ − eⱼ·lower` (two inequalities), `0 ≤ y ≤ upper − lower`, `0 ≤ t ≤ 1`, by the
/// two-phase simplex method over Q (dictionary form, Bland's rule, so it terminates).
/// C is nonempty iff the programme is feasible with optimum t > 0; the solution x then
/// satisfies every strict inequality with slack ≥ t. The search stops as soon as t > 0.
/// Unlike `InteriorPointLP` the box is closed (points on faces of X count) and equalities
/// are allowed, so lower-dimensional cells — kinks, faces and corners — are decided exactly.
package enum CellFeasibilityLP {
  /// A point of C, or nil when C is empty.
  package static func point(
    equalities: [(normal: [Rational], value: Rational)],
    strict: [(normal: [Rational], bound: Rational)],
    lower: [Rational], upper: [Rational]
  ) -> [Rational]? {
    let d = lower.count
    let n = d + 1  // y_0 … y_{d−1}, t
    var coef: [[Rational]] = []
    var rhs: [Rational] = []
    for (a, b) in strict {
      coef.append(a + [1])
      rhs.append(b - dot(a, lower))
    }
    for (e, f) in equalities {
      let r = f - dot(e, lower)
      coef.append(e + [0])
      rhs.append(r)
      coef.append(e.map { -$0 } + [0])
      rhs.append(-r)
    }
    for k in 0..<d {
      var row = [Rational](repeating: 0, count: n)
      row[k] = 1
      coef.append(row)
      rhs.append(upper[k] - lower[k])
    }
    var cap = [Rational](repeating: 0, count: n)
    cap[d] = 1
    coef.append(cap)
    rhs.append(1)
    var objective = [Rational](repeating: 0, count: n)
    objective[d] = 1
    var lp = DictionarySimplex(coef: coef, rhs: rhs)
    guard lp.makeFeasible() else { return nil }
    guard lp.maximize(objective, stopAbove: 0) else { return nil }
    let y = lp.solution
    return (0..<d).map { lower[$0] + y[$0] }
  }
}

/// `max c·v` subject to `A v ≤ b`, `v ≥ 0`, in dictionary form over Q with Bland's rule.
/// Rows: `basic_r = rhs_r − Σ_j coef[r][j]·nonbasic_j ≥ 0`.
struct DictionarySimplex {
  var coef: [[Rational]]
  var rhs: [Rational]
  var nonbasic: [Int]  // variable ids: 0..<n original, n+r slack of row r, n+m the artificial
  var basic: [Int]
  let n: Int
  let m: Int

  init(coef: [[Rational]], rhs: [Rational]) {
    self.coef = coef
    self.rhs = rhs
    n = coef.first?.count ?? 0
    m = coef.count
    nonbasic = Array(0..<n)
    basic = Array(n..<(n + m))
  }

  /// The original variables' values at the current basis.
  var solution: [Rational] {
    var v = [Rational](repeating: 0, count: n)
    for (r, id) in basic.enumerated() where id < n { v[id] = rhs[r] }
    return v
  }

  /// Pivots column `enter` into row `leave`, updating `objective` (with value `value`).
  mutating func pivot(_ leave: Int, _ enter: Int, _ objective: inout [Rational], _ value: inout Rational) {
    let cols = coef[leave].count
    let pinv = coef[leave][enter].reciprocal!
    var pivotRow = coef[leave]
    for k in 0..<cols { pivotRow[k] = k == enter ? pinv : pivotRow[k] * pinv }
    let pivotRhs = rhs[leave] * pinv
    coef[leave] = pivotRow
    rhs[leave] = pivotRhs
    for r in 0..<coef.count where r != leave {
      let f = coef[r][enter]
      if f.isZero { continue }
      if !pivotRhs.isZero { rhs[r] -= f * pivotRhs }
      for k in 0..<cols where !pivotRow[k].isZero {
        if k == enter { coef[r][k] = -f * pivotRow[k] } else { coef[r][k] -= f * pivotRow[k] }
      }
    }
    let fc = objective[enter]
    if !fc.isZero {
      value += fc * pivotRhs
      for k in 0..<cols {
        if k == enter { objective[k] = -fc * pivotRow[k] } else if !pivotRow[k].isZero { objective[k] -= fc * pivotRow[k] }
      }
    }
    swap(&nonbasic[enter], &basic[leave])
  }

  /// Simplex iterations on `objective` (reduced costs over the nonbasic columns) until
  /// optimal, or until `value > stop`. Returns the final value.
  mutating func run(_ objective: inout [Rational], value: inout Rational, stop: Rational?) {
    while true {
      if let stop, value > stop { return }
      var enter = -1
      for j in objective.indices where objective[j].signum > 0 && (enter < 0 || nonbasic[j] < nonbasic[enter]) { enter = j }
      if enter < 0 { return }
      var leave = -1
      var best = Rational.zero
      for r in 0..<coef.count where coef[r][enter].signum > 0 {
        let ratio = rhs[r] / coef[r][enter]
        if leave < 0 || ratio < best || (ratio == best && basic[r] < basic[leave]) {
          leave = r
          best = ratio
        }
      }
      precondition(leave >= 0, "the programme is bounded by construction")
      pivot(leave, enter, &objective, &value)
    }
  }

  /// Phase one: finds a feasible basis (every rhs ≥ 0), or returns false when there is none.
  /// Uses one artificial column x₀ (`A v − x₀ ≤ b`), minimised from the most violated row.
  mutating func makeFeasible() -> Bool {
    guard let worst = rhs.indices.min(by: { rhs[$0] < rhs[$1] }), rhs[worst].signum < 0 else { return true }
    let art = n + m
    for r in 0..<m { coef[r].append(-1) }
    nonbasic.append(art)
    var objective = [Rational](repeating: 0, count: n + 1)
    objective[n] = -1  // maximise −x₀
    var value = Rational.zero
    pivot(worst, n, &objective, &value)
    run(&objective, value: &value, stop: nil)
    guard value.isZero else { return false }
    // Drive x₀ out of the basis (it is 0 there), then drop its column.
    if let r = basic.firstIndex(of: art) {
      if let j = coef[r].indices.first(where: { !coef[r][$0].isZero && nonbasic[$0] != art }) {
        var dummy = [Rational](repeating: 0, count: n + 1)
        var v = Rational.zero
        pivot(r, j, &dummy, &v)
      } else {
        // x₀ = 0 identically on this row: the row says nothing more; drop it.
        coef.remove(at: r)
        rhs.remove(at: r)
        basic.remove(at: r)
      }
    }
    guard let col = nonbasic.firstIndex(of: art) else { return true }  // x₀ left with its row
    for r in coef.indices { coef[r].remove(at: col) }
    nonbasic.remove(at: col)
    return true
  }

  /// Phase two from a feasible basis: maximises `c·v` (c over the original variables) and
  /// returns whether the value exceeds `stopAbove` (stopping as soon as it does).
  mutating func maximize(_ c: [Rational], stopAbove: Rational) -> Bool {
    // Express the objective in the nonbasic variables.
    var objective = [Rational](repeating: 0, count: nonbasic.count)
    var value = Rational.zero
    for (j, id) in nonbasic.enumerated() where id < n { objective[j] += c[id] }
    for (r, id) in basic.enumerated() where id < n && !c[id].isZero {
      value += c[id] * rhs[r]
      for j in objective.indices where !coef[r][j].isZero { objective[j] -= c[id] * coef[r][j] }
    }
    run(&objective, value: &value, stop: stopAbove)
    return value > stopAbove
  }
}
