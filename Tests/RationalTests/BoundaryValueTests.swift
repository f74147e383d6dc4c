import CGMP
import LinearAlgebra
import Testing
@testable import Rational

/// Every operation on operands at the edges of the inline representation, compared with
/// a reference computed by GMP alone (`__gmpq_*` on `mpq_t` values built from the same
/// integers), and checked for canonical form.
@Suite struct BoundaryValueTests {
  /// Magnitudes around the inline boundary: 0, 1, 2, 2^62 ± 1, 2^63 − 1, 2^63 (the
  /// magnitude of `Int64.min`), 2^63 + 1, 2^64 ± 1, and runs of ones 2^k − 1.
  static let magnitudes: [String] = {
    var m = ["0", "1", "2", "3"]
    for (k, offsets) in [(62, [-1, 0, 1]), (63, [-1, 0, 1]), (64, [-1, 0, 1])] {
      for o in offsets { m.append(powerOfTwoText(k, plus: o)) }
    }
    for k in [61, 65, 66, 127, 128, 200] { m.append(powerOfTwoText(k, plus: -1)) }
    return m
  }()

  static let numerators: [String] = magnitudes + magnitudes.filter { $0 != "0" }.map { "-" + $0 }

  /// Denominators for the unary checks: every nonzero magnitude, and a few negative ones.
  static let denominators: [String] =
    magnitudes.filter { $0 != "0" } + ["-1", "-" + powerOfTwoText(63, plus: 0), "-" + powerOfTwoText(63, plus: -1)]

  /// A boundary operand: the `Rational` under test and its GMP reference.
  struct Operand: CustomStringConvertible, Sendable {
    let value: Rational
    let ref: RefQ
    let text: String  // the input "n/d"
    var description: String { text }
  }

  static func operand(_ n: String, _ d: String) -> Operand {
    let value = try! Rational(numerator: BigInt(n)!, denominator: BigInt(d)!)
    return Operand(value: value, ref: RefQ(n, d), text: "\(n)/\(d)")
  }

  static let all: [Operand] = numerators.flatMap { n in denominators.map { d in operand(n, d) } }

  /// A smaller set for the binary operations (all pairs).
  static let pairOperands: [Operand] = {
    let dens = ["1", "3", powerOfTwoText(62, plus: 1), powerOfTwoText(63, plus: -1), powerOfTwoText(63, plus: 0),
                powerOfTwoText(64, plus: -1), powerOfTwoText(128, plus: -1)]
    return numerators.flatMap { n in dens.map { d in operand(n, d) } }
  }()

  @Test func constructionMatchesGMP() {
    var bad: [String] = []
    for x in Self.all {
      if x.value.description != x.ref.text || !x.value.isCanonical() { bad.append("\(x): \(x.value)") }
      if x.value != (try! Rational(parsing: x.ref.text)) { bad.append("\(x): parse") }
    }
    #expect(bad.isEmpty, "\(bad.prefix(10))")
  }

  @Test func unaryOperationsMatchGMP() {
    var bad: [String] = []
    func check(_ name: String, _ x: Operand, _ r: Rational, _ ref: RefQ) {
      if r.description != ref.text || !r.isCanonical() { bad.append("\(name)(\(x)) = \(r), GMP \(ref.text)") }
    }
    for x in Self.all {
      let v = x.value
      check("negation", x, -v, x.ref.negated())
      var n = v; n.negate()
      check("negate()", x, n, x.ref.negated())
      check("magnitude", x, v.magnitude, x.ref.magnitude())
      if v.signum != x.ref.sign { bad.append("signum(\(x))") }
      if let r = v.reciprocal {
        check("reciprocal", x, r, x.ref.inverse())
      } else if x.ref.sign != 0 {
        bad.append("reciprocal(\(x)) = nil")
      }
      for k in [0, 1, 2, 3] { check("power\(k)", x, v.power(k), x.ref.power(k)) }
      if x.ref.sign != 0 {
        for k in [-1, -2] { check("power\(k)", x, v.power(k), x.ref.inverse().power(-k)) }
      }
      let rounding: [(String, FloatingPointRoundingRule)] = [
        ("down", .down), ("up", .up), ("towardZero", .towardZero), ("awayFromZero", .awayFromZero),
        ("toNearestOrEven", .toNearestOrEven), ("toNearestOrAwayFromZero", .toNearestOrAwayFromZero),
      ]
      for (name, rule) in rounding {
        let got = v.rounded(rule)
        let want = referenceRounded(x.ref, rule)
        if got.description != want || !got.isCanonical() { bad.append("rounded(\(name))(\(x)) = \(got), GMP \(want)") }
      }
      if v.floor.description != referenceRounded(x.ref, .down) { bad.append("floor(\(x))") }
      if v.ceiling.description != referenceRounded(x.ref, .up) { bad.append("ceiling(\(x))") }
      if v.roundedToNearestEven.description != referenceRounded(x.ref, .toNearestOrEven) { bad.append("rne(\(x))") }
      // hash agrees with a value of the same number built from GMP's text
      let again = try! Rational(parsing: x.ref.text)
      if again != v || again.hashValue != v.hashValue { bad.append("hash(\(x))") }
    }
    #expect(bad.isEmpty, "\(bad.prefix(10))")
  }

