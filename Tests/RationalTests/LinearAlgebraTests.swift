import LinearAlgebra
import Rational
import TestSupport
import Testing

// MARK: - Independent exact references

/// det by cofactor (Laplace) expansion along the first row: exponential, independent of Bareiss.
private func laplaceDeterminant(_ m: [[Rational]]) -> Rational {
  let n = m.count
  if n == 0 { return 1 }
  if n == 1 { return m[0][0] }
  var s = Rational.zero
  for j in 0..<n where !m[0][j].isZero {
    let minor = m.dropFirst().map { row in row.enumerated().filter { $0.offset != j }.map(\.element) }
    let t = m[0][j] * laplaceDeterminant(minor)
    s += j % 2 == 0 ? t : -t
  }
  return s
}

private func rowsOf(_ a: Matrix) -> [[Rational]] { (0..<a.rows).map { a.row($0) } }

private func principalMinor(_ a: Matrix, _ subset: [Int]) -> Rational {
  laplaceDeterminant(subset.map { i in subset.map { j in a[i, j] } })
}

/// PSD ⇔ every principal minor is ≥ 0 (exact, independent of LDLᵀ; for n ≤ 6).
private func isPSDByMinors(_ a: Matrix) -> Bool {
  let n = a.rows
  for mask in 1..<(1 << n) {
    let subset = (0..<n).filter { mask & (1 << $0) != 0 }
    if principalMinor(a, subset).signum < 0 { return false }
  }
  return true
}

/// PD ⇔ every leading principal minor is > 0 (Sylvester's criterion).
private func isPDByMinors(_ a: Matrix) -> Bool {
  (1...max(1, a.rows)).allSatisfy { k in a.rows == 0 || principalMinor(a, Array(0..<k)).signum > 0 }
}

private func definitenessByMinors(_ a: Matrix) -> Definiteness {
  if isPDByMinors(a) { return .positiveDefinite }
  return isPSDByMinors(a) ? .positiveSemidefinite : .indefinite
}

// MARK: - Generators

private let two62 = Rational(1 << 62)
private let two63 = Rational(BigInt(1).shiftedLeft(by: 63))
private let boundaryValues: [Rational] = [
  0, 1, -1, two62, -two62, two63, -two63, Rational(BigInt(1).shiftedLeft(by: 64) + 1),
]

private func randomMatrix(
  _ r: Int, _ c: Int, _ rng: inout SeededGenerator, numerator: Int = 9, denominator: Int = 4
) -> Matrix {
  Matrix(rows: r, columns: c,
         elements: (0..<(r * c)).map { _ in Rational.random(numerator: numerator, denominator: denominator, using: &rng) })
}

/// Random entries, about a third of them drawn from `boundaryValues`.
private func boundaryMatrix(_ r: Int, _ c: Int, _ rng: inout SeededGenerator) -> Matrix {
  Matrix(rows: r, columns: c, elements: (0..<(r * c)).map { _ in
    Int.random(in: 0..<3, using: &rng) == 0
      ? boundaryValues.randomElement(using: &rng)!
      : Rational.random(numerator: 20, denominator: 7, using: &rng)
  })
}

private func symmetrized(_ a: Matrix) -> Matrix {
  var s = a
  for i in 0..<a.rows { for j in 0..<i { s[j, i] = a[i, j] } }
  return s
}

/// A mix of PSD, singular, negative definite and indefinite symmetric matrices.
private func randomSymmetric(_ n: Int, _ rng: inout SeededGenerator) -> Matrix {
  switch Int.random(in: 0..<5, using: &rng) {
  case 0: return randomMatrix(Int.random(in: 1...(n + 1), using: &rng), n, &rng).gram()
  case 1: return -randomMatrix(Int.random(in: 1...(n + 1), using: &rng), n, &rng).gram()
  case 2:
    let g = randomMatrix(n - 1, n, &rng, numerator: 3, denominator: 2).gram()
    return g + Rational.random(numerator: 2, denominator: 3, using: &rng) * Matrix.identity(n)
  case 3:
    return symmetrized(randomMatrix(n, n, &rng, numerator: 2, denominator: 1))
  default:
    return symmetrized(randomMatrix(n, n, &rng))
  }
}

