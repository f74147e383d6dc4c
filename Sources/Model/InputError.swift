import LinearAlgebra
import Rational

/// Bad input: names the file, the field path (e.g. `layers[1].weights[2][0]`) and
/// what is wrong. `description` is the one-line message the command line prints.
public struct InputError: Error, CustomStringConvertible, Equatable {
  public var file: String
  public var field: String
  public var message: String

  public init(file: String, field: String, message: String) {
    self.file = file
    self.field = field
    self.message = message
  }

  /// One printable line: control characters escaped and each part cut to a bounded length
  /// (`PrintableText.line`).
  public var description: String {
    let f = PrintableText.line(file, limit: 300), m = PrintableText.line(message, limit: 400)
    return field.isEmpty ? "\(f): \(m)" : "\(f): \(PrintableText.line(field, limit: 200)): \(m)"
  }
}
