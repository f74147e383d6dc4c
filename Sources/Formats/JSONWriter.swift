import Model
import Rational

/// Writes deterministic, indented JSON (a reference type so nested builder closures can share it): members in the order written, rationals as
/// canonical strings. Used for every file and report aajr emits.
package final class JSONWriter {
  package private(set) var text = ""
  private var indent = 0
  private var needsComma: [Bool] = []

  package init() {}

  private func newline() {
    text += "\n" + String(repeating: "  ", count: indent)
  }

  private func beginItem() {
    if let last = needsComma.last {
      if last { text += "," }
      needsComma[needsComma.count - 1] = true
      newline()
    }
  }

  private func open(_ bracket: String, _ close: String, _ body: () -> Void) {
    text += bracket
    indent += 1
    needsComma.append(false)
    body()
    let hadItems = needsComma.removeLast()
    indent -= 1
    if hadItems { newline() }
    text += close
  }

  /// An object; call `member` inside `body`.
  package func object(_ body: () -> Void) {
    if !needsComma.isEmpty && !text.hasSuffix(": ") { beginItem() }
    open("{", "}", body)
  }

  /// An array of `items`, each written by `each`.
  package func array<S: Sequence>(_ items: S, _ each: (S.Element) -> Void) {
    if !needsComma.isEmpty && !text.hasSuffix(": ") { beginItem() }
    open("[", "]") { for x in items { each(x) } }
  }

  /// An array of `items` whose elements are written on up to `jobs` threads: each element is
  /// written by `each` into its own writer that starts at this array's nesting depth, and the
  /// texts are joined in order, so the result is byte for byte what `array(_:_:)` writes.
  package func array<T: Sendable>(_ items: [T], jobs: Int, _ each: @escaping @Sendable (T, JSONWriter) -> Void) {
    if !needsComma.isEmpty && !text.hasSuffix(": ") { beginItem() }
    open("[", "]") {
      let depth = indent
      let texts = items.parallelMap(jobs: jobs) { item -> String in
        let w = JSONWriter()
        w.indent = depth
        each(item, w)
        return w.text
      }
      for t in texts { element(raw: t) }
    }
  }

  /// A one-line array of rationals.
  package func rationalArray(_ xs: [Rational]) {
    if !needsComma.isEmpty && !text.hasSuffix(": ") { beginItem() }
    // A rational's text ("-p/q") never needs escaping.
    text += "["
    for (k, x) in xs.enumerated() {
      if k > 0 { text += ", " }
      text += "\""
      text += x.description
      text += "\""
    }
    text += "]"
  }

  /// A member whose value `body` writes.
  package func member(_ key: String, _ body: () -> Void) {
    beginItem()
    text += JSONWriter.quoted(key) + ": "
    body()
  }

  package func member(_ key: String, string: String) {
    member(key, raw: JSONWriter.quoted(string))
  }

  /// A member with raw JSON text (a number, `true`, `null`, …).
  package func member(_ key: String, raw: String) {
    beginItem()
    text += JSONWriter.quoted(key) + ": " + raw
  }

  /// An exact rational (a `"p/q"` string, authoritative) followed by its decimal companion
  /// `key_approx`: the nearest double as a JSON number, for scripts (null when the value
  /// is null or lies outside the double range).
  package func member(_ key: String, rational: Rational?) {
    member(key, raw: rational.map { JSONWriter.quoted($0.description) } ?? "null")
    member(key + "_approx", raw: JSONWriter.approximation(rational))
  }

  /// The nearest double of `r` as JSON number text; `null` for nil or beyond the double range.
  package static func approximation(_ r: Rational?) -> String {
    guard let d = r?.doubleNearest(), d.isFinite else { return "null" }
    return "\(d)"
  }

  package func member(_ key: String, bool: Bool?) {
    member(key, raw: bool.map { $0 ? "true" : "false" } ?? "null")
  }

  /// A raw JSON value as an array element.
  package func element(raw: String) {
    beginItem()
    text += raw
  }

  /// JSON string literal for `s`.
  package static func quoted(_ s: String) -> String {
    // Fast path (rationals, keys): nothing to escape, so copy the bytes at once.
    if !s.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
      return "\"" + s + "\""
    }
    var out = "\""
    for u in s.unicodeScalars {
      switch u {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      default:
        if u.value < 0x20 {
          let h = String(u.value, radix: 16)
          out += "\\u" + String(repeating: "0", count: 4 - h.count) + h
        } else {
          out.unicodeScalars.append(u)
        }
      }
    }
    return out + "\""
  }
}
