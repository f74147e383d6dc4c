import Model
import Rational

/// Reads typed, exact values out of a `JSONValue`, keeping the field path so every
/// error names the file, the field and the problem.
package struct FieldReader {
  package let file: String
  package let path: String
  package let value: JSONValue

  package init(file: String, path: String = "", value: JSONValue) {
    self.file = file
    self.path = path
    self.value = value
  }

  /// Reads and parses the JSON file at `file`.
  package static func load(file: String, text: String) throws -> FieldReader {
    do {
      return FieldReader(file: file, value: try JSONValue.parse(text))
    } catch let e as JSONSyntaxError {
      throw InputError(file: file, field: "", message: "not valid JSON (\(e))")
    }
  }

  package func fail(_ message: String) -> InputError {
    InputError(file: file, field: path, message: message)
  }

  /// The member `key`, which must exist.
  package func field(_ key: String) throws -> FieldReader {
    guard case .object = value else { throw fail("expected an object, found \(value.kindName)") }
    guard let v = value[key] else {
      throw InputError(file: file, field: path.isEmpty ? key : "\(path).\(key)", message: "missing field")
    }
    return FieldReader(file: file, path: path.isEmpty ? key : "\(path).\(key)", value: v)
  }

  /// The member `key` if present and not null.
  package func optionalField(_ key: String) throws -> FieldReader? {
    guard case .object = value else { throw fail("expected an object, found \(value.kindName)") }
    guard let v = value[key], v != .null else { return nil }
    return FieldReader(file: file, path: path.isEmpty ? key : "\(path).\(key)", value: v)
  }

  /// Checks that the object has no member outside `known`: an unknown key is an error naming
  /// it (a misspelt `"B"` for `"b"` must not silently read as a missing optional field).
  package func requireKnownKeys(_ known: [String]) throws {
    guard case .object(let members) = value else { throw fail("expected an object, found \(value.kindName)") }
    for m in members where !known.contains(m.key) {
      throw InputError(file: file, field: path.isEmpty ? m.key : "\(path).\(m.key)",
                       message: "unknown field \(InputError.quote(m.key)) (expected \(known.joined(separator: ", ")))")
    }
  }

  /// The elements of an array.
  package func elements() throws -> [FieldReader] {
    guard case .array(let items) = value else { throw fail("expected an array, found \(value.kindName)") }
    return items.enumerated().map { FieldReader(file: file, path: "\(path)[\($0.offset)]", value: $0.element) }
  }

  package func string() throws -> String {
    guard case .string(let s) = value else { throw fail("expected a string, found \(value.kindName)") }
    return s
  }

  /// An exact rational: a string `"p/q"`, `"0.125"`, `"1e-3"`, or a bare JSON number
  /// read from its decimal text (`0.1` is 1/10).
  package func rational() throws -> Rational {
    let text: String
    switch value {
    case .string(let s): text = s
    case .number(let s): text = s
    default: throw fail("expected a rational number, found \(value.kindName)")
    }
    do { return try Rational(parsing: text) } catch let e as RationalError {
      if case .syntax(let t, let reason) = e {
        throw fail("\(InputError.quote(t)) is not a rational number: \(reason)")
      }
      throw fail("\(e)")
    }
  }

  /// A vector of exact rationals, of `count` entries when given.
  package func rationals(count: Int? = nil) throws -> [Rational] {
    let items = try elements()
    if let n = count, items.count != n { throw fail("expected \(n) entries, found \(items.count)") }
    return try items.map { try $0.rational() }
  }

  /// A non-negative integer (a JSON number or a string without fraction).
  package func integer(atLeast minimum: Int = 0) throws -> Int {
    let r = try rational()
    guard r.isInteger, let v = r.numerator.intValue else { throw fail("expected an integer, found \(r)") }
    guard v >= minimum else { throw fail("must be at least \(minimum), found \(v)") }
    return v
  }
}
