internal import CGMP

extension Rational: SignedNumeric {
  public typealias Magnitude = Rational
  public typealias IntegerLiteralType = Int

  @inlinable public init(integerLiteral value: Int) { self.init(value) }

  public init?<T: BinaryInteger>(exactly source: T) {
    guard let b = BigInt(exactly: source) else { return nil }
    self.init(b)
  }

  @inlinable public static var zero: Rational { Rational(canonicalSmall: 0, 1) }
  @inlinable public static var one: Rational { Rational(canonicalSmall: 1, 1) }

  @inlinable public static func + (x: Rational, y: Rational) -> Rational {
    if case .small(let a, let b) = x.storage, case .small(let c, let d) = y.storage,
       let (n, q) = Small.add(a, b, c, d) {
      return Rational(canonicalSmall: n, q)
    }
    return heapSum(x, y)
  }

  @inlinable public static func - (x: Rational, y: Rational) -> Rational {
    if case .small(let a, let b) = x.storage, case .small(let c, let d) = y.storage,
       let (n, q) = Small.add(a, b, -c, d) {
      return Rational(canonicalSmall: n, q)
    }
    return heapDifference(x, y)
  }

  @inlinable public static func * (x: Rational, y: Rational) -> Rational {
    if case .small(let a, let b) = x.storage, case .small(let c, let d) = y.storage,
       let (n, q) = Small.mul(a, b, c, d) {
      return Rational(canonicalSmall: n, q)
    }
    return heapProduct(x, y)
  }

  /// `x / y`. Precondition: `y ≠ 0` (checked in Swift before GMP is reached).
  @inlinable public static func / (x: Rational, y: Rational) -> Rational {
    precondition(!y.isZero, "Rational division by zero")
    if case .small(let a, let b) = x.storage, case .small(let c, let d) = y.storage {
      let (c1, d1) = c < 0 ? (-d, -c) : (d, c)
      if let (n, q) = Small.mul(a, b, c1, d1) { return Rational(canonicalSmall: n, q) }
    }
    return heapQuotient(x, y)
  }

  @inlinable public static func += (x: inout Rational, y: Rational) {
    if case .small = x.storage { x = x + y } else { x.formOnHeap(.add, y) }
  }
  @inlinable public static func -= (x: inout Rational, y: Rational) {
    if case .small = x.storage { x = x - y } else { x.formOnHeap(.subtract, y) }
  }
  @inlinable public static func *= (x: inout Rational, y: Rational) {
    if case .small = x.storage { x = x * y } else { x.formOnHeap(.multiply, y) }
  }
  @inlinable public static func /= (x: inout Rational, y: Rational) {
    precondition(!y.isZero, "Rational division by zero")
    if case .small = x.storage { x = x / y } else { x.formOnHeap(.divide, y) }
  }

  @inlinable public static prefix func - (x: Rational) -> Rational {
    switch x.storage {
    case .small(let n, let d): return Rational(canonicalSmall: -n, d)
    case .big: return heapNegation(x)
    }
  }

  @inlinable public mutating func negate() { self = -self }

  /// `|self|`.
  @inlinable public var magnitude: Rational { signum < 0 ? -self : self }

  /// -1, 0 or 1.
  @inlinable public var signum: Int {
    switch storage {
    case .small(let n, _): return n == 0 ? 0 : (n < 0 ? -1 : 1)
    case .big: return heapSignum()
    }
  }

  /// `1/self`, or nil for zero.
  public var reciprocal: Rational? {
    switch storage {
    case .small(let n, let d):
      if n == 0 { return nil }
      return n < 0 ? Rational(canonicalSmall: -d, -n) : Rational(canonicalSmall: d, n)
    case .big(let b):
      let r = MPQ()
      __gmpq_inv(r.p, b.p)
      return .adopting(r)
    }
  }

  /// `self^k` for any integer k; precondition: `self ≠ 0` when `k < 0`.
  public func power(_ k: Int) -> Rational {
    if k < 0 {
      guard let r = reciprocal else { preconditionFailure("Rational: zero to a negative power") }
      return r.power(-k)
    }
    let n = numerator.power(k), d = denominator.power(k)
    return try! Rational(numerator: n, denominator: d)
  }

  /// `self · 2^k` for any integer k.
  public func scaled(byPowerOfTwo k: Int) -> Rational {
    if k == 0 || isZero { return self }
    let r = makeMPQ()
    if k > 0 { __gmpq_mul_2exp(r.p, r.p, mp_bitcnt_t(k)) } else { __gmpq_div_2exp(r.p, r.p, mp_bitcnt_t(-k)) }
    return .adopting(r)
  }
}

extension Rational: Comparable, Hashable {
  @inlinable public static func == (x: Rational, y: Rational) -> Bool {
    switch (x.storage, y.storage) {
    case (.small(let a, let b), .small(let c, let d)): return a == c && b == d
    case (.big, .big): return heapEqual(x, y)
    default: return false  // one representation per value
    }
  }

  @inlinable public static func < (x: Rational, y: Rational) -> Bool {
    if case .small(let a, let b) = x.storage, case .small(let c, let d) = y.storage {
      return Small.less(a, b, c, d)
    }
    return heapLess(x, y)
  }

  public func hash(into hasher: inout Hasher) {
    switch storage {
    case .small(let n, let d):
      hasher.combine(n)
      hasher.combine(d)
    case .big(let b):
      hasher.combine(aajr_mpq_sgn(b.p))
      for z in [b.num, b.den] {
        let n = __gmpz_size(z)
        hasher.combine(n)
        for i in 0..<n { hasher.combine(__gmpz_getlimbn(z, mp_size_t(i))) }
      }
    }
  }
}

extension Rational {
  /// The largest integer `≤ self`.
  public var floor: BigInt {
    if case .small(let n, let d) = storage {
      let q = n / d, r = n % d
      return BigInt(Int(r < 0 ? q - 1 : q))
    }
    return numerator.floorDivided(by: denominator)
  }

  /// The smallest integer `≥ self`.
  public var ceiling: BigInt { -((-self).floor) }

  /// The nearest integer, ties to even.
  public var roundedToNearestEven: BigInt {
    let f = floor
    let frac = self - Rational(f)
    let half = Rational(canonicalSmall: 1, 2)
    if frac < half { return f }
    if frac > half { return f + 1 }
    return f.isOdd ? f + 1 : f
  }

  /// Rounds to an integer with the given rule.
  public func rounded(_ rule: FloatingPointRoundingRule = .toNearestOrAwayFromZero) -> BigInt {
    switch rule {
    case .down: return floor
    case .up: return ceiling
    case .towardZero: return signum < 0 ? ceiling : floor
    case .awayFromZero: return signum < 0 ? floor : ceiling
    case .toNearestOrEven: return roundedToNearestEven
    case .toNearestOrAwayFromZero:
      let m = magnitude + Rational(canonicalSmall: 1, 2)
      return signum < 0 ? -m.floor : m.floor
    @unknown default: return roundedToNearestEven
    }
  }
}
