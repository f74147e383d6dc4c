import Rational

/// Determinant and rank by fraction-free (Bareiss) elimination.
///
/// Each row is first scaled by the lcm of its denominators, so elimination runs on integers.
/// Bareiss's step `m_ij ← (m_ij·m_rc − m_ic·m_rj) / p` (with `p` the previous pivot) divides
/// exactly, and every intermediate entry is a minor of the scaled matrix, so entries grow
/// only linearly in bit size. Complexity: O(n³) integer operations on minors.
extension Matrix {
  /// `det A`. Precondition: square. The 0×0 determinant is 1.
  public func determinant() -> Rational {
    precondition(isSquare, "Matrix.determinant: not square")
    let n = rows
    if n == 0 { return .one }
    if n == 1 { return elements[0] }
    if n == 2 { return elements[0] * elements[3] - elements[1] * elements[2] }
    var m = elements
    let scale = clearRowDenominators(&m, rows: n, columns: n)
    let e = fractionFreeEchelon(&m, rows: n, columns: n, pivotColumns: n)
    guard e.rank == n else { return .zero }
    let d = m[n * n - 1] / scale
    return e.swapsAreOdd ? -d : d
  }

  /// The rank: the dimension of the column space (equally, of the row space).
  public var rank: Int {
    var m = elements
    _ = clearRowDenominators(&m, rows: rows, columns: columns)
    return fractionFreeEchelon(&m, rows: rows, columns: columns, pivotColumns: columns).rank
  }
}

/// Multiplies each row of the row-major `m` by the lcm of its entries' denominators, making it
/// integral. Returns the product of the factors.
func clearRowDenominators(_ m: inout [Rational], rows: Int, columns: Int) -> Rational {
  var product = Rational.one
  for i in 0..<rows {
    var l = BigInt(1)
    for j in 0..<columns {
      let d = m[i * columns + j].denominator
      if d == 1 { continue }
      let g = BigInt.gcd(l, d)
      l = l.quotientAndRemainder(dividingBy: g).quotient * d
    }
    if l == 1 { continue }
    let f = Rational(l)
    for j in 0..<columns { m[i * columns + j] *= f }
    product *= f
  }
  return product
}

/// Fraction-free row echelon form of the row-major `rows × columns` matrix `m`, in place,
/// choosing pivots only among the first `pivotColumns` columns. Rows are swapped to bring a
/// nonzero pivot up. Each update is a nonzero multiple of a row plus a multiple of the pivot
/// row, so the rank is preserved; on integer input the divisions are exact and, when the
/// first `r` columns all hold pivots, the `r`-th pivot is the leading `r×r` minor (of the
/// row-permuted matrix).
func fractionFreeEchelon(_ m: inout [Rational], rows: Int, columns: Int, pivotColumns: Int)
  -> (rank: Int, pivots: [Int], swapsAreOdd: Bool)
{
  var r = 0
  var previous = Rational.one
  var odd = false
  var pivots: [Int] = []
  for c in 0..<pivotColumns where r < rows {
    guard let p = (r..<rows).first(where: { !m[$0 * columns + c].isZero }) else { continue }
    if p != r {
      for j in 0..<columns { m.swapAt(p * columns + j, r * columns + j) }
      odd.toggle()
    }
    let pivot = m[r * columns + c]
    for i in (r + 1)..<max(r + 1, rows) {
      let f = m[i * columns + c]
      for j in (c + 1)..<max(c + 1, columns) {
        var v = m[i * columns + j] * pivot
        if !f.isZero { v -= f * m[r * columns + j] }
        if previous != 1 { v /= previous }
        m[i * columns + j] = v
      }
      m[i * columns + c] = .zero
    }
    previous = pivot
    pivots.append(c)
    r += 1
  }
  return (r, pivots, odd)
}