private let eps9 = Rational(1, 1_000_000_000)
private let eps3 = Rational(1, 1000)

/// `P A Pᵀ` for the decomposition's permutation.
private func permuted(_ a: Matrix, _ d: SymmetricDecomposition) -> Matrix {
  let p = d.permutation
  var m = a
  for i in 0..<a.rows { for j in 0..<a.rows { m[i, j] = a[p[i], p[j]] } }
  return m
}

/// `L · blockdiag(D, S) · Lᵀ`.
private func reconstructed(_ d: SymmetricDecomposition) -> Matrix {
  let n = d.dimension, k = d.pivotCount
  var middle = Matrix(rows: n, columns: n)
  for i in 0..<k { middle[i, i] = d.diagonal[i] }
  let s = d.schurComplement
  for i in 0..<(n - k) { for j in 0..<(n - k) { middle[k + i, k + j] = s[i, j] } }
  return d.lower * middle * d.lower.transposed
}

/// Checks everything an `ldlt()` promises about `a`.
private func checkDecomposition(_ a: Matrix, seed: UInt64) {
  let d = a.ldlt()
  #expect(reconstructed(d) == permuted(a, d), "seed \(seed): PAPᵀ ≠ L·D·Lᵀ for \(a)")
  #expect(d.diagonal.allSatisfy { $0.signum > 0 }, "seed \(seed): non-positive pivot")
  #expect(d.definiteness == a.definiteness(), "seed \(seed)")
  #expect(d.isPositiveSemidefinite == a.isPositiveSemidefinite(), "seed \(seed)")
  switch d.definiteness {
  case .positiveDefinite:
    #expect(d.pivotCount == a.rows && d.negativeDirection == nil, "seed \(seed)")
  case .positiveSemidefinite:
    #expect(d.pivotCount < a.rows && d.schurComplement.isZero && d.negativeDirection == nil, "seed \(seed)")
    #expect(a.rank == d.pivotCount, "seed \(seed): rank")
  case .indefinite:
    guard let x = d.negativeDirection else {
      Issue.record("seed \(seed): no certificate for \(a)")
      return
    }
    #expect(a.quadraticForm(x).signum < 0, "seed \(seed): xᵀAx ≥ 0 for \(a), x = \(x)")
  }
}

// MARK: - Tests

@Suite("LinearAlgebra") struct LinearAlgebraTests {
  @Test func matrixBasics() {
    let a = Matrix([[1, 2, 3], [4, 5, 6]])
    #expect(a.rows == 2 && a.columns == 3 && a[1, 2] == 6)
    #expect(a.row(1) == [4, 5, 6] && a.column(2) == [3, 6])
    #expect(a.transposed == Matrix([[1, 4], [2, 5], [3, 6]]))
    #expect(a.submatrix(rows: 0..<2, columns: 1..<3) == Matrix([[2, 3], [5, 6]]))
    #expect(a.description == "[[1, 2, 3], [4, 5, 6]]")
    #expect(a * [1, 0, -1] == [-2, -2])
    #expect(Matrix.identity(2) * a == a && a * Matrix.identity(3) == a)
    #expect(a - a == Matrix(rows: 2, columns: 3) && a + a == Rational(2) * a)
    #expect(!a.isSquare && !a.isSymmetric && Matrix.identity(3).isSymmetric)
    #expect(Matrix([]).rows == 0 && Matrix([]).determinant() == 1)
    var b = a
    b[0, 0] = Rational(1, 2)
    #expect(b[0, 0] == Rational(1, 2) && a[0, 0] == 1)
    #expect(dot([1, 2], [3, 4]) == 11)
    let v: [Rational] = [3, -4, Rational(1, 2)]
    #expect(v.squaredNorm2 == Rational(101, 4) && squaredNorm2(v) == v.squaredNorm2)
    #expect(norm1(v) == Rational(15, 2) && normInfinity(v) == 4 && normInfinity([]) == 0)
  }

