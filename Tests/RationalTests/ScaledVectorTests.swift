import LinearAlgebra
import TestSupport
import Testing
@testable import Rational

/// Every `ScaledVector` / `ScaledMatrix` / `Fraction` operation against the plain
/// `[Rational]` computation, on random vectors mixing small values, values at the
/// inline boundary (±2^62, ±2^63, 2^64 ± 1, runs of 1 bits), big values, dyadic values,
/// and vectors whose common denominator is not reduced.
@Suite struct ScaledVectorTests {
  static let seed: UInt64 = 0x5CA1_ED00_2026

  /// Integers at the edges of the word representation.
  static let boundaryIntegers: [Rational] = {
    let texts = ["0", "1", "2", "3", "4611686018427387903", "4611686018427387904", "4611686018427387905",
                 "9223372036854775807", "9223372036854775808", "9223372036854775809",
                 "18446744073709551615", "18446744073709551616", "18446744073709551617",
                 "2305843009213693951", "36893488147419103231", "170141183460469231731687303715884105727"]
    let positive = texts.map { try! Rational(parsing: $0) }
    return positive + positive.filter { !$0.isZero }.map { -$0 }
  }()

  /// One entry: a boundary integer, a boundary integer over another, a dyadic value,
  /// a small fraction, or `Gen.rational` (small, boundary or big parts).
  static func entry(_ rng: inout SeededGenerator) -> Rational {
    switch Int.random(in: 0..<6, using: &rng) {
    case 0: return boundaryIntegers.randomElement(using: &rng)!
    case 1:
      let d = boundaryIntegers.filter { !$0.isZero }.randomElement(using: &rng)!
      return boundaryIntegers.randomElement(using: &rng)! / d
    case 2: return Rational(Int.random(in: -5000...5000, using: &rng), 1 << Int.random(in: 0...62, using: &rng))
    case 3: return Rational.random(numerator: 9, denominator: 9, using: &rng)
    case 4: return [Rational(0), 1, -1].randomElement(using: &rng)!
    default: return Gen.rational(using: &rng)
    }
  }

  static func values(_ n: Int, _ rng: inout SeededGenerator) -> [Rational] { (0..<n).map { _ in entry(&rng) } }

  /// A vector holding `xs`, sometimes over a deliberately unreduced denominator.
  static func vector(_ xs: [Rational], _ rng: inout SeededGenerator) -> ScaledVector {
    let v = ScaledVector(xs)
    switch Int.random(in: 0..<3, using: &rng) {
    case 0: return v
    case 1:
      // Numerators times k, then D times k: the same values over k·D.
      let k = [2, 3, 6, 1 << 40, Int.max].randomElement(using: &rng)!
      return v.scaled(by: Rational(k)).scaled(by: Rational(1, k))
    default:
      // Multiply numerators and D by the same factor through aligned().
      let other = ScaledVector(xs.map { _ in Rational(1, [3, 4, 1 << 40, 6].randomElement(using: &rng)!) })
      return ScaledVector.aligned(v, other).0
    }
  }

  @Test func roundTripAndNormalisation() {
    forEachSeededCase(count: 300, seed: Self.seed) { rng, caseSeed in
      let xs = Self.values(Int.random(in: 0...6, using: &rng), &rng)
      let v = ScaledVector(xs)
      #expect(v.rationals == xs, "seed \(caseSeed)")
      for i in xs.indices {
        #expect(v[i] == xs[i] && v.signum(i) == xs[i].signum, "seed \(caseSeed) i=\(i)")
      }
      #expect(v.isZero == xs.allSatisfy(\.isZero), "seed \(caseSeed)")
      let w = Self.vector(xs, &rng)
      #expect(w.rationals == xs, "seed \(caseSeed)")
      let n = w.normalized()
      #expect(n.rationals == xs, "seed \(caseSeed)")
      #expect(n.denominatorBitWidth == v.denominatorBitWidth, "seed \(caseSeed): normalised D is the lcm")
      #expect(n == v && (xs.isEmpty || n != ScaledVector(xs.map { $0 + 1 })), "seed \(caseSeed)")
    }
  }

