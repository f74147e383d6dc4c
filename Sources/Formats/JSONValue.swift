import Model
import Rational

/// A JSON document that keeps every number as its exact decimal text.
///
/// Foundation's JSON reader turns numbers into doubles; an exact verifier must read
/// `0.1` as 1/10, so input files go through this small reader instead. Object keys
/// keep their order of appearance (duplicates are rejected).
public indirect enum JSONValue: Equatable, Sendable {
  case object([(key: String, value: JSONValue)])
  case array([JSONValue])
  case string(String)
  /// The number's source text, e.g. `-1.5e3`.
  case number(String)
  case bool(Bool)
  case null

  public static func == (a: JSONValue, b: JSONValue) -> Bool {
    switch (a, b) {
    case (.object(let x), .object(let y)):
      return x.count == y.count && zip(x, y).allSatisfy { $0.key == $1.key && $0.value == $1.value }
    case (.array(let x), .array(let y)): return x == y
    case (.string(let x), .string(let y)): return x == y
    case (.number(let x), .number(let y)): return x == y
    case (.bool(let x), .bool(let y)): return x == y
    case (.null, .null): return true
    default: return false
    }
  }

  /// The value of `key` in an object, or nil.
  public subscript(key: String) -> JSONValue? {
    guard case .object(let members) = self else { return nil }
    return members.first { $0.key == key }?.value
  }

  /// A word for the value's kind, for error messages.
  public var kindName: String {
    switch self {
    case .object: return "an object"
    case .array: return "an array"
    case .string: return "a string"
    case .number: return "a number"
    case .bool: return "a boolean"
    case .null: return "null"
    }
  }
}

/// A syntax error in a JSON text, with its 1-based line and column.
public struct JSONSyntaxError: Error, CustomStringConvertible {
  public var line: Int, column: Int, message: String
  public var description: String { "line \(line), column \(column): \(message)" }
}

extension JSONValue {
  /// Parses a complete JSON text (RFC 8259). Nesting deeper than 512 is rejected.
  public static func parse(_ text: String) throws -> JSONValue {
    var reader = JSONReader(bytes: Array(text.utf8))
    reader.skipSpace()
    let v = try reader.value(depth: 0)
    reader.skipSpace()
    guard reader.index == reader.bytes.count else { throw reader.error("unexpected text after the JSON value") }
    return v
  }
}

private struct JSONReader {
  let bytes: [UInt8]
  var index = 0

  func error(_ message: String) -> JSONSyntaxError {
    var line = 1, column = 1
    for b in bytes[..<min(index, bytes.count)] {
      if b == 10 { line += 1; column = 1 } else { column += 1 }
    }
    return JSONSyntaxError(line: line, column: column, message: message)
  }

  mutating func skipSpace() {
    while index < bytes.count, [32, 9, 10, 13].contains(bytes[index]) { index += 1 }
  }

  mutating func expect(_ literal: String, _ v: JSONValue) throws -> JSONValue {
    let l = Array(literal.utf8)
    guard index + l.count <= bytes.count, Array(bytes[index..<index + l.count]) == l else {
      throw error("invalid literal")
    }
    index += l.count
    return v
  }