  @Test func binaryOperationsMatchGMP() {
    var bad: [String] = []
    func check(_ name: String, _ x: Operand, _ y: Operand, _ r: Rational, _ ref: RefQ) {
      if r.description != ref.text || !r.isCanonical() {
        bad.append("\(x) \(name) \(y) = \(r), GMP \(ref.text)")
      }
    }
    let ops: [(String, RefQ.Op, (Rational, Rational) -> Rational, (inout Rational, Rational) -> Void)] = [
      ("+", { __gmpq_add($0, $1, $2) }, { $0 + $1 }, { $0 += $1 }),
      ("-", { __gmpq_sub($0, $1, $2) }, { $0 - $1 }, { $0 -= $1 }),
      ("*", { __gmpq_mul($0, $1, $2) }, { $0 * $1 }, { $0 *= $1 }),
      ("/", { __gmpq_div($0, $1, $2) }, { $0 / $1 }, { $0 /= $1 }),
    ]
    for x in Self.pairOperands {
      for y in Self.pairOperands {
        let cmp = x.ref.compare(y.ref)
        if (x.value < y.value) != (cmp < 0) || (x.value == y.value) != (cmp == 0)
          || (x.value > y.value) != (cmp > 0) || (x.value <= y.value) != (cmp <= 0) {
          bad.append("compare(\(x), \(y))")
        }
        if (x.value == y.value) && x.value.hashValue != y.value.hashValue { bad.append("hash(\(x), \(y))") }
        for (name, refOp, op, assign) in ops {
          if name == "/" && y.ref.sign == 0 { continue }
          let ref = x.ref.apply(y.ref, refOp)
          check(name, x, y, op(x.value, y.value), ref)
          // shared storage: the compound assignment must not write through to `x`
          var shared = x.value
          assign(&shared, y.value)
          check(name + "=", x, y, shared, ref)
          if x.value.description != x.ref.text { bad.append("\(x) \(name)= \(y) changed its source") }
          // uniquely referenced storage: the in-place path
          var unique = x.value + .zero
          assign(&unique, y.value)
          check(name + "= (in place)", x, y, unique, ref)
        }
      }
      // aliasing: x ∘= x
      var s = x.value + .zero; s += s
      check("+= self", x, x, s, x.ref.apply(x.ref) { __gmpq_add($0, $1, $2) })
      var p = x.value + .zero; p *= p
      check("*= self", x, x, p, x.ref.apply(x.ref) { __gmpq_mul($0, $1, $2) })
    }
    #expect(bad.isEmpty, "\(bad.count) mismatches: \(bad.prefix(10))")
  }

  @Test func cancellationReturnsToInlineForm() {
    // (x + big) − big and (x · big) / big land back on x, inline, for every boundary x.
    let big = try! Rational(parsing: powerOfTwoText(200, plus: -1) + "/" + powerOfTwoText(127, plus: -1))
    var bad: [String] = []
    for x in Self.all {
      let a = (x.value + big) - big
      let m = (x.value * big) / big
      var c = x.value + .zero
      c += big; c -= big
      for r in [a, m, c] where r != x.value || r.hashValue != x.value.hashValue || !r.isCanonical() {
        bad.append("\(x) -> \(r)")
      }
    }
    #expect(bad.isEmpty, "\(bad.prefix(10))")
  }
}

/// The `Int` initializers at `Int.min`, whose magnitude is not inline.
@Suite struct IntInitializerTests {
  @Test(arguments: [
    (Int.min, 1, "-9223372036854775808"), (1, Int.min, "-1/9223372036854775808"), (Int.min, Int.min, "1"),
    (Int.min, -1, "9223372036854775808"), (Int.min, 2, "-4611686018427387904"), (Int.max, Int.min, "-9223372036854775807/9223372036854775808"),
    (-Int.max, -1, "9223372036854775807"), (0, Int.min, "0"), (6, -4, "-3/2"),
  ])
  func intPairInitializerIsCanonical(n: Int, d: Int, text: String) {
    let x = Rational(n, d)
    #expect(x.description == text && x.isCanonical())
    #expect(x == (try! Rational(numerator: BigInt(n), denominator: BigInt(d))))
  }

  @Test func intInitializerAtIntMin() {
    #expect(Rational(Int.min).description == "-9223372036854775808" && !Rational(Int.min).isInline)
    #expect(Rational(Int.max).isInline && Rational(-Int.max).isInline)
    #expect(Rational(exactly: UInt64.max)?.description == "18446744073709551615")
  }
}
