import Rational

/// Certified extreme eigenvalues of symmetric rational matrices.
///
/// The eigenvalues of a symmetric rational matrix are real algebraic numbers, rational only
/// sometimes. They are reported as a `RationalInterval` certified by exact tests:
///
/// - `λ_max(A) ≤ t  ⇔  tI − A ⪰ 0`, decided by the exact `LDLᵀ` (`isPositiveSemidefinite`);
/// - if `tI − A ⪰ 0` and `tI − A` is singular then `t` is an eigenvalue `≥ λ_max`, so `λ_max = t`
///   exactly;
/// - `λ_max(A) ≥ maxᵢ Aᵢᵢ` (Rayleigh quotient at `eᵢ`) and `λ_max(A) ≤ maxᵢ (Aᵢᵢ + Σ_{j≠i}|Aᵢⱼ|)`
///   (Gershgorin).
///
/// Floating point (Jacobi iteration) only proposes candidates; nothing reaches a result
/// without an exact test. Each test costs one `LDLᵀ`, O(n³) rational operations.
extension Matrix {
  /// A certified enclosure of the largest eigenvalue of this symmetric matrix.
  ///
  /// The result `[lower, upper]` contains `λ_max`, and either `lower == upper` (the eigenvalue
  /// was found to be rational, e.g. always for 1×1 and diagonal matrices, and when the value is
  /// 0) or `upper − lower ≤ relativeWidth · max(|lower|, |upper|)`.
  ///
  /// Preconditions: `isSymmetric`, `rows ≥ 1`, `relativeWidth > 0`.
  public func largestEigenvalue(relativeWidth: Rational) -> RationalInterval {
    precondition(isSymmetric, "Matrix.largestEigenvalue: matrix is not symmetric")
    precondition(rows >= 1, "Matrix.largestEigenvalue: empty matrix")
    precondition(relativeWidth.signum > 0, "Matrix.largestEigenvalue: relativeWidth must be positive")
    var search = LargestEigenvalueSearch(self, relativeWidth: relativeWidth)
    return search.run()
  }

  /// A certified enclosure of the smallest eigenvalue of this symmetric matrix:
  /// `λ_min(A) = −λ_max(−A)`. Same guarantees and preconditions as `largestEigenvalue`.
  public func smallestEigenvalue(relativeWidth: Rational) -> RationalInterval {
    -(-self).largestEigenvalue(relativeWidth: relativeWidth)
  }

  /// Whether `λ_max(A) ≤ t`, i.e. `tI − A ⪰ 0`, decided exactly. Precondition: `isSymmetric`.
  public func largestEigenvalueIsAtMost(_ t: Rational) -> Bool {
    precondition(isSymmetric, "Matrix.largestEigenvalueIsAtMost: matrix is not symmetric")
    return shiftedTest(t) != .notPositiveSemidefinite
  }

  /// Whether `λ_min(A) ≥ t`, i.e. `A − tI ⪰ 0`, decided exactly. Precondition: `isSymmetric`.
  public func smallestEigenvalueIsAtLeast(_ t: Rational) -> Bool {
    precondition(isSymmetric, "Matrix.smallestEigenvalueIsAtLeast: matrix is not symmetric")
    return (-self).shiftedTest(-t) != .notPositiveSemidefinite
  }

  /// The outcome of the exact test of `tI − A` (no symmetry check).
  func shiftedTest(_ t: Rational) -> ShiftedTest {
    let n = rows
    var s = [Rational]()
    s.reserveCapacity(n * n)
    for i in 0..<n {
      for j in 0..<n { s.append(i == j ? t - elements[i * n + j] : -elements[i * n + j]) }
    }
    var perm = Array(0..<n)
    switch symmetricFactor(&s, n, &perm).stop {
    case .complete: return .positiveDefinite
    case .zeroBlock: return .singular
    case .negativePivot, .coupled: return .notPositiveSemidefinite
    }
  }
}

/// The outcome of testing `tI − A`: `t > λ_max`, `t = λ_max`, or `t < λ_max`.
enum ShiftedTest: Equatable {
  case positiveDefinite
  case singular
  case notPositiveSemidefinite
}

/// The search for `λ_max` of a symmetric matrix with at least one row.
///
/// Invariant: `lower < λ_max ≤ upper`, where `lower` has been certified by a failed PSD test
/// (or `lowerIsBound`, see below) and `upper` by a passed one or by Gershgorin.
struct LargestEigenvalueSearch {
  let a: Matrix
  let relativeWidth: Rational
  var lower = Rational.zero
  var upper = Rational.zero
  var exact: Rational? = nil

  init(_ a: Matrix, relativeWidth: Rational) {
    self.a = a
    self.relativeWidth = relativeWidth
  }

  var isNarrow: Bool { upper - lower <= relativeWidth * Rational.maximum(lower.magnitude, upper.magnitude) }

  /// Tests `t` (strictly inside `(lower, upper)` or equal to `upper`), updating the bracket;
  /// returns true when `t` is `λ_max` exactly.
  mutating func probe(_ t: Rational) -> Bool {
    switch a.shiftedTest(t) {
    case .singular: exact = t; return true
    case .positiveDefinite: if t < upper { upper = t }
    case .notPositiveSemidefinite: if t > lower { lower = t }
    }
    return false
  }

  /// Probes `t` if it lies strictly inside the bracket.
  mutating func probeInside(_ t: Rational) -> Bool {
    guard lower < t && t < upper else { return false }
    return probe(t)
  }

