internal import CGMP

/// The out-of-line (heap, GMP) path of `Rational`'s inlinable operators.
///
/// The operators in `Rational+Arithmetic.swift` are `@inlinable`: they handle two inline
/// values (`Storage.small`, see `Rational`) in the caller's code and, when an operand is
/// on the heap or a machine word would overflow, make exactly ONE call to a function
/// below. These functions are `@usableFromInline` (callable from inlined code) but not
/// `@inlinable`: their bodies, and every GMP type and function they use, stay inside this
/// module, so `CGMP` is an implementation-only (`internal`) import of `Rational`.
/// `@inline(never)` keeps the rare path out of the inline operators here too, so their
/// code stays small where they are inlined into loops.
///
/// Every result is canonical: GMP's `mpq_*` functions keep canonical operands canonical,
/// and `adopting` demotes a result that fits the inline form, so a heap value never
/// holds a value the inline form can hold.
extension Rational {
  /// The four field operations, for the in-place heap path.
  @usableFromInline enum HeapOperation: Sendable {
    case add, subtract, multiply, divide
  }

  /// `x + y` when the inline path does not apply.
  @usableFromInline @inline(never)
  static func heapSum(_ x: Rational, _ y: Rational) -> Rational {
    gmp(x, y) { __gmpq_add($0, $1, $2) }
  }

  /// `x − y` when the inline path does not apply.
  @usableFromInline @inline(never)
  static func heapDifference(_ x: Rational, _ y: Rational) -> Rational {
    gmp(x, y) { __gmpq_sub($0, $1, $2) }
  }

  /// `x · y` when the inline path does not apply.
  @usableFromInline @inline(never)
  static func heapProduct(_ x: Rational, _ y: Rational) -> Rational {
    gmp(x, y) { __gmpq_mul($0, $1, $2) }
  }

  /// `x / y` when the inline path does not apply. Precondition (checked by the caller,
  /// in Swift, before GMP is reached): `y ≠ 0`.
  @usableFromInline @inline(never)
  static func heapQuotient(_ x: Rational, _ y: Rational) -> Rational {
    gmp(x, y) { __gmpq_div($0, $1, $2) }
  }

  /// `x = x ∘ y` for a heap `x`: in place when the storage is uniquely referenced (no
  /// allocation), else into a fresh value. Precondition for `.divide`: `y ≠ 0`.
  @usableFromInline @inline(never)
  mutating func formOnHeap(_ operation: HeapOperation, _ y: Rational) {
    let op: (UnsafeMutablePointer<__mpq_struct>, UnsafePointer<__mpq_struct>, UnsafePointer<__mpq_struct>) -> Void
    switch operation {
    case .add: op = { __gmpq_add($0, $1, $2) }
    case .subtract: op = { __gmpq_sub($0, $1, $2) }
    case .multiply: op = { __gmpq_mul($0, $1, $2) }
    case .divide: op = { __gmpq_div($0, $1, $2) }
    }
    guard case .big(var box) = storage else {
      self = Rational.gmp(self, y, op)
      return
    }
    storage = .small(0, 1)  // drop our reference so `box` may be unique
    if isKnownUniquelyReferenced(&box) {
      y.withMPQ { op(box.p, box.p, $0) }
      self = .adopting(box)
    } else {
      storage = .big(box)
      self = Rational.gmp(self, y, op)
    }
  }

  /// `-x` for a heap `x`.
  @usableFromInline @inline(never)
  static func heapNegation(_ x: Rational) -> Rational {
    let r = MPQ()
    x.withMPQ { __gmpq_neg(r.p, $0) }
    return adopting(r)
  }

  /// `x == y` for two heap values.
  @usableFromInline @inline(never)
  static func heapEqual(_ x: Rational, _ y: Rational) -> Bool {
    x.withMPQ { p in y.withMPQ { q in __gmpq_equal(p, q) != 0 } }
  }

  /// `x < y` when at least one of them is a heap value.
  @usableFromInline @inline(never)
  static func heapLess(_ x: Rational, _ y: Rational) -> Bool {
    x.withMPQ { p in y.withMPQ { q in __gmpq_cmp(p, q) < 0 } }
  }

  /// The sign of a heap value: −1 or 1 (a heap value is never 0).
  @usableFromInline @inline(never)
  func heapSignum() -> Int {
    withMPQ { Int(aajr_mpq_sgn($0)) }
  }

  /// Whether a heap value's denominator is 1.
  @usableFromInline @inline(never)
  func heapIsInteger() -> Bool {
    withMPQ { __gmpz_cmp_ui(aajr_mpq_denref_c($0), 1) == 0 }
  }
}
