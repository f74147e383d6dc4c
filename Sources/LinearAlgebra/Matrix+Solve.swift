import Rational

/// Exact solution of square linear systems.
extension Matrix {
  /// The unique `x` with `A·x = b`, or nil when `A` is singular.
  /// Preconditions: square, `b.count == rows`.
  ///
  /// Method: rows of `[A | b]` are scaled to integers, reduced to upper-triangular form by
  /// fraction-free elimination, and `x` is found by back substitution in exact rationals.
  /// Complexity: O(n³) operations on integers the size of minors of `[A | b]`.
  public func solve(_ b: [Rational]) -> [Rational]? {
    precondition(isSquare, "Matrix.solve: not square")
    precondition(b.count == rows, "Matrix.solve: right-hand side has \(b.count) entries for \(rows) rows")
    let n = rows, w = n + 1
    var m = [Rational]()
    m.reserveCapacity(n * w)
    for i in 0..<n {
      m.append(contentsOf: elements[(i * n)..<((i + 1) * n)])
      m.append(b[i])
    }
    _ = clearRowDenominators(&m, rows: n, columns: w)
    guard fractionFreeEchelon(&m, rows: n, columns: w, pivotColumns: n).rank == n else { return nil }
    var x = [Rational](repeating: .zero, count: n)
    var i = n - 1
    while i >= 0 {
      var t = m[i * w + n]
      for j in (i + 1)..<n where !x[j].isZero { t -= m[i * w + j] * x[j] }
      x[i] = t / m[i * w + i]
      i -= 1
    }
    return x
  }
}
