import Bounds
import ClaimLanguage
import CrossCheck
import Experiments
import Formats
import Foundation
import LinearAlgebra
import Model
import ONNXFormat
import Rational
import Reports
import Theorems
import Training
import Verification

/// Writes one line to standard error, made printable (control characters escaped, cut at
/// a bounded length).
func printError(_ message: String) {
  FileHandle.standardError.write(Data(("aajr: " + PrintableText.line(message, limit: 1000) + "\n").utf8))
}

/// Whether standard error is a terminal (progress is shown only then).
var standardErrorIsTerminal: Bool { isatty(2) != 0 }

/// The largest input file read: 256 MiB (a device such as /dev/zero never ends).
let maximumInputBytes = 256 << 20

/// Reads a whole text file; a failure names the file and says why in words.
func readText(_ path: String) throws -> String {
  let bytes = try readBytes(path)
  guard let text = String(data: Data(bytes), encoding: .utf8) else {
    throw InputError(file: path, field: "", message: "not UTF-8 text")
  }
  return text
}

/// Reads a whole file (at most `maximumInputBytes`); a failure names the file and says why in words.
func readBytes(_ path: String) throws -> [UInt8] {
  func fail(_ message: String) -> InputError { InputError(file: path, field: "", message: message) }
  guard !path.isEmpty else { throw InputError(file: "command line", field: "", message: "an input path is empty") }
  let fd = open(path, O_RDONLY | O_CLOEXEC)
  guard fd >= 0 else {
    let e = errno
    if e == ENOENT, folderProblem(folderOf(path)) != nil, access(folderOf(path), F_OK) != 0 {
      throw fail("cannot read the file: no such folder \(InputError.quote(folderOf(path)))")
    }
    throw fail("cannot read the file: \(e == ENOENT ? "no such file" : errnoWords(e))")
  }
  defer { close(fd) }
  var st = stat()
  if fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFDIR { throw fail("cannot read the file: is a directory") }
  var bytes: [UInt8] = []
  var buffer = [UInt8](repeating: 0, count: 1 << 16)
  while true {
    let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
    if n < 0 {
      if errno == EINTR { continue }
      throw fail("cannot read the file: \(errnoWords(errno))")
    }
    if n == 0 { break }
    bytes.append(contentsOf: buffer[0..<n])
    if bytes.count > maximumInputBytes { throw fail("the file is larger than \(maximumInputBytes >> 20) MiB") }
  }
  return bytes
}

/// Writes `text` to `path` alone (checked, staged and renamed into place; see OutputFiles.swift).
func writeTextAtomically(_ text: String, to path: String, option: String = "") throws {
  let target = try OutputTarget(path, option: option)
  let t = OutputTransaction()
  try t.stage(text, to: target, option: option)
  try t.commit()
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
  let problem = try Problem(file: path, text: readText(path), policy: policy)
  try ArithmeticBudget.check(policy: policy, problem: problem, file: path)
  return problem
}

/// Parses a rational command-line value, or throws naming the option.
func parseOption(_ text: String, name: String) throws -> Rational {
  do { return try Rational(parsing: text) } catch let e as RationalError {
    if case .syntax(let t, let reason) = e {
      throw InputError(file: "command line", field: name, message: "\(InputError.quote(t)) is not a rational number: \(reason)")
    }
    throw InputError(file: "command line", field: name, message: "\(e)")
  }
}
