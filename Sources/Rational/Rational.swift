internal import CGMP

/// An exact rational number `p/q` in canonical form.
///
/// Invariants (checked by `checkInvariants()` under `-D AAJR_CHECK_INVARIANTS`):
/// - the denominator is positive and shares no factor with the numerator;
/// - zero is `0/1`;
/// - exactly one representation per value: numerator and denominator are stored
///   inline (two `Int64`, neither equal to `Int64.min`) whenever they fit, and in a
///   heap GMP `mpq_t` otherwise. So `==` and `hash(into:)` agree across representations.
///
/// The two paths:
/// - *Inline* (`Storage.small(n, d)`): `d > 0`, `gcd(|n|, d) = 1`, `n ≠ Int64.min`
///   (so `-n` never overflows), zero is `(0, 1)`. This path is `@inlinable`: the
///   operators add, multiply and compare such pairs in the caller's code
///   (`Rational+SmallArithmetic.swift`) and leave it only when an operand is on the heap
///   or a word would overflow.
/// - *Heap* (`Storage.big(MPQ)`): a GMP `mpq_t` in canonical form (positive
///   denominator, coprime parts) whose numerator or denominator does NOT fit the inline
///   form, so a heap value is never 0 or any value the inline form holds. Everything that
///   touches it is compiled in this module only and reached through one non-inlinable
///   call per operation (`Rational+HeapPath.swift`): `CGMP` is an `internal import`,
///   so no module above this one sees a GMP type or function (checked by
///   `.ci/check-gmp-boundary`).
///
/// Complexity: operations on inline values cost a few machine instructions and one
/// binary gcd on words; on heap values they cost one call, GMP's `mpq_*` and one
/// allocation (none for `+=`, `-=`, `*=`, `/=` when the storage is uniquely referenced).
///
/// `@frozen` says that the one stored `Storage` is part of the inlinable surface; it
/// changes nothing in an ordinary build and lets the interface be built with library
/// evolution (which `.ci/check-gmp-boundary` does).
@frozen public struct Rational: Sendable {
  @frozen @usableFromInline enum Storage: Sendable {
    /// numerator, denominator (> 0), coprime, neither `Int64.min`.
    case small(Int64, Int64)
    /// a canonical `mpq_t` with a numerator or denominator outside the inline range.
    case big(MPQ)
  }

  @usableFromInline var storage: Storage

  @inlinable init(storage: Storage) {
    self.storage = storage
    #if AAJR_CHECK_INVARIANTS
    checkInvariants()
    #endif
  }

  /// A value already known to be canonical and inline-representable.
  @inlinable init(canonicalSmall n: Int64, _ d: Int64) {
    self.init(storage: .small(n, d))
  }

  /// Takes ownership of a canonical `mpq_t`, demoting to the inline form when it fits.
  static func adopting(_ box: MPQ) -> Rational {
    if fitsInline(box.num) && fitsInline(box.den) {
      return Rational(storage: .small(Int64(__gmpz_get_si(box.num)), Int64(__gmpz_get_si(box.den))))
    }
    return Rational(storage: .big(box))
  }

  /// Runs `body` with a read-only `mpq_t` holding this value (a stack temporary for
  /// inline values).
  func withMPQ<R>(_ body: (UnsafePointer<__mpq_struct>) throws -> R) rethrows -> R {
    switch storage {
    case .big(let b): return try body(b.p)
    case .small(let n, let d):
      var q = __mpq_struct()
      return try withUnsafeMutablePointer(to: &q) { p in
        __gmpz_init_set_si(aajr_mpq_numref(p), Int(n))
        __gmpz_init_set_si(aajr_mpq_denref(p), Int(d))
        defer { __gmpq_clear(p) }
        return try body(p)
      }
    }
  }

  /// A heap copy of this value, for in-place GMP operations.
  func makeMPQ() -> MPQ {
    switch storage {
    case .big(let b): return MPQ(copying: b.p)
    case .small(let n, let d):
      let r = MPQ()
      __gmpz_set_si(r.num, Int(n))
      __gmpz_set_si(r.den, Int(d))
      return r
    }
  }

  /// Applies a GMP `mpq` binary operation into a fresh value.
  static func gmp(
    _ a: Rational, _ b: Rational,
    _ op: (UnsafeMutablePointer<__mpq_struct>, UnsafePointer<__mpq_struct>, UnsafePointer<__mpq_struct>) -> Void
  ) -> Rational {
    let r = MPQ()
    a.withMPQ { pa in b.withMPQ { pb in op(r.p, pa, pb) } }
    return adopting(r)
  }