  mutating func run() -> RationalInterval {
    let n = a.rows
    if n == 1 { return RationalInterval(exactly: a.elements[0]) }
    let diagonal = a.diagonal
    let maxDiagonal = diagonal.max()!
    if a.isDiagonal { return RationalInterval(exactly: maxDiagonal) }
    if n == 2 { return largestEigenvalueOfTwoByTwo(a.elements[0], a.elements[1], a.elements[3], relativeWidth) }

    // λ_max ≥ max diagonal; if maxDiagonal·I − A ⪰ 0 the two are equal.
    if a.shiftedTest(maxDiagonal) != .notPositiveSemidefinite { return RationalInterval(exactly: maxDiagonal) }
    lower = maxDiagonal
    upper = (0..<n).map { i in
      var r = a.elements[i * n + i]
      for j in 0..<n where j != i { r += a.elements[i * n + j].magnitude }
      return r
    }.max()!
    if refine() { return RationalInterval(exactly: exact!) }
    return RationalInterval(lower: lower, upper: upper)
  }

  /// Narrows `(lower, upper]` until it meets the width; true when an exact value was found.
  mutating func refine() -> Bool {
    // 0 is the one eigenvalue that no relative width can isolate: settle it first.
    if lower.signum < 0 && upper.signum >= 0 && probe(.zero) { return true }
    if !isNarrow && proposeFromFloat() { return true }
    while !isNarrow {
      let quarter = (upper - lower) / 4
      if probe(Rational.simplest(in: lower + quarter, upper - quarter)) { return true }
    }
    // A rational eigenvalue with a small denominator is the simplest number near it.
    let c = Rational.simplest(in: lower, upper)
    if c > lower && probe(c) { return true }
    return false
  }

  /// Uses a Jacobi estimate `μ` of `λ_max`: probes the simplest rational near `μ` (exact when
  /// `λ_max` is a simple rational), then candidates just above and below `μ`, widening the
  /// offset when the estimate proves off. True when an exact value was found.
  mutating func proposeFromFloat() -> Bool {
    let n = a.rows
    // Entries beyond Double's range are scaled by 2^-e first (exactly), and μ back by 2^e.
    let e = a.elements.lazy.filter { !$0.isZero }
      .map { $0.numerator.bitLength - $0.denominator.bitLength }.max() ?? 0
    let shift = abs(e) > 256 ? e : 0
    let values = a.elements.map { $0.scaled(byPowerOfTwo: -shift).doubleNearest() }
    guard let eigenvalues = jacobiEigenvalues(values, n), let m = eigenvalues.max(),
          let scaledMu = try? Rational(exactly: m) else { return false }
    let normF = values.reduce(0.0) { $0 + $1 * $1 }.squareRoot()
    let floatError = Double(4 * n) * Double.ulpOfOne * normF
    guard floatError.isFinite, let scaledError = try? Rational(exactly: floatError) else { return false }
    let mu = scaledMu.scaled(byPowerOfTwo: shift), errorQ = scaledError.scaled(byPowerOfTwo: shift)

    let tolerance = errorQ * 1024 + mu.magnitude.scaled(byPowerOfTwo: -36)
    if probeInside(Rational.simplest(in: mu - tolerance, mu + tolerance)) { return true }
    if isNarrow { return false }

    var delta = Rational.maximum(relativeWidth * mu.magnitude / 4, errorQ)
    for _ in 0..<4 {
      if isNarrow { return false }
      if upper - mu > delta, probeInside(Rational.simplest(in: mu + delta / 2, mu + delta)) { return true }
      if mu - lower > delta, probeInside(Rational.simplest(in: mu - delta, mu - delta / 2)) { return true }
      delta *= 16
    }
    return false
  }
}

/// `λ_max` of `[[a, b], [b, c]]` (with `b ≠ 0`): `(a + c + √D)/2`, `D = (a − c)² + 4b²`.
///
/// `D = p/q` in lowest terms is the square of a rational iff `p` and `q` are perfect squares;
/// then the result is exact. Otherwise `√D = √(pq)/q` lies strictly between `s/(q·2ᵏ)` and
/// `(s+1)/(q·2ᵏ)` with `s = ⌊√(pq·4ᵏ)⌋`, and `k` is doubled until the width is met.
func largestEigenvalueOfTwoByTwo(_ a: Rational, _ b: Rational, _ c: Rational, _ relativeWidth: Rational)
  -> RationalInterval
{
  let trace = a + c
  let diff = a - c
  let d = diff * diff + 4 * b * b
  let p = d.numerator, q = d.denominator
  let (rp, ep) = p.squareRootFloor()
  let (rq, eq) = q.squareRootFloor()
  if ep && eq {
    return RationalInterval(exactly: (trace + (try! Rational(numerator: rp, denominator: rq))) / 2)
  }
  let pq = p * q
  let qq = Rational(q)
  var k = 32
  while true {
    let s = pq.shiftedLeft(by: 2 * k).squareRootFloor().root
    let scale = (qq.scaled(byPowerOfTwo: k)).reciprocal!
    let lo = (trace + Rational(s) * scale) / 2
    let hi = (trace + Rational(s + 1) * scale) / 2
    let r = RationalInterval(lower: lo, upper: hi)
    if r.isNarrow(relativeWidth: relativeWidth) { return r }
    k *= 2
  }
}
