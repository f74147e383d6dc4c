internal import CGMP

/// Owns one heap-allocated `mpz_t`; cleared exactly once, in `deinit`.
///
/// `@usableFromInline` only as the payload type of `BigInt.Storage.big`; its members
/// are internal, so modules above see an opaque class.
///
/// The C struct lives at a stable heap address, so GMP's aliasing calls
/// (`__gmpz_add(p, p, q)`) never meet Swift's exclusivity checks. Values are
/// shared between copies and mutated only when uniquely referenced.
@usableFromInline
final class MPZ: @unchecked Sendable {
  let p: UnsafeMutablePointer<__mpz_struct>

  init() {
    p = .allocate(capacity: 1)
    __gmpz_init(p)
  }

  convenience init(_ v: Int64) {
    self.init()
    __gmpz_set_si(p, Int(v))
  }

  convenience init(copying other: UnsafePointer<__mpz_struct>) {
    self.init()
    __gmpz_set(p, other)
  }

  deinit {
    __gmpz_clear(p)
    p.deallocate()
  }
}

/// Owns one heap-allocated `mpq_t`; cleared exactly once, in `deinit`.
///
/// `@usableFromInline` only as the payload type of `Rational.Storage.big`; its members
/// are internal, so modules above see an opaque class.
@usableFromInline
final class MPQ: @unchecked Sendable {
  let p: UnsafeMutablePointer<__mpq_struct>

  init() {
    p = .allocate(capacity: 1)
    __gmpq_init(p)
  }

  convenience init(copying other: UnsafePointer<__mpq_struct>) {
    self.init()
    __gmpq_set(p, other)
  }

  deinit {
    __gmpq_clear(p)
    p.deallocate()
  }

  var num: UnsafeMutablePointer<__mpz_struct> { aajr_mpq_numref(p) }
  var den: UnsafeMutablePointer<__mpz_struct> { aajr_mpq_denref(p) }
}

/// Whether `z` fits the inline representation: an `Int64` other than `Int64.min`.
func fitsInline(_ z: UnsafePointer<__mpz_struct>) -> Bool {
  guard aajr_mpz_fits_slong(z) != 0 else { return false }
  return __gmpz_get_si(z) != Int.min
}

/// Runs `body` with a temporary `mpz_t` holding `v`; the temporary is cleared afterwards.
@inline(__always)
func withTemporaryMPZ<R>(_ v: Int64, _ body: (UnsafeMutablePointer<__mpz_struct>) throws -> R) rethrows -> R {
  var z = __mpz_struct()
  return try withUnsafeMutablePointer(to: &z) { p in
    __gmpz_init_set_si(p, Int(v))
    defer { __gmpz_clear(p) }
    return try body(p)
  }
}