  @Test func productLaws() {
    forEachSeededCase(count: 40, seed: 0x1A_0001) { rng, seed in
      let (m, k, l, n) = (Int.random(in: 1...4, using: &rng), Int.random(in: 1...4, using: &rng),
                          Int.random(in: 1...4, using: &rng), Int.random(in: 1...4, using: &rng))
      let a = randomMatrix(m, k, &rng), b = randomMatrix(k, l, &rng), c = randomMatrix(l, n, &rng)
      #expect((a * b) * c == a * (b * c), "seed \(seed): associativity")
      #expect((a * b).transposed == b.transposed * a.transposed, "seed \(seed): (AB)ᵀ = BᵀAᵀ")
      #expect(a.gram() == a.transposed * a && a.outerGram() == a * a.transposed, "seed \(seed)")
      let x = (0..<l).map { _ in Rational.random(numerator: 9, denominator: 5, using: &rng) }
      #expect((a * b) * x == a * (b * x), "seed \(seed): matrix-vector")
    }
  }

  @Test func gramMatricesArePositiveSemidefinite() {
    forEachSeededCase(count: 60, seed: 0x1A_0002) { rng, seed in
      let n = Int.random(in: 1...6, using: &rng), m = Int.random(in: 1...7, using: &rng)
      let a = randomMatrix(m, n, &rng)
      let g = a.gram()
      let expected: Definiteness = a.rank == n ? .positiveDefinite : .positiveSemidefinite
      #expect(g.definiteness() == expected, "seed \(seed): \(g)")
      #expect(g.isPositiveSemidefinite(), "seed \(seed)")
      checkDecomposition(g, seed: seed)
    }
  }

  @Test func singularGramMatricesArePSDButNotPD() {
    forEachSeededCase(count: 40, seed: 0x1A_0003) { rng, seed in
      let n = Int.random(in: 2...6, using: &rng)
      let a = randomMatrix(Int.random(in: 1..<n, using: &rng), n, &rng)  // fewer rows than columns
      let g = a.gram()
      #expect(g.definiteness() == .positiveSemidefinite, "seed \(seed): \(g)")
      #expect(g.determinant() == 0, "seed \(seed)")
      checkDecomposition(g, seed: seed)
      // Any ε > 0 below a singular PSD matrix breaks it.
      let e = Rational(1, Int.random(in: 1...1_000_000, using: &rng))
      let shifted = g - e * Matrix.identity(n)
      #expect(shifted.definiteness() == .indefinite, "seed \(seed)")
      checkDecomposition(shifted, seed: seed)
    }
  }

  @Test func shiftingBelowSmallestEigenvalueBreaksPSD() {
    forEachSeededCase(count: 30, seed: 0x1A_0004) { rng, seed in
      let n = Int.random(in: 2...5, using: &rng)
      let g = randomMatrix(n + 1, n, &rng).gram()
      let lambda = g.smallestEigenvalue(relativeWidth: eps3)
      // Shift by more than λ_min: not PSD, with a certificate.
      let above = g - (lambda.upper + Rational(1, 1000)) * Matrix.identity(n)
      #expect(!above.isPositiveSemidefinite(), "seed \(seed)")
      #expect(!isPSDByMinors(above), "seed \(seed)")
      checkDecomposition(above, seed: seed)
      // Shift by at most λ_min: still PSD.
      let below = g - lambda.lower * Matrix.identity(n)
      #expect(below.isPositiveSemidefinite() && isPSDByMinors(below), "seed \(seed)")
    }
  }

  @Test func definitenessAgreesWithPrincipalMinors() {
    forEachSeededCase(count: 150, seed: 0x1A_0005) { rng, seed in
      let n = Int.random(in: 1...5, using: &rng)
      let a = randomSymmetric(n, &rng)
      #expect(a.definiteness() == definitenessByMinors(a), "seed \(seed): \(a)")
      checkDecomposition(a, seed: seed)
    }
  }