  @Test func sumsScalingsAndAlignment() {
    forEachSeededCase(count: 300, seed: Self.seed &+ 1) { rng, caseSeed in
      let n = Int.random(in: 1...6, using: &rng)
      let xs = Self.values(n, &rng), ys = Self.values(n, &rng)
      let r = Self.entry(&rng)
      let x = Self.vector(xs, &rng), y = Self.vector(ys, &rng)
      #expect((x + y).rationals == zip(xs, ys).map { $0 + $1 }, "seed \(caseSeed)")
      #expect((x - y).rationals == zip(xs, ys).map { $0 - $1 }, "seed \(caseSeed)")
      #expect((x - x).isZero, "seed \(caseSeed)")
      #expect(x.scaled(by: r).rationals == xs.map { r * $0 }, "seed \(caseSeed) r=\(r)")
      #expect(x.adding(y, times: r).rationals == zip(xs, ys).map { $0 + r * $1 }, "seed \(caseSeed) r=\(r)")
      let (a, b) = ScaledVector.aligned(x, y)
      #expect(a.rationals == xs && b.rationals == ys, "seed \(caseSeed)")
      #expect(a.denominatorBitWidth == b.denominatorBitWidth, "seed \(caseSeed)")
    }
  }

  @Test func dotProductsAndNorms() {
    forEachSeededCase(count: 300, seed: Self.seed &+ 2) { rng, caseSeed in
      let n = Int.random(in: 0...6, using: &rng)
      let xs = Self.values(n, &rng), ys = Self.values(n, &rng)
      let x = Self.vector(xs, &rng), y = Self.vector(ys, &rng)
      let dot = zip(xs, ys).reduce(Rational.zero) { $0 + $1.0 * $1.1 }
      #expect(x.dot(y) == dot, "seed \(caseSeed)")
      #expect(x.squaredNorm == xs.reduce(Rational.zero) { $0 + $1 * $1 }, "seed \(caseSeed)")
    }
  }

  @Test func comparisonsWithKinksAndBoxes() {
    let levels: [Rational] = [0, 1, -1, 2, -3, Rational(1, 2), Rational(-7, 3)] + Self.boundaryIntegers.prefix(8)
    forEachSeededCase(count: 300, seed: Self.seed &+ 3) { rng, caseSeed in
      let n = Int.random(in: 1...6, using: &rng)
      // Entries often exactly on a level, to exercise ties.
      let xs = (0..<n).map { _ in Bool.random(using: &rng) ? levels.randomElement(using: &rng)! : Self.entry(&rng) }
      let x = Self.vector(xs, &rng)
      for i in 0..<n {
        for level in levels {
          let expected = xs[i] < level ? -1 : (xs[i] == level ? 0 : 1)
          #expect(x.compare(i, to: level) == expected, "seed \(caseSeed) x=\(xs[i]) level=\(level)")
        }
      }
      let l1 = Self.values(n, &rng), l2 = Self.values(n, &rng)
      let lows = zip(l1, l2).map { Rational.minimum($0, $1) }, highs = zip(l1, l2).map { Rational.maximum($0, $1) }
      let (clamped, clipped) = x.clamped(lower: Self.vector(lows, &rng), upper: Self.vector(highs, &rng))
      let expected = xs.indices.map { i in xs[i] < lows[i] ? lows[i] : (xs[i] > highs[i] ? highs[i] : xs[i]) }
      #expect(clamped.rationals == expected, "seed \(caseSeed)")
      #expect(clipped == (expected != xs), "seed \(caseSeed)")
    }
  }

