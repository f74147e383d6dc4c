import Rational

/// Exact matrix arithmetic.
///
/// Complexity: `A·B` for `m×k` times `k×n` costs `m·k·n` rational multiply-adds;
/// `gram()` and `outerGram()` compute only one triangle of the symmetric result.
extension Matrix {
  /// `A + B`. Precondition: same shape.
  public static func + (a: Matrix, b: Matrix) -> Matrix {
    precondition(a.rows == b.rows && a.columns == b.columns, "Matrix +: shapes differ")
    return Matrix(rows: a.rows, columns: a.columns, elements: zip(a.elements, b.elements).map { $0 + $1 })
  }

  /// `A − B`. Precondition: same shape.
  public static func - (a: Matrix, b: Matrix) -> Matrix {
    precondition(a.rows == b.rows && a.columns == b.columns, "Matrix -: shapes differ")
    return Matrix(rows: a.rows, columns: a.columns, elements: zip(a.elements, b.elements).map { $0 - $1 })
  }

  /// `−A`.
  public static prefix func - (a: Matrix) -> Matrix {
    Matrix(rows: a.rows, columns: a.columns, elements: a.elements.map { -$0 })
  }

  /// `c·A`.
  public static func * (c: Rational, a: Matrix) -> Matrix {
    Matrix(rows: a.rows, columns: a.columns, elements: a.elements.map { c * $0 })
  }

  /// The product `A·B`, `(AB)ᵢⱼ = Σₖ AᵢₖBₖⱼ`. Precondition: `a.columns == b.rows`.
  public static func * (a: Matrix, b: Matrix) -> Matrix {
    precondition(a.columns == b.rows, "Matrix *: \(a.rows)×\(a.columns) times \(b.rows)×\(b.columns)")
    var e = [Rational](repeating: .zero, count: a.rows * b.columns)
    for i in 0..<a.rows {
      for k in 0..<a.columns {
        let x = a.elements[i * a.columns + k]
        if x.isZero { continue }
        for j in 0..<b.columns { e[i * b.columns + j] += x * b.elements[k * b.columns + j] }
      }
    }
    return Matrix(rows: a.rows, columns: b.columns, elements: e)
  }

  /// The matrix-vector product `A·v`. Precondition: `v.count == a.columns`.
  public static func * (a: Matrix, v: [Rational]) -> [Rational] {
    precondition(a.columns == v.count, "Matrix *: \(a.rows)×\(a.columns) times vector of \(v.count)")
    var r = [Rational](repeating: .zero, count: a.rows)
    for i in 0..<a.rows {
      var s = Rational.zero
      for j in 0..<a.columns { s += a.elements[i * a.columns + j] * v[j] }
      r[i] = s
    }
    return r
  }

  /// The quadratic form `xᵀAx`. Precondition: square, `x.count == rows`.
  public func quadraticForm(_ x: [Rational]) -> Rational {
    precondition(isSquare && x.count == rows, "Matrix.quadraticForm: shape")
    return dot(x, self * x)
  }

  /// The Gram matrix `AᵀA` (`columns × columns`, symmetric positive semidefinite):
  /// `(AᵀA)ᵢⱼ = Σₖ AₖᵢAₖⱼ`.
  public func gram() -> Matrix {
    let n = columns
    var e = [Rational](repeating: .zero, count: n * n)
    for i in 0..<n {
      for j in i..<n {
        var s = Rational.zero
        for k in 0..<rows { s += elements[k * n + i] * elements[k * n + j] }
        e[i * n + j] = s
        e[j * n + i] = s
      }
    }
    return Matrix(rows: n, columns: n, elements: e)
  }

  /// The outer Gram matrix `AAᵀ` (`rows × rows`, symmetric positive semidefinite):
  /// `(AAᵀ)ᵢⱼ = Σₖ AᵢₖAⱼₖ`. It has the same nonzero eigenvalues as `AᵀA`.
  public func outerGram() -> Matrix {
    let n = rows, c = columns
    var e = [Rational](repeating: .zero, count: n * n)
    for i in 0..<n {
      for j in i..<n {
        var s = Rational.zero
        for k in 0..<c { s += elements[i * c + k] * elements[j * c + k] }
        e[i * n + j] = s
        e[j * n + i] = s
      }
    }
    return Matrix(rows: n, columns: n, elements: e)
  }

  /// The squared Frobenius norm `‖A‖_F² = Σᵢⱼ Aᵢⱼ²` (= trace of `AᵀA`).
  public var squaredFrobeniusNorm: Rational { elements.squaredNorm2 }
}
