import Rational

/// Whether a symmetric matrix is positive (semi)definite.
///
/// `indefinite` means "not positive semidefinite": the matrix has a negative eigenvalue.
/// A nonzero negative semidefinite matrix is therefore reported as `indefinite` too.
public enum Definiteness: Equatable, Sendable {
  /// `xᵀAx > 0` for all `x ≠ 0` (all eigenvalues positive).
  case positiveDefinite
  /// `xᵀAx ≥ 0` for all `x`, with equality for some `x ≠ 0` (singular, eigenvalues ≥ 0).
  case positiveSemidefinite
  /// `xᵀAx < 0` for some `x`.
  case indefinite
}

/// An exact `LDLᵀ` factorization with symmetric (diagonal) pivoting of a symmetric
/// rational matrix `A`, stopped at the first step that proves `A` is not positive semidefinite.
///
/// With `P` the permutation (`permutedA[i, j] = A[permutation[i], permutation[j]]`) and
/// `k = pivotCount`:
///
///     permutedA = lower · blockDiagonal(diag(diagonal), schurComplement) · lowerᵀ
///
/// where `lower` is unit lower triangular with nontrivial entries only in its first `k`
/// columns, `diagonal` holds the `k` pivots (all positive), and `schurComplement` is the
/// `(n−k)×(n−k)` Schur complement that remains. Hence (Sylvester's law of inertia):
/// - `positiveDefinite`: `k = n`;
/// - `positiveSemidefinite`: `k < n` and `schurComplement` is zero (`rank A = k`);
/// - `indefinite`: the Schur complement has a negative diagonal entry or a zero diagonal
///   with a nonzero off-diagonal entry, and `negativeDirection` is a certificate `x` with
///   `xᵀAx < 0`.
///
/// Pivot rule: at each step a negative remaining diagonal entry stops the factorization;
/// otherwise the largest positive remaining diagonal entry is the pivot (so `|Lᵢⱼ| ≤ 1`
/// when `A ⪰ 0`). Every intermediate value is a ratio of minors of `A`, so sizes stay
/// polynomial in the input. Complexity: at most `n³/6` rational multiply-subtracts and `n²/2`
/// divisions, on one working copy of `A`.
public struct SymmetricDecomposition: Sendable {
  /// The dimension `n` of `A`.
  public let dimension: Int
  /// `permutation[i]` is the index in `A` of the `i`-th pivot position.
  public let permutation: [Int]
  /// The number `k` of pivots factored (all positive).
  public let pivotCount: Int
  /// Positive definite, semidefinite, or not positive semidefinite.
  public let definiteness: Definiteness
  /// When `A` is not positive semidefinite, a vector `x` (in `A`'s own indexing) with
  /// `xᵀAx < 0`; nil otherwise.
  public let negativeDirection: [Rational]?

  /// Working storage: entry `(a, b)` of original indices lives at `max(a,b)·n + min(a,b)`;
  /// it holds `L` for factored pairs and the Schur complement for the rest.
  let storage: [Rational]

  /// Whether `A ⪰ 0`.
  public var isPositiveSemidefinite: Bool { definiteness != .indefinite }

  @inline(__always) func slot(_ i: Int, _ j: Int) -> Int {
    let a = permutation[i], b = permutation[j]
    return a >= b ? a * dimension + b : b * dimension + a
  }

  /// The unit lower-triangular `n × n` factor `L` (identity beyond column `pivotCount`).
  public var lower: Matrix {
    var m = Matrix.identity(dimension)
    for j in 0..<pivotCount { for i in (j + 1)..<max(j + 1, dimension) { m[i, j] = storage[slot(i, j)] } }
    return m
  }

  /// The `pivotCount` positive pivots `D`.
  public var diagonal: [Rational] { (0..<pivotCount).map { storage[slot($0, $0)] } }

  /// The Schur complement that remains after `pivotCount` pivots, in pivot-position order
  /// (zero when `positiveSemidefinite`, empty when `positiveDefinite`).
  public var schurComplement: Matrix {
    let r = dimension - pivotCount
    var m = Matrix(rows: r, columns: r)
    for i in 0..<r { for j in 0..<r { m[i, j] = storage[slot(pivotCount + i, pivotCount + j)] } }
    return m
  }
}

extension Matrix {
  /// The exact `LDLᵀ` factorization with symmetric pivoting; see `SymmetricDecomposition`.
  /// Precondition: `isSymmetric`.
  public func ldlt() -> SymmetricDecomposition {
    precondition(isSymmetric, "Matrix.ldlt: matrix is not symmetric")
    let n = rows
    var s = elements
    var perm = Array(0..<n)
    let (k, stop) = symmetricFactor(&s, n, &perm)
    var x: [Rational]? = nil
    var def = Definiteness.positiveDefinite
    switch stop {
    case .complete: def = .positiveDefinite
    case .zeroBlock: def = .positiveSemidefinite
    case .negativePivot, .coupled:
      def = .indefinite
      x = negativeDirection(s, n, perm, k, stop)
    }
    return SymmetricDecomposition(dimension: n, permutation: perm, pivotCount: k, definiteness: def,
                                  negativeDirection: x, storage: s)
  }

