internal import CGMP

/// An arbitrary-precision signed integer.
///
/// Representation: values in `(Int64.min, Int64.max]` are stored inline; all others
/// in a GMP `mpz_t` on the heap. Exactly one representation per value, so `==` and
/// `hash(into:)` agree across representations. Copies share the heap value.
/// - Inline (`Storage.small(v)`): `v ≠ Int64.min`, so `-v` never overflows.
/// - Heap (`Storage.big(MPZ)`): `|value| ≥ 2^63`; never 0 or any other word-sized value.
///   Only `init(_: Int)` is `@inlinable` (its `Int.min` case is one out-of-line call);
///   everything touching GMP is compiled in this module only (`CGMP` is an
///   `internal import`). `@frozen` as for `Rational`.
///
/// Properties:
/// - `+`, `-`, `*` are exact (never overflow, never trap).
/// - `quotientAndRemainder(dividingBy:)` truncates toward zero, like `Int`;
///   `floorDivided(by:)` rounds toward −∞. Division by zero is a precondition failure
///   that is checked in Swift before GMP is called.
@frozen public struct BigInt: Sendable {
  @frozen @usableFromInline enum Storage: Sendable {
    case small(Int64)
    case big(MPZ)
  }

  @usableFromInline var storage: Storage

  @inlinable init(storage: Storage) { self.storage = storage }

  /// Creates the integer `value`.
  @inlinable public init(_ value: Int) {
    if value == Int.min {
      self = .int64Min
    } else {
      self.init(storage: .small(Int64(value)))
    }
  }

  /// `Int64.min = −2^63`, the one machine word outside the inline range (on the heap).
  @usableFromInline static var int64Min: BigInt { BigInt(storage: .big(MPZ(Int64.min))) }

  /// Takes ownership of `box`, demoting to the inline form when the value fits.
  static func adopting(_ box: MPZ) -> BigInt {
    if fitsInline(box.p) { return BigInt(storage: .small(Int64(__gmpz_get_si(box.p)))) }
    return BigInt(storage: .big(box))
  }

  /// A copy of `z`'s value.
  static func copying(_ z: UnsafePointer<__mpz_struct>) -> BigInt {
    if fitsInline(z) { return BigInt(storage: .small(Int64(__gmpz_get_si(z)))) }
    return BigInt(storage: .big(MPZ(copying: z)))
  }

  /// Runs `body` with a read-only `mpz_t` holding this value.
  func withMPZ<R>(_ body: (UnsafePointer<__mpz_struct>) throws -> R) rethrows -> R {
    switch storage {
    case .small(let v): return try withTemporaryMPZ(v) { try body($0) }
    case .big(let b): return try body(b.p)
    }
  }

  /// Applies the GMP binary operation `op` to `a` and `b` into a fresh integer.
  static func gmp(
    _ a: BigInt, _ b: BigInt,
    _ op: (UnsafeMutablePointer<__mpz_struct>, UnsafePointer<__mpz_struct>, UnsafePointer<__mpz_struct>) -> Void
  ) -> BigInt {
    let r = MPZ()
    a.withMPZ { pa in b.withMPZ { pb in op(r.p, pa, pb) } }
    return adopting(r)
  }

  /// The value as an `Int`, or nil when it does not fit.
  public var intValue: Int? {
    switch storage {
    case .small(let v): return Int(v)
    case .big(let b): return aajr_mpz_fits_slong(b.p) != 0 ? __gmpz_get_si(b.p) : nil
    }
  }

  /// -1, 0 or 1.
  public var signum: Int {
    switch storage {
    case .small(let v): return v == 0 ? 0 : (v < 0 ? -1 : 1)
    case .big(let b): return Int(aajr_mpz_sgn(b.p))
    }
  }

  public var isZero: Bool { if case .small(0) = storage { return true } else { return false } }

  /// Number of bits of `|self|` (0 for 0).
  public var bitLength: Int {
    switch storage {
    case .small(let v): return v == 0 ? 0 : 64 - v.magnitude.leadingZeroBitCount
    case .big(let b): return Int(__gmpz_sizeinbase(b.p, 2))
    }
  }

