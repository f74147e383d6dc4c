import CGMP
import LinearAlgebra
import TestSupport
import Testing
@testable import Rational

/// `Rational(exactly:)` from `Double`, and `doubleNearest/Down/Up` checked against an
/// independent round-to-nearest-even computed on GMP integers.
@Suite struct DoubleConversionTests {
  static let specials: [Double] = [
    0, -0.0, 1, -1, 0.1, 1.0 / 3, .pi, .leastNonzeroMagnitude, -.leastNonzeroMagnitude,
    .leastNormalMagnitude, Double.leastNormalMagnitude.nextDown, .greatestFiniteMagnitude,
    -.greatestFiniteMagnitude, 2.0.squareRoot(), 0x1p63, -0x1p63, 0x1p64, 0x1p-1074 * 3, Double.leastNormalMagnitude - 2 * .leastNonzeroMagnitude,
    9007199254740993.0, 4503599627370497.5,
  ]

  /// A finite double from a random bit pattern; every fourth one subnormal.
  static func randomFinite(using rng: inout SeededGenerator) -> Double {
    while true {
      var bits = rng.next()
      if bits % 4 == 0 { bits &= 0x800F_FFFF_FFFF_FFFF }  // exponent field 0: subnormal or ±0
      let d = Double(bitPattern: bits)
      if d.isFinite { return d }
    }
  }

  /// GMP's exact value of `d` (`mpq_set_d` is exact).
  static func gmpExact(_ d: Double) -> RefQ {
    let q = RefQ()
    withExtendedLifetime(q) { __gmpq_set_d(q.p, d) }
    return q
  }

  @Test func exactConversionRoundTrips() throws {
    var values = Self.specials
    var rng = SeededGenerator(seed: 0xD01)
    for _ in 0..<3000 { values.append(Self.randomFinite(using: &rng)) }
    for d in values {
      let r = try Rational(exactly: d)
      #expect(r.description == Self.gmpExact(d).text, "\(d) (bits \(d.bitPattern))")
      #expect(r.isCanonical() && r.isDyadic, "\(d)")
      #expect(r.doubleNearest() == d && r.doubleDown() == d && r.doubleUp() == d, "\(d) (bits \(d.bitPattern))")
      #expect(Double(r) == d)
    }
  }

  /// Regression: subnormals were scaled by their leading bit's exponent (2^-1126 for
  /// the least one) instead of by 2^-1074.
  @Test func subnormalsConvertExactly() throws {
    #expect(try Rational(exactly: Double.leastNonzeroMagnitude) == Rational(1).scaled(byPowerOfTwo: -1074))
    #expect(try Rational(exactly: -3 * Double.leastNonzeroMagnitude) == Rational(-3).scaled(byPowerOfTwo: -1074))
    let largest = Double.leastNormalMagnitude.nextDown
    #expect(try Rational(exactly: largest) == Rational((1 << 52) - 1).scaled(byPowerOfTwo: -1074))
  }

  @Test(arguments: [Double.nan, -.nan, .signalingNaN, .infinity, -.infinity])
  func nonFiniteThrows(d: Double) {
    #expect(throws: RationalError.notFinite) { try Rational(exactly: d) }
  }

  // MARK: An independent round-to-nearest-even

  /// The double nearest to `q` (ties to even), from GMP integer arithmetic alone:
  /// find `e` with `2^52 ≤ |q|/2^e < 2^53` (`e ≥ −1074`), take `m = round(|q|/2^e)`.
  static func referenceNearest(_ q: RefQ) -> Double {
    let sign = q.sign
    if sign == 0 { return 0 }
    let n = RefQ(), t = RefQ(), r = RefQ(), num = RefQ(), den = RefQ()
    defer { withExtendedLifetime((q, n, t, r, num, den)) {} }
    __gmpz_abs(n.num, q.num)
    let d = q.den
    // k = floor(log2(n/d))
    var k = Int(__gmpz_sizeinbase(n.num, 2)) - Int(__gmpz_sizeinbase(d, 2))
    if k >= 0 { __gmpz_mul_2exp(t.num, d, mp_bitcnt_t(k)); if __gmpz_cmp(n.num, t.num) < 0 { k -= 1 } }
    else { __gmpz_mul_2exp(t.num, n.num, mp_bitcnt_t(-k)); if __gmpz_cmp(t.num, d) < 0 { k -= 1 } }
    let e = max(k - 52, -1074)
    // m = floor(n / (d·2^e)), remainder compared with half of d·2^e
    if e >= 0 { __gmpz_set(num.num, n.num); __gmpz_mul_2exp(den.num, d, mp_bitcnt_t(e)) }
    else { __gmpz_mul_2exp(num.num, n.num, mp_bitcnt_t(-e)); __gmpz_set(den.num, d) }
    __gmpz_fdiv_qr(t.num, r.num, num.num, den.num)
    __gmpz_mul_2exp(r.num, r.num, 1)
    let c = __gmpz_cmp(r.num, den.num)
    if c > 0 || (c == 0 && aajr_mpz_odd(t.num) != 0) { __gmpz_add_ui(t.num, t.num, 1) }
    let m = Double(__gmpz_get_ui(t.num))  // ≤ 2^53: exact
    let magnitude: Double
    if e + 52 > 1023 || (e == 971 && m == 0x1p53) { magnitude = .infinity }
    else { magnitude = m * Double(sign: .plus, exponent: e, significand: 1) }  // exact product
    return sign < 0 ? -magnitude : magnitude
  }