  @Test func entrywiseAffineMaps() {
    let patterns: [[Rational]] = [[0, 1], [-1, 1], [Rational(1, 3), 1], [0, 1, -1], [Rational(-2, 7), Rational(5, 9)]]
    forEachSeededCase(count: 300, seed: Self.seed &+ 4) { rng, caseSeed in
      let n = Int.random(in: 1...6, using: &rng)
      let xs = Self.values(n, &rng)
      let x = Self.vector(xs, &rng)
      func pick(_ rng: inout SeededGenerator) -> [Rational] {
        if Bool.random(using: &rng) {
          let p = patterns.randomElement(using: &rng)!
          return (0..<n).map { _ in p.randomElement(using: &rng)! }
        }
        return Self.values(n, &rng)  // general (boundary and big) coefficients
      }
      let slopes = pick(&rng), offsets = pick(&rng)
      #expect(x.entrywiseAffine(slopes: slopes).rationals == zip(slopes, xs).map { $0 * $1 }, "seed \(caseSeed)")
      #expect(x.entrywiseAffine(slopes: slopes, offsets: offsets).rationals
                == xs.indices.map { slopes[$0] * xs[$0] + offsets[$0] }, "seed \(caseSeed)")
    }
  }

  @Test func integerMatrixProducts() {
    forEachSeededCase(count: 200, seed: Self.seed &+ 5) { rng, caseSeed in
      let rows = Int.random(in: 1...5, using: &rng), cols = Int.random(in: 1...5, using: &rng)
      let dyadic = Bool.random(using: &rng)
      func entry(_ rng: inout SeededGenerator) -> Rational {
        dyadic ? Rational(Int.random(in: -9...9, using: &rng), 1 << Int.random(in: 0...14, using: &rng)) : Self.entry(&rng)
      }
      let w = (0..<rows).map { _ in (0..<cols).map { _ in entry(&rng) } }
      let bias = (0..<rows).map { _ in entry(&rng) }
      let xs = Self.values(cols, &rng), ys = Self.values(rows, &rng)
      let m = ScaledMatrix(w, bias: bias), plain = ScaledMatrix(w)
      let wx = w.map { row in zip(row, xs).reduce(Rational.zero) { $0 + $1.0 * $1.1 } }
      #expect(plain.times(Self.vector(xs, &rng)).rationals == wx, "seed \(caseSeed)")
      #expect(m.times(Self.vector(xs, &rng)).rationals == wx, "seed \(caseSeed)")
      #expect(m.affine(Self.vector(xs, &rng)).rationals == zip(wx, bias).map { $0 + $1 }, "seed \(caseSeed)")
      #expect(plain.affine(Self.vector(xs, &rng)).rationals == wx, "seed \(caseSeed)")
      let wty = (0..<cols).map { j in (0..<rows).reduce(Rational.zero) { $0 + w[$1][j] * ys[$1] } }
      #expect(m.transposeTimes(Self.vector(ys, &rng)).rationals == wty, "seed \(caseSeed)")
    }
  }

  @Test func kinkCrossingsAsFractions() {
    let levels: [Rational] = [0, 1, -1, Rational(5, 3)]
    forEachSeededCase(count: 300, seed: Self.seed &+ 6) { rng, caseSeed in
      let n = Int.random(in: 1...4, using: &rng)
      let xs = Self.values(n, &rng), ss = Self.values(n, &rng)
      let x = Self.vector(xs, &rng), s = Self.vector(ss, &rng)
      var best: (Fraction, Rational)?
      for i in 0..<n where !ss[i].isZero {
        for level in levels {
          let tau = x.crossing(i, slope: s, level: level), exact = (level - xs[i]) / ss[i]
          #expect(tau.reduced == exact, "seed \(caseSeed)")
          if let (bf, br) = best {
            #expect((tau < bf) == (exact < br) && (bf < tau) == (br < exact), "seed \(caseSeed)")
          }
          #expect(!(tau < tau) && (Fraction(exact) < tau) == false, "seed \(caseSeed)")
          best = (tau, exact)
        }
      }
      let r = Self.entry(&rng)
      #expect(Fraction(r).reduced == r, "seed \(caseSeed)")
    }
  }
}