  /// `|self|`.
  public var magnitude: BigInt { signum < 0 ? -self : self }

  /// The greatest common divisor, non-negative; `gcd(0, 0) = 0`.
  public static func gcd(_ a: BigInt, _ b: BigInt) -> BigInt {
    if case .small(let x) = a.storage, case .small(let y) = b.storage {
      return BigInt(storage: .small(Int64(bitPattern: binaryGCD(x.magnitude, y.magnitude))))
    }
    return gmp(a, b) { __gmpz_gcd($0, $1, $2) }
  }

  /// `self · 2^n` for `n ≥ 0`.
  public func shiftedLeft(by n: Int) -> BigInt {
    precondition(n >= 0)
    let r = MPZ()
    withMPZ { __gmpz_mul_2exp(r.p, $0, mp_bitcnt_t(n)) }
    return .adopting(r)
  }

  /// `self^n` for `n ≥ 0`.
  public func power(_ n: Int) -> BigInt {
    precondition(n >= 0)
    let r = MPZ()
    withMPZ { __gmpz_pow_ui(r.p, $0, UInt(n)) }
    return .adopting(r)
  }

  /// `floor(sqrt(self))` for `self ≥ 0`, and whether the root is exact.
  public func squareRootFloor() -> (root: BigInt, exact: Bool) {
    precondition(signum >= 0, "square root of a negative integer")
    let r = MPZ(), rem = MPZ()
    withMPZ { __gmpz_sqrtrem(r.p, rem.p, $0) }
    return (.adopting(r), aajr_mpz_sgn(rem.p) == 0)
  }

  /// Truncating division: `self = q·d + r` with `|r| < |d|` and `r` of the sign of `self`.
  public func quotientAndRemainder(dividingBy d: BigInt) -> (quotient: BigInt, remainder: BigInt) {
    precondition(!d.isZero, "BigInt division by zero")
    if case .small(let x) = storage, case .small(let y) = d.storage {
      return (BigInt(Int(x / y)), BigInt(Int(x % y)))  // cannot overflow: x > Int64.min
    }
    let q = MPZ(), r = MPZ()
    withMPZ { a in d.withMPZ { b in __gmpz_tdiv_qr(q.p, r.p, a, b) } }
    return (.adopting(q), .adopting(r))
  }

  /// `floor(self / d)`.
  public func floorDivided(by d: BigInt) -> BigInt {
    precondition(!d.isZero, "BigInt division by zero")
    let q = MPZ()
    withMPZ { a in d.withMPZ { b in __gmpz_fdiv_q(q.p, a, b) } }
    return .adopting(q)
  }

  /// Whether the value is odd.
  public var isOdd: Bool {
    switch storage {
    case .small(let v): return v & 1 != 0
    case .big(let b): return aajr_mpz_odd(b.p) != 0
    }
  }
}

/// Binary (Stein) gcd of two machine words; `gcd(0, 0) = 0`.
///
/// The loop keeps `v` odd and replaces `(u, v)` by `(|u − v|, min(u, v))`, shifting out
/// the trailing zeros of the difference on the next round; the comparison compiles to
/// conditional moves, so the loop has no data-dependent branch but its exit.
@inlinable
func binaryGCD(_ a: UInt64, _ b: UInt64) -> UInt64 {
  if a == 0 { return b }
  if b == 0 { return a }
  var u = a, v = b
  var uz = u.trailingZeroBitCount
  let vz = v.trailingZeroBitCount
  let shift = Swift.min(uz, vz)
  v &>>= UInt64(vz)
  repeat {
    u &>>= UInt64(uz)  // u, v odd
    let d = u &- v
    uz = d.trailingZeroBitCount  // equals that of |u − v|
    let m = Swift.min(u, v)
    u = u > v ? d : v &- u
    v = m
  } while u != 0
  return v &<< UInt64(shift)
}