  mutating func value(depth: Int) throws -> JSONValue {
    guard depth < 512 else { throw error("nesting too deep") }
    guard index < bytes.count else { throw error("unexpected end of input") }
    switch bytes[index] {
    case UInt8(ascii: "{"):
      index += 1
      var members: [(key: String, value: JSONValue)] = []
      var keys: Set<String> = []  // duplicate check in constant time per key
      skipSpace()
      if index < bytes.count, bytes[index] == UInt8(ascii: "}") { index += 1; return .object(members) }
      while true {
        skipSpace()
        guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw error("expected a string key") }
        let key = try string()
        guard keys.insert(key).inserted else { throw error("duplicate key \(InputError.quote(key))") }
        skipSpace()
        guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw error("expected ':'") }
        index += 1
        skipSpace()
        members.append((key, try value(depth: depth + 1)))
        skipSpace()
        guard index < bytes.count else { throw error("unexpected end of input") }
        if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
        if bytes[index] == UInt8(ascii: "}") { index += 1; return .object(members) }
        throw error("expected ',' or '}'")
      }
    case UInt8(ascii: "["):
      index += 1
      var items: [JSONValue] = []
      skipSpace()
      if index < bytes.count, bytes[index] == UInt8(ascii: "]") { index += 1; return .array(items) }
      while true {
        skipSpace()
        items.append(try value(depth: depth + 1))
        skipSpace()
        guard index < bytes.count else { throw error("unexpected end of input") }
        if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
        if bytes[index] == UInt8(ascii: "]") { index += 1; return .array(items) }
        throw error("expected ',' or ']'")
      }
    case UInt8(ascii: "\""): return .string(try string())
    case UInt8(ascii: "t"): return try expect("true", .bool(true))
    case UInt8(ascii: "f"): return try expect("false", .bool(false))
    case UInt8(ascii: "n"): return try expect("null", .null)
    default: return try number()
    }
  }

  mutating func number() throws -> JSONValue {
    let start = index
    func digits() -> Int {
      let s = index
      while index < bytes.count, bytes[index] >= 48, bytes[index] <= 57 { index += 1 }
      return index - s
    }
    if index < bytes.count, bytes[index] == UInt8(ascii: "-") { index += 1 }
    let intStart = index
    guard digits() > 0 else { index = start; throw error("invalid value") }
    if bytes[intStart] == 48 && index - intStart > 1 { throw error("leading zero in a number") }
    if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
      index += 1
      guard digits() > 0 else { throw error("digits expected after '.'") }
    }
    if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
      index += 1
      if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
      guard digits() > 0 else { throw error("digits expected in the exponent") }
    }
    return .number(String(decoding: bytes[start..<index], as: UTF8.self))
  }

  mutating func string() throws -> String {
    index += 1  // opening quote
    var out: [UInt8] = []
    while true {
      guard index < bytes.count else { throw error("unterminated string") }
      let b = bytes[index]
      index += 1
      if b == UInt8(ascii: "\"") { break }
      if b < 0x20 { throw error("control character in a string") }
      if b != UInt8(ascii: "\\") { out.append(b); continue }
      guard index < bytes.count else { throw error("unterminated escape") }
      let e = bytes[index]
      index += 1
      switch e {
      case UInt8(ascii: "\""): out.append(0x22)
      case UInt8(ascii: "\\"): out.append(0x5C)
      case UInt8(ascii: "/"): out.append(0x2F)
      case UInt8(ascii: "b"): out.append(0x08)
      case UInt8(ascii: "f"): out.append(0x0C)
      case UInt8(ascii: "n"): out.append(0x0A)
      case UInt8(ascii: "r"): out.append(0x0D)
      case UInt8(ascii: "t"): out.append(0x09)
      case UInt8(ascii: "u"):
        var code = try hex4()
        if (0xD800..<0xDC00).contains(code) {
          guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else {
            throw error("unpaired surrogate")
          }
          index += 2
          let low = try hex4()
          guard (0xDC00..<0xE000).contains(low) else { throw error("unpaired surrogate") }
          code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
        }
        guard let scalar = Unicode.Scalar(code) else { throw error("invalid \\u escape") }
        out.append(contentsOf: Array(String(Character(scalar)).utf8))
      default: throw error("invalid escape")
      }
    }
    return String(decoding: out, as: UTF8.self)
  }

  mutating func hex4() throws -> UInt32 {
    guard index + 4 <= bytes.count else { throw error("invalid \\u escape") }
    var v: UInt32 = 0
    for _ in 0..<4 {
      let c = bytes[index]
      index += 1
      switch c {
      case 48...57: v = v * 16 + UInt32(c - 48)
      case 65...70: v = v * 16 + UInt32(c - 55)
      case 97...102: v = v * 16 + UInt32(c - 87)
      default: throw error("invalid \\u escape")
      }
    }
    return v
  }
}