  /// Checks the canonical-form invariants; traps when one is broken.
  public func checkInvariants() {
    switch storage {
    case .small(let n, let d):
      precondition(d > 0 && n != Int64.min, "Rational: bad inline denominator or numerator")
      precondition(binaryGCD(n.magnitude, UInt64(d)) == 1, "Rational: inline value not reduced")
    case .big(let b):
      precondition(aajr_mpz_sgn(b.den) > 0, "Rational: non-positive denominator")
      precondition(!(fitsInline(b.num) && fitsInline(b.den)), "Rational: heap value that fits inline")
      withTemporaryMPZ(0) { g in
        __gmpz_gcd(g, b.num, b.den)
        precondition(__gmpz_cmp_ui(g, 1) == 0, "Rational: heap value not reduced")
      }
    }
  }
}

// MARK: - Construction from integers

/// Errors from constructing a `Rational`.
public enum RationalError: Error, Equatable, CustomStringConvertible {
  case zeroDenominator
  case notFinite
  case syntax(String, reason: String)

  public var description: String {
    switch self {
    case .zeroDenominator: return "zero denominator"
    case .notFinite: return "not a finite number"
    case .syntax(let text, let reason): return "\"\(text)\" is not a rational number: \(reason)"
    }
  }
}

extension Rational {
  /// The integer `n`.
  @inlinable public init(_ n: Int) {
    if n == Int.min {
      self = Rational(BigInt(n))
    } else {
      self.init(canonicalSmall: Int64(n), 1)
    }
  }

  /// The integer `n`, of any size.
  public init(_ n: BigInt) {
    switch n.storage {
    case .small(let v): self.init(canonicalSmall: v, 1)
    case .big(let b):
      let r = MPQ()
      __gmpz_set(r.num, b.p)
      self.init(storage: .big(r))
    }
  }

  /// `n/d` reduced to lowest terms. Precondition: `d ≠ 0` (checked in Swift; use
  /// `init(numerator:denominator:)` for a throwing form).
  @inlinable public init(_ n: Int, _ d: Int) {
    precondition(d != 0, "Rational: zero denominator")
    if n != Int.min && d != Int.min {
      var n64 = Int64(n), d64 = Int64(d)
      if d64 < 0 { n64 = -n64; d64 = -d64 }
      let g = Int64(bitPattern: binaryGCD(n64.magnitude, UInt64(d64)))
      self.init(canonicalSmall: Small.div(n64, g), Small.div(d64, g))
    } else {
      self = try! Rational(numerator: BigInt(n), denominator: BigInt(d))
    }
  }

  /// `numerator/denominator` reduced to lowest terms; throws on a zero denominator.
  public init(numerator: BigInt, denominator: BigInt) throws {
    guard !denominator.isZero else { throw RationalError.zeroDenominator }
    if let n = numerator.intValue, let d = denominator.intValue, n != Int.min, d != Int.min {
      self.init(n, d)
      return
    }
    let r = MPQ()
    numerator.withMPZ { __gmpz_set(r.num, $0) }
    denominator.withMPZ { __gmpz_set(r.den, $0) }
    __gmpq_canonicalize(r.p)
    self = .adopting(r)
  }

  /// The numerator in lowest terms (carries the sign).
  public var numerator: BigInt {
    switch storage {
    case .small(let n, _): return BigInt(storage: .small(n))
    case .big(let b): return .copying(b.num)
    }
  }

  /// The denominator in lowest terms (always positive).
  public var denominator: BigInt {
    switch storage {
    case .small(_, let d): return BigInt(storage: .small(d))
    case .big(let b): return .copying(b.den)
    }
  }

  /// Whether the value is an integer.
  @inlinable public var isInteger: Bool {
    switch storage {
    case .small(_, let d): return d == 1
    case .big: return heapIsInteger()
    }
  }

  /// Whether the denominator is a power of two.
  public var isDyadic: Bool {
    switch storage {
    case .small(_, let d): return d & (d - 1) == 0
    case .big(let b): return __gmpz_scan1(b.den, 0) == __gmpz_sizeinbase(b.den, 2) - 1
    }
  }

  @inlinable public var isZero: Bool {
    if case .small(0, _) = storage { return true }
    return false
  }

  /// Total bits in numerator and denominator: a measure of the cost of arithmetic.
  public var bitSize: Int { numerator.bitLength + denominator.bitLength }
}