  @Test func negativeDefiniteAndIndefinite() {
    forEachSeededCase(count: 40, seed: 0x1A_0006) { rng, seed in
      let n = Int.random(in: 1...6, using: &rng)
      let g = randomMatrix(n + 2, n, &rng).gram()
      guard !g.isZero else { return }
      checkDecomposition(-g, seed: seed)
      #expect((-g).definiteness() == .indefinite, "seed \(seed): negative semidefinite is not PSD")
    }
    let fixed: [(Matrix, Definiteness)] = [
      (Matrix([[0, 1], [1, 0]]), .indefinite),
      (Matrix([[0, 0], [0, 0]]), .positiveSemidefinite),
      (Matrix([[1, 1], [1, 1]]), .positiveSemidefinite),
      (Matrix([[1, 0], [0, -1]]), .indefinite),
      (Matrix([[0, 0, 0], [0, 0, -2], [0, -2, 0]]), .indefinite),
      (Matrix([[0, 0, 1], [0, 1, 0], [1, 0, 0]]), .indefinite),
      (Matrix([[1, 2], [2, 4]]), .positiveSemidefinite),
      (Matrix([[1, 2], [2, 3]]), .indefinite),
      (Matrix([[2, -1, 0], [-1, 2, -1], [0, -1, 2]]), .positiveDefinite),
      (Matrix([[-1]]), .indefinite),
      (Matrix([[0]]), .positiveSemidefinite),
      (Matrix([]), .positiveDefinite),
    ]
    for (a, expected) in fixed {
      #expect(a.definiteness() == expected, "\(a)")
      checkDecomposition(a, seed: 0)
    }
  }

  @Test func boundaryEntries() {
    forEachSeededCase(count: 60, seed: 0x1A_0007) { rng, seed in
      let n = Int.random(in: 1...4, using: &rng)
      let a = boundaryMatrix(n, n, &rng)
      #expect(a.determinant() == laplaceDeterminant(rowsOf(a)), "seed \(seed): \(a)")
      let s = symmetrized(a)
      #expect(s.definiteness() == definitenessByMinors(s), "seed \(seed): \(s)")
      checkDecomposition(s, seed: seed)
      let g = a.gram()
      checkDecomposition(g, seed: seed)
      let lambda = s.largestEigenvalue(relativeWidth: eps9)
      #expect(lambda.isNarrow(relativeWidth: eps9), "seed \(seed)")
      #expect(isPSDByMinors(lambda.upper * Matrix.identity(n) - s), "seed \(seed)")
      #expect(lambda.isExact || !isPSDByMinors(lambda.lower * Matrix.identity(n) - s), "seed \(seed)")
    }
  }

  @Test func determinantAgreesWithCofactorExpansion() {
    forEachSeededCase(count: 80, seed: 0x1A_0008) { rng, seed in
      let n = Int.random(in: 1...5, using: &rng)
      let a = randomMatrix(n, n, &rng)
      #expect(a.determinant() == laplaceDeterminant(rowsOf(a)), "seed \(seed): \(a)")
      // Singular: a row equal to a combination of two others, or a low-rank product.
      if n >= 3 {
        var s = a
        let c = Rational.random(numerator: 5, denominator: 3, using: &rng)
        for j in 0..<n { s[n - 1, j] = a[0, j] + c * a[1, j] }
        #expect(s.determinant() == 0, "seed \(seed)")
        #expect(laplaceDeterminant(rowsOf(s)) == 0, "seed \(seed)")
      }
      if n >= 2 {
        let k = Int.random(in: 1..<n, using: &rng)
        let p = randomMatrix(n, k, &rng) * randomMatrix(k, n, &rng)
        #expect(p.determinant() == 0, "seed \(seed)")
      }
      // det(AB) = det A · det B.
      let b = randomMatrix(n, n, &rng)
      #expect((a * b).determinant() == a.determinant() * b.determinant(), "seed \(seed)")
    }
  }

