import LinearAlgebra
import Rational
/// Text made safe for a one-line terminal message: input echoed in an error message may hold
/// newlines, terminal escape sequences, NUL bytes or a megabyte of text.
package enum PrintableText {
  /// `text` on one printable line: C0 and C1 control characters, DEL and the Unicode line and
  /// paragraph separators become escapes (`\n`, `\t`, `\r`, `\u{1B}`), and text longer than
  /// `limit` characters is cut to its first `limit` characters followed by `…`.
  package static func line(_ text: String, limit: Int = 200) -> String {
    var out = ""
    var count = 0
    for scalar in text.unicodeScalars {
      if count >= limit {
        out += "…"
        break
      }
      switch scalar.value {
      case 0x0A: out += "\\n"
      case 0x0D: out += "\\r"
      case 0x09: out += "\\t"
      case 0x00..<0x20, 0x7F..<0xA0, 0x2028, 0x2029, 0x202A...0x202E, 0x2066...0x2069:
        out += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
      default: out.unicodeScalars.append(scalar)
      }
      count += 1
    }
    return out
  }

  /// `text` in double quotes, made printable and cut after `limit` characters (see `line`).
  package static func quoted(_ text: String, limit: Int = 60) -> String {
    "\"" + line(text, limit: limit) + "\""
  }
}

extension InputError {
  /// A value from the input, quoted for a message: printable and at most `limit` characters.
  package static func quote(_ text: String, limit: Int = 60) -> String {
    PrintableText.quoted(text, limit: limit)
  }
}
