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

  public var description: String {
    field.isEmpty ? "\(file): \(message)" : "\(file): \(field): \(message)"
  }
}