  @Test func solveGivesExactSolutions() {
    forEachSeededCase(count: 60, seed: 0x1A_0009) { rng, seed in
      let n = Int.random(in: 1...6, using: &rng)
      let a = randomMatrix(n, n, &rng)
      let b = (0..<n).map { _ in Rational.random(numerator: 20, denominator: 9, using: &rng) }
      if a.determinant() == 0 {
        #expect(a.solve(b) == nil, "seed \(seed)")
      } else if let x = a.solve(b) {
        #expect(a * x == b, "seed \(seed): A·x ≠ b")
      } else {
        Issue.record("seed \(seed): nonsingular system reported singular")
      }
      if n >= 2 {
        let k = Int.random(in: 1..<n, using: &rng)
        #expect((randomMatrix(n, k, &rng) * randomMatrix(k, n, &rng)).solve(b) == nil, "seed \(seed)")
      }
      let c = boundaryMatrix(n, n, &rng)
      if c.determinant() != 0, let x = c.solve(b) {
        #expect(c * x == b, "seed \(seed): boundary A·x ≠ b")
      }
    }
  }

  @Test func rankOfLowRankProducts() {
    forEachSeededCase(count: 60, seed: 0x1A_000A) { rng, seed in
      let m = Int.random(in: 1...6, using: &rng), n = Int.random(in: 1...6, using: &rng)
      let r = Int.random(in: 0...min(m, n), using: &rng)
      // B = [I_r; *] (m×r) and C = [I_r, *] (r×n): B·C has rank exactly r.
      var b = randomMatrix(m, r, &rng), c = randomMatrix(r, n, &rng)
      for i in 0..<r { for j in 0..<r { b[i, j] = i == j ? 1 : 0; c[i, j] = i == j ? 1 : 0 } }
      let p = b * c
      #expect(p.rank == r, "seed \(seed): rank of \(p)")
      #expect(p.transposed.rank == r, "seed \(seed): rank of transpose")
      #expect(p.gram().rank == r, "seed \(seed): rank of Gram")
    }
    #expect(Matrix(rows: 3, columns: 2).rank == 0 && Matrix.identity(4).rank == 4)
  }

