internal import CGMP

extension BigInt: SignedNumeric {
  public typealias Magnitude = BigInt
  public typealias IntegerLiteralType = Int

  public init(integerLiteral value: Int) { self.init(value) }

  public init?<T: BinaryInteger>(exactly source: T) {
    if let v = Int(exactly: source) {
      self.init(v)
    } else {
      guard let parsed = BigInt(String(source)) else { return nil }
      self = parsed
    }
  }

  public static func + (a: BigInt, b: BigInt) -> BigInt {
    if case .small(let x) = a.storage, case .small(let y) = b.storage {
      let (s, o) = x.addingReportingOverflow(y)
      if !o && s != Int64.min { return BigInt(storage: .small(s)) }
    }
    return gmp(a, b) { __gmpz_add($0, $1, $2) }
  }

  public static func - (a: BigInt, b: BigInt) -> BigInt {
    if case .small(let x) = a.storage, case .small(let y) = b.storage {
      let (s, o) = x.subtractingReportingOverflow(y)
      if !o && s != Int64.min { return BigInt(storage: .small(s)) }
    }
    return gmp(a, b) { __gmpz_sub($0, $1, $2) }
  }

  public static func * (a: BigInt, b: BigInt) -> BigInt {
    if case .small(let x) = a.storage, case .small(let y) = b.storage {
      let (s, o) = x.multipliedReportingOverflow(by: y)
      if !o && s != Int64.min { return BigInt(storage: .small(s)) }
    }
    return gmp(a, b) { __gmpz_mul($0, $1, $2) }
  }

  public static func += (a: inout BigInt, b: BigInt) { a = a + b }
  public static func -= (a: inout BigInt, b: BigInt) { a = a - b }
  public static func *= (a: inout BigInt, b: BigInt) { a = a * b }

  public static prefix func - (a: BigInt) -> BigInt {
    switch a.storage {
    case .small(let x): return BigInt(storage: .small(-x))  // x ≠ Int64.min
    case .big(let b):
      let r = MPZ()
      __gmpz_neg(r.p, b.p)
      return adopting(r)
    }
  }

  public mutating func negate() { self = -self }
}

extension BigInt: Comparable, Hashable {
  public static func == (a: BigInt, b: BigInt) -> Bool {
    switch (a.storage, b.storage) {
    case (.small(let x), .small(let y)): return x == y
    case (.big(let x), .big(let y)): return __gmpz_cmp(x.p, y.p) == 0
    default: return false  // one representation per value
    }
  }

  public static func < (a: BigInt, b: BigInt) -> Bool {
    if case .small(let x) = a.storage, case .small(let y) = b.storage { return x < y }
    return a.withMPZ { pa in b.withMPZ { pb in __gmpz_cmp(pa, pb) < 0 } }
  }

  public func hash(into hasher: inout Hasher) {
    switch storage {
    case .small(let v): hasher.combine(v)
    case .big(let b):
      // Big values never equal small ones, so hashing the limbs is consistent.
      let n = __gmpz_size(b.p)
      hasher.combine(aajr_mpz_sgn(b.p))
      for i in 0..<n { hasher.combine(__gmpz_getlimbn(b.p, mp_size_t(i))) }
    }
  }
}

extension BigInt: CustomStringConvertible, LosslessStringConvertible, Codable {
  /// Decimal text, with a leading `-` for negative values.
  public var description: String {
    switch storage {
    case .small(let v): return String(v)
    case .big(let b):
      let size = __gmpz_sizeinbase(b.p, 10) + 2
      var buf = [CChar](repeating: 0, count: size)
      __gmpz_get_str(&buf, 10, b.p)
      return String(cString: buf)
    }
  }

  /// Parses an optional sign followed by one or more decimal digits, nothing else.
  public init?(_ text: String) {
    var digits = Substring(text)
    var negative = false
    if let f = digits.first, f == "-" || f == "+" {
      negative = f == "-"
      digits = digits.dropFirst()
    }
    guard !digits.isEmpty, digits.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
    if digits.utf8.count <= 18 {
      let v = Int64(digits)!
      self.init(Int(negative ? -v : v))
      return
    }
    let r = MPZ()
    let rc = String(digits).withCString { __gmpz_set_str(r.p, $0, 10) }
    guard rc == 0 else { return nil }
    if negative { __gmpz_neg(r.p, r.p) }
    self = .adopting(r)
  }

  public init(from decoder: Decoder) throws {
    let c = try decoder.singleValueContainer()
    let s = try c.decode(String.self)
    guard let v = BigInt(s) else {
      throw DecodingError.dataCorruptedError(in: c, debugDescription: "not an integer: \(s)")
    }
    self = v
  }

  public func encode(to encoder: Encoder) throws {
    var c = encoder.singleValueContainer()
    try c.encode(description)
  }
}