  static func referenceNearest(_ x: Rational) -> Double { referenceNearest(RefQ(x)) }

  /// Random rationals in every range: plain ratios, midpoints of adjacent doubles and
  /// points just off them, the subnormal range, and the overflow threshold.
  static func interestingRational(using rng: inout SeededGenerator) -> Rational {
    let tiny = try! Rational(parsing: "1/" + powerOfTwoText(1200, plus: 0))
    switch Int.random(in: 0..<6, using: &rng) {
    case 0:
      return Gen.nonZeroRational(using: &rng)
    case 1, 2:  // a midpoint of two adjacent doubles, maybe nudged by a tiny amount
      var d = randomFinite(using: &rng)
      if d == 0 || d.magnitude == .greatestFiniteMagnitude { d = 1.5 }
      let lo = try! Rational(exactly: d), hi = try! Rational(exactly: d.nextUp)
      let mid = (lo + hi) / 2
      switch Int.random(in: 0..<3, using: &rng) {
      case 0: return mid
      case 1: return mid + tiny
      default: return mid - tiny
      }
    case 3:  // subnormal range: k/2^1075 for random k
      let k = Int.random(in: 1...(1 << 54), using: &rng)
      return Rational(k).scaled(byPowerOfTwo: -1075 - Int.random(in: 0...3, using: &rng))
    case 4:  // around the overflow threshold 2^1024 − 2^970
      let threshold = Rational(BigInt(1).shiftedLeft(by: 1024) - BigInt(1).shiftedLeft(by: 970))
      let offset = Rational(BigInt(Int.random(in: -3...3, using: &rng))).scaled(byPowerOfTwo: 968)
      return (threshold + offset) * (Bool.random(using: &rng) ? 1 : -1)
    default:  // a random double times a random small rational
      return try! Rational(exactly: randomFinite(using: &rng)) * Rational.random(numerator: 1000, denominator: 1000, using: &rng)
    }
  }

  @Test func nearestMatchesReference() {
    forEachSeededCase(count: 3000, seed: 0xD02) { rng, seed in
      let x = Self.interestingRational(using: &rng)
      let want = Self.referenceNearest(x)
      let got = x.doubleNearest()
      #expect(got == want || (got.isNaN && want.isNaN), "seed \(seed): \(x) → \(got), want \(want)")
      #expect((-x).doubleNearest() == -want, "seed \(seed)")
    }
  }

  @Test func nearestRoundsTiesToEven() throws {
    // 1 + 2^-53 lies halfway between 1 and 1 + 2^-52: ties go to the even significand.
    let one = Rational(1)
    let ulp = Rational(1).scaled(byPowerOfTwo: -52)
    #expect((one + ulp / 2).doubleNearest() == 1)
    #expect((one + ulp + ulp / 2).doubleNearest() == 1 + 2 * 0x1p-52)
    // the overflow threshold rounds to infinity, just below it to the largest finite
    let threshold = Rational(BigInt(1).shiftedLeft(by: 1024) - BigInt(1).shiftedLeft(by: 970))
    #expect(threshold.doubleNearest() == .infinity)
    #expect((threshold - Rational(1)).doubleNearest() == .greatestFiniteMagnitude)
    #expect((-threshold).doubleNearest() == -.infinity)
    // half the smallest subnormal rounds to 0 (even), a little more to the smallest subnormal
    let halfLeast = Rational(1).scaled(byPowerOfTwo: -1075)
    #expect(halfLeast.doubleNearest() == 0)
    #expect((halfLeast * Rational(1_000_001, 1_000_000)).doubleNearest() == .leastNonzeroMagnitude)
    #expect((halfLeast * 3).doubleNearest() == 2 * .leastNonzeroMagnitude)
  }

  @Test func downAndUpBracketExactly() throws {
    forEachSeededCase(count: 2000, seed: 0xD03) { rng, seed in
      let x = Self.interestingRational(using: &rng)
      let lo = x.doubleDown(), hi = x.doubleUp(), near = x.doubleNearest()
      #expect(lo <= hi && (lo == hi || lo.nextUp == hi), "seed \(seed): \(lo) \(hi)")
      if lo.isFinite { #expect(try! Rational(exactly: lo) <= x, "seed \(seed)") }
      if hi.isFinite { #expect(try! Rational(exactly: hi) >= x, "seed \(seed)") }
      #expect(near == lo || near == hi, "seed \(seed)")
      if lo == hi { #expect(try! Rational(exactly: lo) == x, "seed \(seed)") }
    }
  }

  @Test func gmpGetDTruncatesWhereWeRound() throws {
    // Just below 1 + 2^-52 (and so above the midpoint 1 + 2^-53): the nearest double is
    // 1 + 2^-52, but mpq_get_d truncates toward zero and returns 1.
    let x = Rational(1) + Rational(1).scaled(byPowerOfTwo: -52) - Rational(1).scaled(byPowerOfTwo: -200)
    let truncated = RefQ(x), negated = RefQ(-x)
    #expect(withExtendedLifetime(truncated) { __gmpq_get_d(truncated.p) } == 1)
    #expect(x.doubleNearest() == 1 + 0x1p-52)
    #expect(x.doubleDown() == 1 && x.doubleUp() == 1 + 0x1p-52)
    // and the same on the negative side
    #expect(withExtendedLifetime(negated) { __gmpq_get_d(negated.p) } == -1)
    #expect((-x).doubleNearest() == -(1 + 0x1p-52))
  }
}
