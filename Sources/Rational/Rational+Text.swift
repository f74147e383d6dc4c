internal import CGMP

extension Rational: CustomStringConvertible, LosslessStringConvertible {
  /// Canonical text: `"p/q"` with `q > 1`, or `"p"` for an integer.
  public var description: String {
    switch storage {
    case .small(let n, let d): return d == 1 ? String(n) : "\(n)/\(d)"
    case .big(let b):
      // GMP writes the canonical text ("p/q", or "p" when q = 1) in one call.
      let capacity = __gmpz_sizeinbase(b.num, 10) + __gmpz_sizeinbase(b.den, 10) + 3
      return String(unsafeUninitializedCapacity: capacity) { buffer in
        buffer.withMemoryRebound(to: CChar.self) { _ = __gmpq_get_str($0.baseAddress, 10, b.p) }
        return buffer.firstIndex(of: 0) ?? capacity
      }
    }
  }

  /// Parses exact rational text; nil when `text` is not one (see `init(parsing:)`).
  public init?(_ text: String) {
    guard let r = try? Rational(parsing: text) else { return nil }
    self = r
  }

  /// Largest decimal exponent accepted in scientific notation (`1e100000`); larger
  /// ones are rejected rather than allocating numbers of unbounded size.
  public static let maximumDecimalExponent = 100_000

  /// Parses exact rational text:
  /// - an integer `"-3"`, `"+7"`;
  /// - a fraction `"22/7"`, `"-3/4"` (digits only after the slash; zero is an error);
  /// - a decimal `"0.125"`, `"-.5"`, `"3."`, optionally with an exponent `"1e-3"`, `"2.5E+2"`.
  /// `0.1` is exactly 1/10. Whitespace, `inf`, `nan` and hexadecimal are rejected.
  public init(parsing text: String) throws {
    func fail(_ why: String) -> RationalError { .syntax(text, reason: why) }
    var s = Substring(text)
    var negative = false
    if let f = s.first, f == "-" || f == "+" {
      negative = f == "-"
      s = s.dropFirst()
    }
    guard !s.isEmpty else { throw fail("no digits") }
    func isDigits(_ t: Substring) -> Bool { t.utf8.allSatisfy { $0 >= 48 && $0 <= 57 } }

    if let slash = s.firstIndex(of: "/") {
      let p = s[..<slash], q = s[s.index(after: slash)...]
      guard !p.isEmpty, isDigits(p) else { throw fail("the numerator must be decimal digits") }
      guard !q.isEmpty, isDigits(q) else { throw fail("the denominator must be decimal digits") }
      let n = BigInt(String(p))!, d = BigInt(String(q))!
      guard !d.isZero else { throw fail("zero denominator") }
      self = try Rational(numerator: negative ? -n : n, denominator: d)
      return
    }

    var mantissa = s
    var exponent = 0
    if let e = s.firstIndex(where: { $0 == "e" || $0 == "E" }) {
      mantissa = s[..<e]
      var es = s[s.index(after: e)...]
      var eneg = false
      if let f = es.first, f == "-" || f == "+" {
        eneg = f == "-"
        es = es.dropFirst()
      }
      guard !es.isEmpty, isDigits(es) else { throw fail("the exponent must be decimal digits") }
      guard es.count <= 9, let ev = Int(es), ev <= Rational.maximumDecimalExponent else {
        throw fail("the exponent is larger than \(Rational.maximumDecimalExponent)")
      }
      exponent = eneg ? -ev : ev
    }
    var intPart = mantissa, fracPart = Substring("")
    if let dot = mantissa.firstIndex(of: ".") {
      intPart = mantissa[..<dot]
      fracPart = mantissa[mantissa.index(after: dot)...]
    }
    guard !(intPart.isEmpty && fracPart.isEmpty) else { throw fail("no digits") }
    guard isDigits(intPart), isDigits(fracPart) else { throw fail("unexpected character") }
    let digits = String(intPart) + String(fracPart)
    var n = BigInt(digits)!
    if negative { n = -n }
    exponent -= fracPart.count
    let ten = BigInt(10)
    if exponent >= 0 {
      self = Rational(n * ten.power(exponent))
    } else {
      self = try Rational(numerator: n, denominator: ten.power(-exponent))
    }
  }
}

extension Rational: Codable {
  /// Decodes the canonical string form, or any text `init(parsing:)` accepts; a JSON
  /// integer is accepted too.
  public init(from decoder: Decoder) throws {
    let c = try decoder.singleValueContainer()
    if let s = try? c.decode(String.self) {
      do { self = try Rational(parsing: s) } catch {
        throw DecodingError.dataCorruptedError(in: c, debugDescription: "\(error)")
      }
    } else {
      self.init(try c.decode(Int.self))
    }
  }

  /// Encodes the canonical string `"p/q"` or `"p"`.
  public func encode(to encoder: Encoder) throws {
    var c = encoder.singleValueContainer()
    try c.encode(description)
  }
}

extension Rational {
  /// Decimal text with exactly `fractionDigits` digits after the point, rounded by
  /// `rule` (`.down` and `.up` give certified lower and upper renderings).
  public func decimalString(fractionDigits: Int, rounding rule: FloatingPointRoundingRule = .toNearestOrEven) -> String {
    precondition(fractionDigits >= 0)
    let scaled = self * Rational(BigInt(10).power(fractionDigits))
    let k = scaled.rounded(rule)
    let negative = k.signum < 0
    var digits = k.magnitude.description
    if fractionDigits > 0 {
      if digits.count <= fractionDigits {
        digits = String(repeating: "0", count: fractionDigits - digits.count + 1) + digits
      }
      digits.insert(".", at: digits.index(digits.endIndex, offsetBy: -fractionDigits))
    }
    return (negative ? "-" : "") + digits
  }

  /// A short decimal for people: the shortest text that reads back as the double
  /// nearest to `self` (not exact; for display only).
  public var approximateDescription: String { "\(Double(self))" }
}
