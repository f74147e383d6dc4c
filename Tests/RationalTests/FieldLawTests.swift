import LinearAlgebra
import TestSupport
import Testing
@testable import Rational

/// The field axioms and the compatibility of the order with `+` and `·`, on random values
/// that mix small, near-boundary and big numerators and denominators. Every result is
/// checked for canonical form.
@Suite struct FieldLawTests {
  static let cases = 300

  /// Whether every value is in canonical form (and the representation matches the size).
  func canonical(_ values: Rational...) -> Bool { values.allSatisfy { $0.isCanonical() } }

  @Test func generatorsCoverEveryRegime() {
    var inline = 0, heap = 0, nearBoundary = 0
    forEachSeededCase(count: Self.cases, seed: 0xA10) { rng, _ in
      let x = Gen.rational(using: &rng)
      if x.isInline { inline += 1 } else { heap += 1 }
      if (62...65).contains(x.numerator.bitLength) || (62...65).contains(x.denominator.bitLength) { nearBoundary += 1 }
    }
    #expect(inline >= Self.cases / 5 && heap >= Self.cases / 5 && nearBoundary >= Self.cases / 5,
            "inline \(inline), heap \(heap), near the boundary \(nearBoundary)")
  }

  @Test func additionCommutes() {
    forEachSeededCase(count: Self.cases, seed: 0xA11) { rng, seed in
      let x = Gen.rational(using: &rng), y = Gen.rational(using: &rng)
      #expect(x + y == y + x, "seed \(seed)")
      #expect(canonical(x, y, x + y), "seed \(seed)")
    }
  }

  @Test func additionAssociates() {
    forEachSeededCase(count: Self.cases, seed: 0xA12) { rng, seed in
      let x = Gen.rational(using: &rng), y = Gen.rational(using: &rng), z = Gen.rational(using: &rng)
      #expect((x + y) + z == x + (y + z), "seed \(seed)")
      #expect(canonical(x + y, y + z, (x + y) + z, x + (y + z)), "seed \(seed)")
    }
  }

  @Test func zeroIsAdditiveIdentity() {
    forEachSeededCase(count: Self.cases, seed: 0xA13) { rng, seed in
      let x = Gen.rational(using: &rng)
      #expect(x + .zero == x && .zero + x == x && x - .zero == x, "seed \(seed)")
    }
  }

  @Test func negationIsAdditiveInverse() {
    forEachSeededCase(count: Self.cases, seed: 0xA14) { rng, seed in
      let x = Gen.rational(using: &rng)
      #expect(x + (-x) == .zero, "seed \(seed)")
      #expect(x - x == .zero, "seed \(seed)")
      #expect(-(-x) == x, "seed \(seed)")
      #expect(canonical(-x, x + (-x), x - x), "seed \(seed)")
    }
  }

  @Test func subtractionIsAdditionOfNegation() {
    forEachSeededCase(count: Self.cases, seed: 0xA15) { rng, seed in
      let x = Gen.rational(using: &rng), y = Gen.rational(using: &rng)
      #expect(x - y == x + (-y), "seed \(seed)")
      #expect(x - y == -(y - x), "seed \(seed)")
      #expect(canonical(x - y, y - x), "seed \(seed)")
    }
  }

  @Test func multiplicationCommutes() {
    forEachSeededCase(count: Self.cases, seed: 0xA16) { rng, seed in
      let x = Gen.rational(using: &rng), y = Gen.rational(using: &rng)
      #expect(x * y == y * x, "seed \(seed)")
      #expect(canonical(x * y), "seed \(seed)")
    }
  }

  @Test func multiplicationAssociates() {
    forEachSeededCase(count: Self.cases, seed: 0xA17) { rng, seed in
      let x = Gen.rational(using: &rng), y = Gen.rational(using: &rng), z = Gen.rational(using: &rng)
      #expect((x * y) * z == x * (y * z), "seed \(seed)")
      #expect(canonical(x * y, y * z, (x * y) * z), "seed \(seed)")
    }
  }

  @Test func oneIsMultiplicativeIdentity() {
    forEachSeededCase(count: Self.cases, seed: 0xA18) { rng, seed in
      let x = Gen.rational(using: &rng)
      #expect(x * .one == x && .one * x == x && x / .one == x, "seed \(seed)")
      #expect(x * .zero == .zero, "seed \(seed)")
    }
  }

  @Test func reciprocalIsMultiplicativeInverse() {
    forEachSeededCase(count: Self.cases, seed: 0xA19) { rng, seed in
      let x = Gen.nonZeroRational(using: &rng)
      let r = x.reciprocal!
      #expect(x * r == .one, "seed \(seed)")
      #expect(x / x == .one, "seed \(seed)")
      #expect(r.reciprocal == x, "seed \(seed)")
      #expect(canonical(r, x * r), "seed \(seed)")
    }
    #expect(Rational.zero.reciprocal == nil)
  }

  @Test func divisionIsMultiplicationByReciprocal() {
    forEachSeededCase(count: Self.cases, seed: 0xA1A) { rng, seed in
      let x = Gen.rational(using: &rng), y = Gen.nonZeroRational(using: &rng)
      #expect(x / y == x * y.reciprocal!, "seed \(seed)")
      #expect((x / y) * y == x, "seed \(seed)")
      #expect(canonical(x / y), "seed \(seed)")
    }
  }

  @Test func multiplicationDistributesOverAddition() {
    forEachSeededCase(count: Self.cases, seed: 0xA1B) { rng, seed in
      let x = Gen.rational(using: &rng), y = Gen.rational(using: &rng), z = Gen.rational(using: &rng)
      #expect(x * (y + z) == x * y + x * z, "seed \(seed)")
      #expect((y - z) * x == y * x - z * x, "seed \(seed)")
      #expect(canonical(x * (y + z), x * y + x * z), "seed \(seed)")
    }
  }

  @Test func compoundAssignmentMatchesOperators() {
    forEachSeededCase(count: Self.cases, seed: 0xA1C) { rng, seed in
      let x = Gen.rational(using: &rng), y = Gen.nonZeroRational(using: &rng)
      var s = x; s += y
      var d = x; d -= y
      var p = x; p *= y
      var q = x; q /= y
      #expect(s == x + y && d == x - y && p == x * y && q == x / y, "seed \(seed)")
      #expect(canonical(s, d, p, q), "seed \(seed)")
      // a running sum that reuses its heap storage in place stays exact
      var acc = x
      for _ in 0..<4 { acc += y; acc *= y; acc -= x }
      var ref = x
      for _ in 0..<4 { ref = (ref + y) * y - x }
      #expect(acc == ref && canonical(acc), "seed \(seed)")
    }
  }

  // MARK: Order

  @Test func orderIsTotal() {
    forEachSeededCase(count: Self.cases, seed: 0xB01) { rng, seed in
      let x = Gen.rational(using: &rng), y = Gen.rational(using: &rng)
      let relations = [x < y, x == y, y < x].filter { $0 }.count
      #expect(relations == 1, "seed \(seed)")
      #expect((x < y) == (RefQ(x).compare(RefQ(y)) < 0), "seed \(seed)")
      #expect((x < y) == ((y - x).signum > 0), "seed \(seed)")
    }
  }

  @Test func orderIsTransitive() {
    forEachSeededCase(count: Self.cases, seed: 0xB02) { rng, seed in
      let v = [Gen.rational(using: &rng), Gen.rational(using: &rng), Gen.rational(using: &rng)].sorted()
      #expect(v[0] <= v[1] && v[1] <= v[2] && v[0] <= v[2], "seed \(seed)")
    }
  }

  @Test func orderIsCompatibleWithAddition() {
    forEachSeededCase(count: Self.cases, seed: 0xB03) { rng, seed in
      let x = Gen.rational(using: &rng), y = Gen.rational(using: &rng), z = Gen.rational(using: &rng)
      #expect((x < y) == (x + z < y + z), "seed \(seed)")
      #expect((x <= y) == (x - z <= y - z), "seed \(seed)")
    }
  }

  @Test func orderIsCompatibleWithMultiplication() {
    forEachSeededCase(count: Self.cases, seed: 0xB04) { rng, seed in
      let x = Gen.rational(using: &rng), y = Gen.rational(using: &rng)
      let z = Gen.nonZeroRational(using: &rng)
      if z > .zero {
        #expect((x < y) == (x * z < y * z), "seed \(seed)")
      } else {
        #expect((x < y) == (x * z > y * z), "seed \(seed)")
      }
      if x > .zero && y > .zero { #expect(x * y > .zero, "seed \(seed)") }
      #expect(x * x >= .zero, "seed \(seed)")
    }
  }
}