  /// Whether this symmetric matrix is positive semidefinite (`xᵀAx ≥ 0` for all `x`), decided
  /// exactly. Precondition: `isSymmetric`. Complexity: as `ldlt()`, stopping at the first
  /// negative pivot.
  public func isPositiveSemidefinite() -> Bool { definiteness() != .indefinite }

  /// The definiteness of this symmetric matrix, decided exactly. Precondition: `isSymmetric`.
  public func definiteness() -> Definiteness {
    precondition(isSymmetric, "Matrix.definiteness: matrix is not symmetric")
    var s = elements
    var perm = Array(0..<rows)
    switch symmetricFactor(&s, rows, &perm).stop {
    case .complete: return .positiveDefinite
    case .zeroBlock: return .positiveSemidefinite
    case .negativePivot, .coupled: return .indefinite
    }
  }
}

/// Why `symmetricFactor` stopped.
enum SymmetricFactorStop: Equatable {
  /// All `n` pivots positive.
  case complete
  /// The remaining Schur complement is zero.
  case zeroBlock
  /// The diagonal entry at pivot position `k` (the step count) is negative.
  case negativePivot
  /// All remaining diagonal entries are zero but entry (`i`, `j`) (positions) is not.
  case coupled(Int, Int)
}

/// In-place symmetric `LDLᵀ` on `s` (an `n×n` row-major symmetric matrix; only the lower
/// triangle in original indices is read or written). `perm` starts as the identity and ends
/// as the pivot order. Returns the number of pivots taken and why it stopped.
///
/// Schur step with pivot `d = S_pp > 0`: `S_ab ← S_ab − (S_ap/d)·S_bp` for the remaining
/// `a, b`, and `S_ap ← L_ap = S_ap/d`. Rows are processed from the last to the first so that
/// `S_bp` (b ≤ a) is still unscaled when used, with no temporary storage.
func symmetricFactor(_ s: inout [Rational], _ n: Int, _ perm: inout [Int]) -> (steps: Int, stop: SymmetricFactorStop) {
  s.withUnsafeMutableBufferPointer { S in
    perm.withUnsafeMutableBufferPointer { P in
      @inline(__always) func at(_ a: Int, _ b: Int) -> Int { a >= b ? a * n + b : b * n + a }
      for k in 0..<n {
        var best = -1
        var bestValue = Rational.zero
        for p in k..<n {
          let d = S[P[p] * n + P[p]]
          let sg = d.signum
          if sg < 0 {
            P.swapAt(k, p)
            return (k, .negativePivot)
          }
          if sg > 0 && (best < 0 || d > bestValue) { best = p; bestValue = d }
        }
        if best < 0 {
          for p in k..<n {
            for q in k..<p where !S[at(P[p], P[q])].isZero { return (k, .coupled(q, p)) }
          }
          return (k, .zeroBlock)
        }
        P.swapAt(k, best)
        let pk = P[k]
        var a = n - 1
        while a > k {
          let ia = P[a]
          let sa = S[at(ia, pk)]
          if !sa.isZero {
            let l = sa / bestValue
            for b in (k + 1)...a {
              let ib = P[b]
              let sb = S[at(ib, pk)]
              if !sb.isZero { S[at(ia, ib)] -= l * sb }
            }
            S[at(ia, pk)] = l
          }
          a -= 1
        }
      }
      return (n, .complete)
    }
  }
}

/// The certificate `x` with `xᵀAx < 0` after `symmetricFactor` stopped at step `k`.
///
/// With `y` (positions ≥ k) such that `yᵀSy < 0` for the Schur complement `S` — `e_k` for a
/// negative pivot, `e_i − sign(S_ij)·e_j` for a zero diagonal coupled by `S_ij ≠ 0`, giving
/// `yᵀSy = −2|S_ij|` — set `x_rest = y` and solve `L₁₁ᵀ x₁ = −L₂₁ᵀ y` by back substitution
/// (`x_j = −Σ_{i>j} L_ij x_i`), so that `Lᵀx = (0, y)` and `xᵀAx = yᵀSy < 0`.
func negativeDirection(_ s: [Rational], _ n: Int, _ perm: [Int], _ k: Int, _ stop: SymmetricFactorStop) -> [Rational] {
  @inline(__always) func at(_ i: Int, _ j: Int) -> Int {
    let a = perm[i], b = perm[j]
    return a >= b ? a * n + b : b * n + a
  }
  var x = [Rational](repeating: .zero, count: n)
  switch stop {
  case .negativePivot: x[k] = .one
  case .coupled(let i, let j):
    x[i] = .one
    x[j] = s[at(i, j)].signum > 0 ? -1 : 1
  default: preconditionFailure("negativeDirection: matrix is positive semidefinite")
  }
  var j = k - 1
  while j >= 0 {
    var t = Rational.zero
    for i in (j + 1)..<n where !x[i].isZero { t += s[at(i, j)] * x[i] }
    x[j] = -t
    j -= 1
  }
  var result = [Rational](repeating: .zero, count: n)
  for i in 0..<n { result[perm[i]] = x[i] }
  return result
}