  @Test func largestEigenvalueIntervalsAreCertified() {
    forEachSeededCase(count: 40, seed: 0x1A_000B) { rng, seed in
      let n = Int.random(in: 3...5, using: &rng)
      let a = randomSymmetric(n, &rng)
      let identity = Matrix.identity(n)
      for w in [eps9, eps3] {
        let top = a.largestEigenvalue(relativeWidth: w)
        #expect(top.isNarrow(relativeWidth: w), "seed \(seed): \(top) too wide")
        let atUpper = top.upper * identity - a
        #expect(isPSDByMinors(atUpper), "seed \(seed): upper \(top.upper) below λ_max of \(a)")
        #expect(atUpper.determinant().signum >= 0, "seed \(seed): det(uI − A) < 0")
        if top.isExact {
          #expect(atUpper.determinant() == 0, "seed \(seed): exact value is no eigenvalue")
        } else {
          #expect(!isPSDByMinors(top.lower * identity - a), "seed \(seed): lower above λ_max")
        }
        let bottom = a.smallestEigenvalue(relativeWidth: w)
        #expect(bottom.isNarrow(relativeWidth: w), "seed \(seed): \(bottom) too wide")
        #expect(isPSDByMinors(a - bottom.lower * identity), "seed \(seed): lower above λ_min")
        #expect(bottom.isExact ? (a - bottom.lower * identity).determinant() == 0
                               : !isPSDByMinors(a - bottom.upper * identity), "seed \(seed)")
        #expect(bottom.lower <= top.upper, "seed \(seed)")
      }
    }
  }

  @Test func largerMatricesAgreeWithShiftedTests() {
    forEachSeededCase(count: 12, seed: 0x1A_000C) { rng, seed in
      let n = Int.random(in: 6...8, using: &rng)
      let a = randomSymmetric(n, &rng)
      let top = a.largestEigenvalue(relativeWidth: eps9)
      #expect(top.isNarrow(relativeWidth: eps9), "seed \(seed)")
      #expect(a.largestEigenvalueIsAtMost(top.upper), "seed \(seed)")
      #expect(top.isExact ? (top.upper * Matrix.identity(n) - a).determinant() == 0
                          : !a.largestEigenvalueIsAtMost(top.lower), "seed \(seed)")
      let bottom = a.smallestEigenvalue(relativeWidth: eps9)
      #expect(a.smallestEigenvalueIsAtLeast(bottom.lower), "seed \(seed)")
      #expect(bottom.isExact || !a.smallestEigenvalueIsAtLeast(bottom.upper), "seed \(seed)")
    }
  }

  @Test func rationalEigenvaluesAreExact() {
    // 1×1, zero, identity, diagonal.
    #expect(Matrix([[Rational(-7, 3)]]).largestEigenvalue(relativeWidth: eps9) == RationalInterval(exactly: Rational(-7, 3)))
    #expect(Matrix(rows: 4, columns: 4).largestEigenvalue(relativeWidth: eps9) == RationalInterval(exactly: 0))
    #expect(Matrix.identity(5).smallestEigenvalue(relativeWidth: eps9) == RationalInterval(exactly: 1))
    #expect(Matrix.diagonal([3, -5, Rational(7, 2)]).largestEigenvalue(relativeWidth: eps3).lower == Rational(7, 2))
    #expect(Matrix.diagonal([3, -5, Rational(7, 2)]).smallestEigenvalue(relativeWidth: eps3).upper == -5)
    // 2×2 with a perfect-square discriminant: [[2, 2], [2, −1]] has eigenvalues 3 and −2.
    let p = Matrix([[2, 2], [2, -1]])
    #expect(p.largestEigenvalue(relativeWidth: eps9) == RationalInterval(exactly: 3))
    #expect(p.smallestEigenvalue(relativeWidth: eps9) == RationalInterval(exactly: -2))
    #expect(Matrix([[1, 1], [1, 1]]).smallestEigenvalue(relativeWidth: eps9) == RationalInterval(exactly: 0))

    // Q D Qᵀ with rational orthogonal Q.
    let r2 = Matrix([[Rational(3, 5), Rational(-4, 5)], [Rational(4, 5), Rational(3, 5)]])
    let r3 = Rational(1, 3) * Matrix([[1, 2, 2], [2, 1, -2], [2, -2, 1]])
    var r5 = Matrix.identity(5)
    for i in 0..<2 { for j in 0..<2 { r5[i, j] = r2[i, j] } }
    for i in 0..<3 { for j in 0..<3 { r5[2 + i, 2 + j] = r3[i, j] } }
    let r5b = r3.transposed  // also orthogonal
    #expect(r2 * r2.transposed == Matrix.identity(2) && r3 * r3.transposed == Matrix.identity(3))
    forEachSeededCase(count: 30, seed: 0x1A_000D) { rng, seed in
      for q in [r2, r3, r5, r5b] {
        let n = q.rows
        let d = (0..<n).map { _ in Rational.random(numerator: 30, denominator: 7, using: &rng) }
        let a = q * Matrix.diagonal(d) * q.transposed
        #expect(a.isSymmetric, "seed \(seed)")
        #expect(a.largestEigenvalue(relativeWidth: eps9) == RationalInterval(exactly: d.max()!), "seed \(seed): \(a)")
        #expect(a.smallestEigenvalue(relativeWidth: eps3) == RationalInterval(exactly: d.min()!), "seed \(seed): \(a)")
      }
      // Mixed: r5 · diag · r5ᵀ then conjugated by a second block rotation.
      let d = (0..<5).map { _ in Rational(Int.random(in: -4...4, using: &rng)) }
      let a = r5 * Matrix.diagonal(d) * r5.transposed
      var mix = Matrix.identity(5)
      for i in 0..<3 { for j in 0..<3 { mix[2 - i, 2 - j] = r3[i, j] } }
      let b = mix * a * mix.transposed
      #expect(b.largestEigenvalue(relativeWidth: eps9) == RationalInterval(exactly: d.max()!), "seed \(seed): \(b)")
      #expect(b.smallestEigenvalue(relativeWidth: eps9) == RationalInterval(exactly: d.min()!), "seed \(seed): \(b)")
    }
  }

  @Test func irrationalTwoByTwoEnclosures() {
    // [[1, 1], [1, 0]]: λ = (1 ± √5)/2; check via (2λ − 1)² = 5 on both ends.
    let a = Matrix([[1, 1], [1, 0]])
    for w in [eps9, eps3, Rational(BigInt(10).power(40)).reciprocal!] {
      let top = a.largestEigenvalue(relativeWidth: w)
      #expect(!top.isExact && top.isNarrow(relativeWidth: w))
      let lo = 2 * top.lower - 1, hi = 2 * top.upper - 1
      #expect(lo.signum > 0 && lo * lo < 5 && hi * hi > 5, "\(top)")
      let bottom = a.smallestEigenvalue(relativeWidth: w)
      #expect(bottom.isNarrow(relativeWidth: w))
      let blo = 1 - 2 * bottom.lower, bhi = 1 - 2 * bottom.upper
      #expect(bhi.signum > 0 && bhi * bhi < 5 && blo * blo > 5, "\(bottom)")
    }
    forEachSeededCase(count: 60, seed: 0x1A_000E) { rng, seed in
      let a = symmetrized(Int.random(in: 0..<4, using: &rng) == 0 ? boundaryMatrix(2, 2, &rng) : randomMatrix(2, 2, &rng))
      for w in [eps9, eps3] {
        for (interval, sign) in [(a.largestEigenvalue(relativeWidth: w), 1), (a.smallestEigenvalue(relativeWidth: w), -1)] {
          #expect(interval.isNarrow(relativeWidth: w), "seed \(seed)")
          let identity = Matrix.identity(2)
          if sign > 0 {
            #expect(a.largestEigenvalueIsAtMost(interval.upper) && isPSDByMinors(interval.upper * identity - a), "seed \(seed)")
            #expect(interval.isExact || !isPSDByMinors(interval.lower * identity - a), "seed \(seed)")
          } else {
            #expect(isPSDByMinors(a - interval.lower * identity), "seed \(seed)")
            #expect(interval.isExact || !isPSDByMinors(a - interval.upper * identity), "seed \(seed)")
          }
          if interval.isExact {
            #expect((interval.lower * identity - a).determinant() == 0, "seed \(seed)")
          }
        }
      }
    }
  }

  @Test func entriesBeyondDoubleRange() {
    forEachSeededCase(count: 12, seed: 0x1A_0012) { rng, seed in
      let n = Int.random(in: 3...5, using: &rng)
      let b = randomSymmetric(n, &rng)
      for k in [1100, -1100, 0] {
        let a = Rational.one.scaled(byPowerOfTwo: k) * b
        let top = a.largestEigenvalue(relativeWidth: eps9)
        #expect(top.isNarrow(relativeWidth: eps9), "seed \(seed), 2^\(k)")
        #expect(a.largestEigenvalueIsAtMost(top.upper), "seed \(seed), 2^\(k)")
        #expect(top.isExact ? (top.upper * Matrix.identity(n) - a).determinant() == 0
                            : !a.largestEigenvalueIsAtMost(top.lower), "seed \(seed), 2^\(k)")
        let unscaled = b.largestEigenvalue(relativeWidth: eps9)
        let back = RationalInterval(lower: top.lower.scaled(byPowerOfTwo: -k), upper: top.upper.scaled(byPowerOfTwo: -k))
        #expect(back.lower <= unscaled.upper && unscaled.lower <= back.upper, "seed \(seed), 2^\(k)")
      }
    }
  }

  @Test func zeroEigenvalueIsExact() {
    forEachSeededCase(count: 20, seed: 0x1A_000F) { rng, seed in
      let n = Int.random(in: 3...5, using: &rng)
      let g = randomMatrix(n - 1, n, &rng).gram()  // singular PSD
      #expect(g.smallestEigenvalue(relativeWidth: eps9) == RationalInterval(exactly: 0), "seed \(seed)")
      #expect((-g).largestEigenvalue(relativeWidth: eps9) == RationalInterval(exactly: 0), "seed \(seed)")
    }
  }

  @Test func spectralNorm() {
    #expect(Matrix(rows: 3, columns: 2).spectralNormSquared(relativeWidth: eps9) == RationalInterval(exactly: 0))
    #expect(Matrix(rows: 0, columns: 2).spectralNormSquared(relativeWidth: eps9) == RationalInterval(exactly: 0))
    #expect(Matrix(rows: 3, columns: 2).spectralNormSquaredIsAtMost(0))
    #expect(!Matrix(rows: 3, columns: 2).spectralNormSquaredIsAtMost(-1))
    #expect(Matrix.identity(3).spectralNormSquared(relativeWidth: eps9) == RationalInterval(exactly: 1))
    forEachSeededCase(count: 40, seed: 0x1A_0010) { rng, seed in
      let m = Int.random(in: 1...6, using: &rng), n = Int.random(in: 1...6, using: &rng)
      // Rank one: u vᵀ has ‖·‖₂² = ‖u‖²‖v‖² = ‖·‖_F².
      let u = randomMatrix(m, 1, &rng), v = randomMatrix(1, n, &rng)
      let r1 = u * v
      #expect(r1.spectralNormSquared(relativeWidth: eps9) == RationalInterval(exactly: r1.squaredFrobeniusNorm), "seed \(seed)")
      #expect(r1.squaredFrobeniusNorm == u.squaredFrobeniusNorm * v.squaredFrobeniusNorm, "seed \(seed)")
      let a = Int.random(in: 0..<4, using: &rng) == 0 ? boundaryMatrix(m, n, &rng) : randomMatrix(m, n, &rng)
      for w in [eps9, eps3] {
        let s = a.spectralNormSquared(relativeWidth: w)
        #expect(s.isNarrow(relativeWidth: w), "seed \(seed)")
        #expect(a.spectralNormSquaredIsAtMost(s.upper), "seed \(seed)")
        #expect(s.isExact || !a.spectralNormSquaredIsAtMost(s.lower), "seed \(seed)")
        #expect(s.upper <= a.squaredFrobeniusNorm, "seed \(seed): above ‖A‖_F²")
        let t = a.transposed.spectralNormSquared(relativeWidth: w)
        #expect(t.lower <= s.upper && s.lower <= t.upper, "seed \(seed): ‖A‖ ≠ ‖Aᵀ‖")
        // The same decision through AᵀA directly.
        #expect(a.gram().largestEigenvalueIsAtMost(s.upper), "seed \(seed)")
      }
    }
  }

  @Test func simplestRationalIsTheSmallestDenominator() {
    #expect(Rational.simplest(in: Rational(33, 100), Rational(34, 100)) == Rational(1, 3))
    #expect(Rational.simplest(in: Rational(-34, 100), Rational(-33, 100)) == Rational(-1, 3))
    #expect(Rational.simplest(in: Rational(-1, 2), Rational(1, 3)) == 0)
    #expect(Rational.simplest(in: Rational(5, 2), Rational(7, 2)) == 3)
    #expect(Rational.simplest(in: Rational(22, 7), Rational(22, 7)) == Rational(22, 7))
    #expect(Rational.simplest(in: two63, two63 + 1) == two63)
    forEachSeededCase(count: 200, seed: 0x1A_0011) { rng, seed in
      let x = Rational.random(numerator: 1000, denominator: 300, using: &rng)
      let y = x + Rational.random(numerator: 50, denominator: 1000, using: &rng).magnitude
      let s = Rational.simplest(in: x, y)
      #expect(x <= s && s <= y, "seed \(seed)")
      // No smaller denominator has a multiple in [x, y].
      let q = s.denominator.intValue!
      for d in 1..<q {
        let rd = Rational(d)
        #expect(Rational((x * rd).ceiling) > y * rd, "seed \(seed): denominator \(d) fits in [\(x), \(y)]")
      }
    }
  }

  @Test func intervalBasics() {
    let i = RationalInterval(lower: -1, upper: Rational(1, 2))
    #expect(i.width == Rational(3, 2) && i.contains(0) && !i.contains(1) && !i.isExact)
    #expect(-i == RationalInterval(lower: Rational(-1, 2), upper: 1))
    #expect(i.description == "[-1, 1/2]" && RationalInterval(exactly: 3).description == "3")
  }
}
