import CGMP
import LinearAlgebra
import TestSupport
import Testing
@testable import Rational

/// `BigInt` against GMP's `mpz_*`, on random and boundary integers in both representations.
@Suite struct BigIntTests {
  static let boundary: [String] = BoundaryValueTests.numerators

  /// GMP reference for an integer: an mpz (the numerator of a RefQ) from decimal text.
  static func z(_ text: String) -> RefQ { RefQ(text) }

  static func ref(_ a: String, _ b: String, _ op: (UnsafeMutablePointer<__mpz_struct>, UnsafePointer<__mpz_struct>, UnsafePointer<__mpz_struct>) -> Void) -> String {
    let r = RefQ(), x = z(a), y = z(b)
    withExtendedLifetime((x, y)) { op(r.num, x.num, y.num) }
    return mpzText(r.num)
  }

  /// Random pairs plus every pair of boundary integers.
  static func pairs() -> [(String, String, String)] {
    var out: [(String, String, String)] = []
    for a in boundary { for b in boundary { out.append((a, b, "boundary")) } }
    forEachSeededCase(count: 500, seed: 0x1B1) { rng, seed in
      out.append((Gen.integerText(using: &rng), Gen.integerText(using: &rng), "seed \(seed)"))
    }
    return out
  }

  @Test func arithmeticMatchesGMP() {
    var bad: [String] = []
    for (a, b, tag) in Self.pairs() {
      let x = BigInt(a)!, y = BigInt(b)!
      let results: [(String, BigInt, String)] = [
        ("+", x + y, Self.ref(a, b) { __gmpz_add($0, $1, $2) }),
        ("-", x - y, Self.ref(a, b) { __gmpz_sub($0, $1, $2) }),
        ("*", x * y, Self.ref(a, b) { __gmpz_mul($0, $1, $2) }),
        ("gcd", BigInt.gcd(x, y), Self.ref(a, b) { __gmpz_gcd($0, $1, $2) }),
      ]
      for (name, got, want) in results where got.description != want || !got.isCanonical() {
        bad.append("\(tag): \(a) \(name) \(b) = \(got), GMP \(want)")
      }
      var s = x; s += y
      var d = x; d -= y
      var p = x; p *= y
      if s != x + y || d != x - y || p != x * y { bad.append("\(tag): compound \(a) \(b)") }
      let za = Self.z(a), zb = Self.z(b)
      let c = withExtendedLifetime((za, zb)) { __gmpz_cmp(za.num, zb.num).signum() }
      if (x < y) != (c < 0) || (x == y) != (c == 0) || (x > y) != (c > 0) { bad.append("\(tag): compare \(a) \(b)") }
      if x == y && x.hashValue != y.hashValue { bad.append("\(tag): hash \(a)") }
    }
    #expect(bad.isEmpty, "\(bad.count) mismatches: \(bad.prefix(10))")
  }

  @Test func divisionMatchesGMP() {
    var bad: [String] = []
    for (a, b, tag) in Self.pairs() where b != "0" {
      let x = BigInt(a)!, y = BigInt(b)!
      let (q, r) = x.quotientAndRemainder(dividingBy: y)
      let wq = Self.ref(a, b) { __gmpz_tdiv_q($0, $1, $2) }, wr = Self.ref(a, b) { __gmpz_tdiv_r($0, $1, $2) }
      let wf = Self.ref(a, b) { __gmpz_fdiv_q($0, $1, $2) }
      if q.description != wq || r.description != wr || !q.isCanonical() || !r.isCanonical() {
        bad.append("\(tag): \(a) tdiv \(b) = (\(q), \(r)), GMP (\(wq), \(wr))")
      }
      if x.floorDivided(by: y).description != wf { bad.append("\(tag): \(a) fdiv \(b)") }
      if q * y + r != x || r.magnitude >= y.magnitude || (r.signum != 0 && r.signum != x.signum) {
        bad.append("\(tag): \(a) = q·\(b) + r broken")
      }
    }
    #expect(bad.isEmpty, "\(bad.count) mismatches: \(bad.prefix(10))")
  }

  @Test(arguments: [(7, 2, 3, 1), (-7, 2, -3, -1), (7, -2, -3, 1), (-7, -2, 3, -1), (6, 3, 2, 0), (-6, 3, -2, 0), (0, 5, 0, 0)])
  func quotientTruncatesTowardZero(a: Int, b: Int, q: Int, r: Int) {
    let (qq, rr) = BigInt(a).quotientAndRemainder(dividingBy: BigInt(b))
    #expect(qq == BigInt(q) && rr == BigInt(r))
    #expect(BigInt(a).floorDivided(by: BigInt(b)) == BigInt(Int((Double(a) / Double(b)).rounded(.down))))
  }

  @Test func quotientOfInt64MinByMinusOneIsBig() {
    let m = BigInt(Int.min)
    let (q, r) = m.quotientAndRemainder(dividingBy: -1)
    #expect(q.description == "9223372036854775808" && r == 0 && !q.isInline && q.isCanonical())
    #expect(m.floorDivided(by: -1) == q)
  }

