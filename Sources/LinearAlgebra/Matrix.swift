import Rational

/// A dense matrix of exact rationals, stored row-major.
///
/// Value semantics: copies share `elements` until one is mutated (copy-on-write of `Array`).
///
/// Properties:
/// - every operation is exact: no rounding, no overflow;
/// - `rows` and `columns` may be 0 (the empty matrix);
/// - equality and hashing are entry-wise and include the shape.
public struct Matrix: Hashable, Sendable, CustomStringConvertible {
  /// Number of rows.
  public let rows: Int
  /// Number of columns.
  public let columns: Int
  /// The entries in row-major order: entry `(i, j)` is `elements[i * columns + j]`.
  public private(set) var elements: [Rational]

  /// The `rows × columns` matrix with every entry equal to `value`.
  public init(rows: Int, columns: Int, repeating value: Rational = .zero) {
    precondition(rows >= 0 && columns >= 0, "Matrix: negative dimension")
    self.rows = rows
    self.columns = columns
    self.elements = Array(repeating: value, count: rows * columns)
  }

  /// The matrix with the given row-major `elements`.
  /// Precondition: `elements.count == rows * columns`.
  public init(rows: Int, columns: Int, elements: [Rational]) {
    precondition(rows >= 0 && columns >= 0, "Matrix: negative dimension")
    precondition(elements.count == rows * columns, "Matrix: \(elements.count) elements for \(rows)×\(columns)")
    self.rows = rows
    self.columns = columns
    self.elements = elements
  }

  /// The matrix whose `i`-th row is `rows[i]`. Precondition: all rows have the same length.
  /// An empty array gives the 0×0 matrix.
  public init(_ rows: [[Rational]]) {
    let c = rows.first?.count ?? 0
    precondition(rows.allSatisfy { $0.count == c }, "Matrix: rows of different lengths")
    self.init(rows: rows.count, columns: c, elements: rows.flatMap { $0 })
  }

  /// The `n × n` identity matrix.
  public static func identity(_ n: Int) -> Matrix {
    var m = Matrix(rows: n, columns: n)
    for i in 0..<n { m.elements[i * n + i] = .one }
    return m
  }

  /// The square matrix with `diagonal` on its diagonal and zeros elsewhere.
  public static func diagonal(_ diagonal: [Rational]) -> Matrix {
    let n = diagonal.count
    var m = Matrix(rows: n, columns: n)
    for i in 0..<n { m.elements[i * n + i] = diagonal[i] }
    return m
  }

  /// Entry `(i, j)`, zero-based. Precondition: `0 ≤ i < rows`, `0 ≤ j < columns`.
  public subscript(i: Int, j: Int) -> Rational {
    get {
      precondition(i >= 0 && i < rows && j >= 0 && j < columns, "Matrix: index out of range")
      return elements[i * columns + j]
    }
    set {
      precondition(i >= 0 && i < rows && j >= 0 && j < columns, "Matrix: index out of range")
      elements[i * columns + j] = newValue
    }
  }

  /// Row `i` as a vector.
  public func row(_ i: Int) -> [Rational] {
    precondition(i >= 0 && i < rows, "Matrix: row out of range")
    return Array(elements[(i * columns)..<((i + 1) * columns)])
  }

  /// Column `j` as a vector.
  public func column(_ j: Int) -> [Rational] {
    precondition(j >= 0 && j < columns, "Matrix: column out of range")
    return (0..<rows).map { elements[$0 * columns + j] }
  }

  /// The block of entries `(i, j)` with `i ∈ rows`, `j ∈ columns`.
  public func submatrix(rows r: Range<Int>, columns c: Range<Int>) -> Matrix {
    precondition(r.lowerBound >= 0 && r.upperBound <= rows && c.lowerBound >= 0 && c.upperBound <= columns,
                 "Matrix: submatrix out of range")
    var e: [Rational] = []
    e.reserveCapacity(r.count * c.count)
    for i in r { e.append(contentsOf: elements[(i * columns + c.lowerBound)..<(i * columns + c.upperBound)]) }
    return Matrix(rows: r.count, columns: c.count, elements: e)
  }

  /// `Aᵀ`, with `(Aᵀ)ᵢⱼ = Aⱼᵢ`.
  public var transposed: Matrix {
    var e: [Rational] = []
    e.reserveCapacity(elements.count)
    for j in 0..<columns { for i in 0..<rows { e.append(elements[i * columns + j]) } }
    return Matrix(rows: columns, columns: rows, elements: e)
  }

  /// Whether `rows == columns`.
  public var isSquare: Bool { rows == columns }

  /// Whether the matrix is square and `Aᵢⱼ = Aⱼᵢ` for all `i, j`.
  public var isSymmetric: Bool {
    guard isSquare else { return false }
    for i in 0..<rows { for j in 0..<i where elements[i * columns + j] != elements[j * columns + i] { return false } }
    return true
  }

  /// Whether every entry is zero.
  public var isZero: Bool { elements.allSatisfy { $0.isZero } }

  /// Whether every off-diagonal entry is zero (any shape).
  public var isDiagonal: Bool {
    for i in 0..<rows { for j in 0..<columns where i != j && !elements[i * columns + j].isZero { return false } }
    return true
  }

  /// The diagonal entries `Aᵢᵢ`, `i < min(rows, columns)`.
  public var diagonal: [Rational] { (0..<min(rows, columns)).map { elements[$0 * columns + $0] } }

  /// The trace `Σᵢ Aᵢᵢ`. Precondition: square.
  public var trace: Rational {
    precondition(isSquare, "Matrix.trace: not square")
    var t = Rational.zero
    for i in 0..<rows { t += elements[i * columns + i] }
    return t
  }

  /// Rows in brackets, e.g. `[[1, 1/2], [0, -3]]`.
  public var description: String {
    "[" + (0..<rows).map { i in "[" + row(i).map(\.description).joined(separator: ", ") + "]" }
      .joined(separator: ", ") + "]"
  }
}
