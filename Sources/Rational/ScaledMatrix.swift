internal import CGMP

/// A rational matrix with an optional bias, in integer form over one common
/// denominator: `W = M / e`, `b = c / e` with M and c integers and e > 0 the lcm of
/// every entry's denominator (for dyadic weights, a power of two).
///
/// Applied to `x = N / D` (a `ScaledVector`) it needs no gcd at all:
/// `W x + b = (M N + c D) / (e D)` and `Wᵀ y = (Mᵀ N) / (e D)`. When every entry of
/// M and c fits a machine word (the usual case) each term is one `mpz_addmul_ui` /
/// `mpz_submul_ui`; zero weights and zero inputs are skipped.
/// Complexity: one word-by-integer multiply-add per nonzero (weight, input) pair,
/// plus one product (a shift for power-of-two e) per output for the denominator.
public struct ScaledMatrix: Sendable {
  public let rows: Int
  public let columns: Int
  /// M row-major, when every entry fits a word (never `Int.min`).
  let words: [Int]?
  /// M row-major as GMP integers (used when `words` is nil).
  let entries: MPZBlock
  /// c, or nil without bias.
  let bias: MPZBlock?
  /// e (one entry).
  let scale: MPZBlock

  /// The integer form of `weights` (rows of equal length) and `bias` (one per row).
  public init(_ weights: [[Rational]], bias: [Rational]? = nil) {
    let rows = weights.count, columns = weights.first?.count ?? 0
    precondition(weights.allSatisfy { $0.count == columns }, "ScaledMatrix: ragged rows")
    precondition(bias.map { $0.count == rows } ?? true, "ScaledMatrix: one bias per row")
    self.rows = rows
    self.columns = columns
    let all = weights.flatMap { $0 } + (bias ?? [])
    let scaleBlock = MPZBlock(count: 1)
    scale = scaleBlock
    let e = scaleBlock[0]
    __gmpz_set_ui(e, 1)
    for x in all { x.withParts { _, q in if __gmpz_divisible_p(e, q) == 0 { __gmpz_lcm(e, e, q) } } }
    let block = MPZBlock(count: all.count)
    var fitsWords = true
    withTemporaryMPZ(0) { f in
      for (k, x) in all.enumerated() {
        x.withParts { p, q in
          __gmpz_divexact(f, e, q)
          __gmpz_mul(block[k], p, f)
        }
        if !fitsInline(block[k]) { fitsWords = false }
      }
    }
    entries = block
    let count = rows * columns
    if bias != nil {
      let c = MPZBlock(count: rows)
      for i in 0..<rows { __gmpz_set(c[i], block[count + i]) }
      self.bias = c
    } else {
      self.bias = nil
    }
    words = fitsWords ? (0..<all.count).map { __gmpz_get_si(block[$0]) } : nil
  }

  /// `W x` (no bias).
  public func times(_ x: ScaledVector) -> ScaledVector { apply(x, withBias: false) }

  /// `W x + b`.
  public func affine(_ x: ScaledVector) -> ScaledVector { apply(x, withBias: bias != nil) }

  private func apply(_ x: ScaledVector, withBias: Bool) -> ScaledVector {
    precondition(x.count == columns, "ScaledMatrix: dimension mismatch")
    return withExtendedLifetime((x.block, entries, bias, scale)) {
      let r = ScaledVector(uninitialized: rows)
      let nonzero = (0..<columns).filter { aajr_mpz_sgn(x.num($0)) != 0 }
      let count = rows * columns
      let bits = accumulatorBits(x, nonzero, withBias ? [x.den] : [])
      for i in 0..<rows {
        let acc = r.num(i)
        __gmpz_realloc2(acc, bits)
        if let words {
          for j in nonzero { addProduct(acc, x.num(j), words[i * columns + j]) }
          if withBias { addProduct(acc, x.den, words[count + i]) }
        } else {
          for j in nonzero { __gmpz_addmul(acc, x.num(j), entries[i * columns + j]) }
          if withBias, let bias { __gmpz_addmul(acc, x.den, bias[i]) }
        }
      }
      Multiplier(scale[0]).multiply(r.den, x.den)
      return r
    }
  }

  /// A size in bits that holds any sum of products of the given integers with the
  /// matrix entries (a bound, so accumulators are allocated once instead of growing).
  private func accumulatorBits(
    _ x: ScaledVector, _ indices: [Int], _ extra: [UnsafeMutablePointer<__mpz_struct>]
  ) -> UInt {
    var widest = extra.map { __gmpz_sizeinbase($0, 2) }.max() ?? 1
    for j in indices { widest = Swift.max(widest, __gmpz_sizeinbase(x.num(j), 2)) }
    let entryBits = words == nil ? (0..<entries.count).map { __gmpz_sizeinbase(entries[$0], 2) }.max() ?? 1 : 64
    return UInt(widest + entryBits + Swift.max(rows, columns).bitWidth - Swift.max(rows, columns).leadingZeroBitCount + 2)
  }

  /// `Wᵀ y`.
  public func transposeTimes(_ y: ScaledVector) -> ScaledVector {
    precondition(y.count == rows, "ScaledMatrix: dimension mismatch")
    return withExtendedLifetime((y.block, entries, scale)) {
      let r = ScaledVector(uninitialized: columns)
      let bits = accumulatorBits(y, (0..<rows).filter { aajr_mpz_sgn(y.num($0)) != 0 }, [])
      for j in 0..<columns { __gmpz_realloc2(r.num(j), bits) }
      for i in 0..<rows where aajr_mpz_sgn(y.num(i)) != 0 {
        let yi = y.num(i)
        if let words {
          for j in 0..<columns { addProduct(r.num(j), yi, words[i * columns + j]) }
        } else {
          for j in 0..<columns { __gmpz_addmul(r.num(j), yi, entries[i * columns + j]) }
        }
      }
      Multiplier(scale[0]).multiply(r.den, y.den)
      return r
    }
  }
}