  @Test func gcdLaws() {
    #expect(BigInt.gcd(0, 0) == 0)
    #expect(BigInt.gcd(-12, 0) == 12 && BigInt.gcd(0, -12) == 12)
    #expect(BigInt.gcd(BigInt(Int.min), 0).description == "9223372036854775808")
    #expect(BigInt.gcd(BigInt(Int.min), BigInt(Int.min) + 2) == 2)
    forEachSeededCase(count: 300, seed: 0x1B2) { rng, seed in
      let a = Gen.integer(using: &rng), b = Gen.integer(using: &rng)
      let g = BigInt.gcd(a, b)
      #expect(g == BigInt.gcd(b, a) && g.signum >= 0, "seed \(seed)")
      if !g.isZero {
        #expect(a.quotientAndRemainder(dividingBy: g).remainder == 0, "seed \(seed)")
        #expect(b.quotientAndRemainder(dividingBy: g).remainder == 0, "seed \(seed)")
      }
    }
  }

  @Test func wordGCDMatchesGMP() {
    forEachSeededCase(count: 2000, seed: 0x1B3) { rng, seed in
      let shift = UInt64.random(in: 0...20, using: &rng)
      let a = (rng.next() >> UInt64.random(in: 0...63, using: &rng)) << shift
      let b = (rng.next() >> UInt64.random(in: 0...63, using: &rng)) << shift
      let g = binaryGCD(a, b)
      let r = RefQ(String(a)), s = RefQ(String(b)), t = RefQ()
      withExtendedLifetime((r, s)) { __gmpz_gcd(t.num, r.num, s.num) }
      #expect(String(g) == mpzText(t.num), "seed \(seed): gcd(\(a), \(b))")
    }
    #expect(binaryGCD(.max, .max) == .max && binaryGCD(1 << 63, 1 << 62) == 1 << 62 && binaryGCD(0, 0) == 0)
  }

  @Test func shiftLeftMultipliesByPowerOfTwo() {
    var bad: [String] = []
    for a in Self.boundary {
      for n in [0, 1, 2, 30, 62, 63, 64, 65, 200] {
        let got = BigInt(a)!.shiftedLeft(by: n)
        let r = RefQ(a), t = RefQ()
        withExtendedLifetime(r) { __gmpz_mul_2exp(t.num, r.num, mp_bitcnt_t(n)) }
        if got.description != mpzText(t.num) || !got.isCanonical() { bad.append("\(a) << \(n) = \(got)") }
      }
    }
    #expect(bad.isEmpty, "\(bad.prefix(10))")
    #expect(!BigInt(1 << 62).shiftedLeft(by: 1).isInline)
    #expect(!BigInt(-(1 << 62)).shiftedLeft(by: 1).isInline)  // Int64.min is not inline
    #expect(BigInt(1 << 61).shiftedLeft(by: 1).isInline)
  }

  @Test func powerMatchesGMP() {
    for a in Self.boundary where a.count < 25 {
      for k in [0, 1, 2, 3, 5] {
        let got = BigInt(a)!.power(k)
        let r = RefQ(a), t = RefQ()
        withExtendedLifetime(r) { __gmpz_pow_ui(t.num, r.num, UInt(k)) }
        #expect(got.description == mpzText(t.num) && got.isCanonical(), "\(a)^\(k)")
      }
    }
  }

  @Test func parseRoundTrip() {
    for a in Self.boundary {
      let x = BigInt(a)
      #expect(x?.description == a && x?.isCanonical() == true, "\(a)")
    }
    forEachSeededCase(count: 300, seed: 0x1B4) { rng, seed in
      let text = Gen.integerText(using: &rng)
      #expect(BigInt(text)?.description == text, "seed \(seed)")
      #expect(BigInt(text).map { BigInt($0.description) == $0 } == true, "seed \(seed)")
    }
    #expect(BigInt("+42") == 42 && BigInt("-0") == 0 && BigInt("000123") == 123)
    #expect(BigInt("-000000000000000000000009223372036854775808")?.description == "-9223372036854775808")
  }

  @Test(arguments: ["", "-", "+", " 1", "1 ", "0x1", "1.0", "1e3", "--1", "+-1", "١", "12a", "1_0", "99999999999999999999 1"])
  func parseRejects(text: String) {
    #expect(BigInt(text) == nil)
  }

  @Test func propertiesOnBoundaryValues() {
    for a in Self.boundary {
      let x = BigInt(a)!, r = RefQ(a)
      defer { withExtendedLifetime(r) {} }
      #expect(x.signum == Int(aajr_mpz_sgn(r.num)), "\(a)")
      #expect(x.bitLength == (x.isZero ? 0 : Int(__gmpz_sizeinbase(r.num, 2))), "\(a)")
      #expect(x.isOdd == (aajr_mpz_odd(r.num) != 0), "\(a)")
      #expect(x.magnitude.description == (a.hasPrefix("-") ? String(a.dropFirst()) : a) && x.magnitude.isCanonical(), "\(a)")
      #expect((-x).description == (a.hasPrefix("-") ? String(a.dropFirst()) : (a == "0" ? "0" : "-" + a)), "\(a)")
      let fits = aajr_mpz_fits_slong(r.num) != 0
      #expect((x.intValue != nil) == fits, "\(a)")
      if let v = x.intValue { #expect(String(v) == a, "\(a)") }
    }
  }
}
