import Bounds
import Foundation
import Rational

/// Writes one line to standard error.
func printError(_ message: String) {
  FileHandle.standardError.write(Data(("aajr: " + message + "\n").utf8))
}

/// Whether standard error is a terminal (progress is shown only then).
var standardErrorIsTerminal: Bool { isatty(2) != 0 }

/// Reads a whole text file; a failure names the file.
func readText(_ path: String) throws -> String {
  guard let data = FileManager.default.contents(atPath: path) else {
    throw InputError(file: path, field: "", message: "cannot read the file")
  }
  guard let text = String(data: data, encoding: .utf8) else {
    throw InputError(file: path, field: "", message: "not UTF-8 text")
  }
  return text
}

/// Writes `text` to `path` atomically (a temporary file renamed into place), so a
/// failed run leaves nothing half-written.
func writeTextAtomically(_ text: String, to path: String) throws {
  do {
    try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
  } catch {
    throw InputError(file: path, field: "", message: "cannot write the file (\(error.localizedDescription))")
  }
}

/// Loads a policy file, or throws an `InputError` naming the file and field. A model file
/// given where a policy is expected gets a hint to import it first.
func loadPolicy(_ path: String) throws -> Policy {
  do {
    return try Policy(file: path, text: readText(path))
  } catch var error as InputError where error.field.isEmpty || error.field == "format" {
    let lower = path.lowercased()
    if lower.hasSuffix(".onnx") {
      error.message += " (an ONNX model? convert it first: aajr import --onnx \(path) --out policy.json)"
    } else if lower.hasSuffix(".safetensors") {
      error.message += " (a safetensors checkpoint? convert it first: aajr import --safetensors \(path) --out policy.json)"
    }
    throw error
  }
}

/// Loads a problem file checked against `policy`.
func loadProblem(_ path: String, for policy: Policy) throws -> Problem {
  try Problem(file: path, text: readText(path), policy: policy)
}

/// Parses a rational command-line value, or throws naming the option.
func parseOption(_ text: String, name: String) throws -> Rational {
  do { return try Rational(parsing: text) } catch {
    throw InputError(file: "command line", field: name, message: "\(error)")
  }
}

/// Shows `label: n` on one self-erasing stderr line while a long job runs.
final class ProgressLine: @unchecked Sendable {
  let label: String
  var last = 0
  init(label: String) { self.label = label }
  func update(_ n: Int) {
    guard n - last >= 256 || n < last else { return }
    last = n
    FileHandle.standardError.write(Data("\r\(label): \(n)".utf8))
  }
  func finish() { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
}
