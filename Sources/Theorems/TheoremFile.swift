import Bounds
import ClaimLanguage
import Formats
import LinearAlgebra
import Model
import Rational
import Verification

// Theorem files (SPEC section 5): Markdown with a YAML front matter block.
//
//     ---
//     id: T1
//     title: "AAJR's gain never exceeds the global Jacobian bound"
//     family: random-relu
//     parameters:
//       dims: 1-3
//       activations: relu,abs
//     cases: 200
//     seed: 2026
//     expect: holds                  # or refuted; default holds
//     claim: gamma_adv_sq <= gamma_sq_upper
//     steps:
//       - gamma_sq_lower <= gamma_adv_sq
//     ---
//     Markdown body: statement, source in the paper, proof outline.
//
// The front matter is a small YAML subset: `key: value` scalars at the start of a line, plain or
// quoted ("…" with \" \\ \n \t escapes, or '…' with '' for a quote); a plain value runs to the end
// of the line or to a ` #` comment, and may contain ':'. `parameters:` is followed by indented
// `name: value` lines, `steps:` by `- EXPR` items (indented or not). Lines starting with `#`
// and blank lines are ignored. Keys: id, title, family, cases, seed (required); parameters,
// expect, steps (optional); exactly one of claim, witness. Anything else is an error naming the
// file and line; an expression's error also names the column inside that line.

/// One theorem file: its front matter, parsed and checked, and its Markdown body.
public struct TheoremFile: Sendable {
  /// What checking the file should find: the claim holds, or the toolkit refutes it.
  public enum Expectation: String, Sendable { case holds, refuted }
  /// `claim:` must hold on every instance where it is defined; `witness:` on at least one.
  public enum Kind: Sendable { case claim(ClaimExpression), witness(ClaimExpression) }

  public var path: String
  public var id: String
  public var title: String
  /// The instance family's name, e.g. "random-relu".
  public var family: String
  /// The family's parameters, as written (e.g. dims: "1-3", activations: "relu,abs").
  public var parameters: [String: String]
  /// Number of instances to check, ≥ 1.
  public var cases: Int
  public var seed: UInt64
  public var expect: Expectation
  public var kind: Kind
  /// The source text of the claim or witness expression.
  public var claimText: String
  /// Proof steps, each checked like a claim.
  public var steps: [(text: String, expression: ClaimExpression)]
  /// The Markdown after the front matter (line ends as "\n").
  public var body: String
  /// Lines of the front matter, both `---` delimiters included (the body starts on line
  /// `frontMatterLines + 1`).
  public var frontMatterLines: Int
  /// The file line of each parameter, for errors about it (e.g. a name the family does not take).
  public var parameterLines: [String: Int] = [:]
}

/// A malformed theorem file: "FILE:LINE: message".
public struct TheoremFileError: Error, CustomStringConvertible {
  public var file: String
  /// 1-based line in the file.
  public var line: Int
  public var message: String

  public init(file: String, line: Int, message: String) {
    self.file = file
    self.line = line
    self.message = message
  }

  public var description: String { "\(file):\(line): \(message)" }
}

extension TheoremFile {
  /// The largest `cases` a file or the command line may ask for.
  public static let maximumCases = 1_000_000

  /// Keys a front matter may hold.
  public static let knownKeys = ["id", "title", "family", "parameters", "cases", "seed", "expect",
                                 "claim", "witness", "steps"]

  /// Parses and checks a theorem file (see the format above). Expressions are parsed with
  /// `ClaimExpression.parse(_:quantities:booleanQuantities:)` and must be boolean; their errors are
  /// reported on the key's (or the step's) line with the column inside that line. Missing keys,
  /// and a file with neither `claim:` nor `witness:`, are reported on line 1.
  public static func parse(
    path: String, text: String, quantities: Set<String>, booleanQuantities: Set<String>,
    knownFamilies: Set<String>
  ) throws -> TheoremFile {
    try FrontMatterReader(path: path, text: text).read(
      quantities: quantities, booleanQuantities: booleanQuantities, knownFamilies: knownFamilies)
  }
}

/// A scalar value with the 0-based column in its line of each of its characters (quotes and
/// escapes make these differ from the value's own offsets), for expression error columns.
private struct Scalar {
  var text: String
  var columns: [Int]
  var line: Int
  /// Column just after the value, for errors at its end.
  var endColumn: Int

  /// The 1-based column in the line of the value's character `offset`.
  func column(ofOffset offset: Int) -> Int { (offset < columns.count ? columns[offset] : endColumn) + 1 }
}

private struct FrontMatterReader {
  let path: String
  /// The lines without terminators ("\n" or "\r\n"; in Swift "\r\n" is one Character).
  let lines: [String]

  init(path: String, text: String) {
    self.path = path
    lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }).map(String.init)
  }

  func fail(_ line: Int, _ message: String) -> TheoremFileError {
    TheoremFileError(file: path, line: line, message: message)
  }

  func read(quantities: Set<String>, booleanQuantities: Set<String>, knownFamilies: Set<String>) throws -> TheoremFile {
    guard let first = lines.first, trimTrailing(first) == "---" else {
      throw fail(1, "a theorem file starts with a front matter block: '---' on line 1")
    }
    guard let close = lines.indices.dropFirst().first(where: { trimTrailing(lines[$0]) == "---" }) else {
      throw fail(1, "the front matter opened on line 1 is never closed by a '---' line")
    }

    var scalars: [String: Scalar] = [:]
    var keyLines: [String: Int] = [:]
    var parameters: [String: String] = [:]
    var parameterLines: [String: Int] = [:]
    var stepScalars: [Scalar] = []
    var block: String? = nil  // "parameters" or "steps" while reading their entries

    for index in 1..<close {
      let number = index + 1
      let line = lines[index]
      let chars = Array(line)
      let indent = chars.prefix(while: { $0 == " " || $0 == "\t" })
      let rest = chars[indent.count...]
      if rest.isEmpty || rest.first == "#" { continue }
      if indent.contains("\t") { throw fail(number, "tabs are not allowed in indentation; use spaces") }

      if rest.first == "-" && (rest.count == 1 || rest[rest.startIndex + 1] == " ") {
        guard block == "steps" else {
          throw fail(number, "a '- ' list item outside 'steps:'")
        }
        let step = try scalar(chars, from: indent.count + 1, line: number)
        guard !step.text.isEmpty else { throw fail(number, "empty step: write '- EXPR'") }
        stepScalars.append(step)
        continue
      }

      if !indent.isEmpty {
        guard block == "parameters" else {
          throw fail(number, block == "steps"
                     ? "each step is a '- EXPR' item"
                     : "unexpected indented line (only 'parameters:' and 'steps:' take indented entries)")
        }
        let (name, valueStart) = try key(chars, from: indent.count, line: number, what: "parameter")
        if let previous = parameterLines[name] {
          throw fail(number, "duplicate parameter '\(name)' (first on line \(previous))")
        }
        let value = try scalar(chars, from: valueStart, line: number)
        guard !value.text.isEmpty else { throw fail(number, "parameter '\(name)' needs a value") }
        parameters[name] = value.text
        parameterLines[name] = number
        continue
      }

      let (name, valueStart) = try key(chars, from: 0, line: number, what: "key")
      guard TheoremFile.knownKeys.contains(name) else {
        throw fail(number, "unknown key '\(name)' (known keys: \(TheoremFile.knownKeys.joined(separator: ", ")))")
      }
      if let previous = keyLines[name] { throw fail(number, "duplicate key '\(name)' (first on line \(previous))") }
      keyLines[name] = number
      let value = try scalar(chars, from: valueStart, line: number)
      if name == "parameters" || name == "steps" {
        let empty = name == "parameters" ? "{}" : "[]"
        guard value.text.isEmpty || value.text == empty else {
          throw fail(number, name == "parameters"
                     ? "'parameters:' takes indented 'name: value' lines below it"
                     : "'steps:' takes '- EXPR' items on the lines below it")
        }
        block = value.text.isEmpty ? name : nil
        continue
      }
      block = nil
      guard !value.text.isEmpty else { throw fail(number, "'\(name)' needs a value") }
      scalars[name] = value
    }

    // Required keys and their values.
    func required(_ name: String) throws -> Scalar {
      guard let s = scalars[name] else { throw fail(1, "missing required key '\(name)'") }
      return s
    }
    let id = try required("id")
    guard id.text.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "_-.".contains($0)) }) else {
      throw fail(id.line, "id '\(id.text)' may only hold letters, digits, '_', '-' and '.'")
    }
    let title = try required("title")
    let family = try required("family")
    guard knownFamilies.contains(family.text) else {
      throw fail(family.line, "unknown family '\(family.text)' (known families: \(knownFamilies.sorted().joined(separator: ", ")))")
    }
    let casesText = try required("cases")
    guard let cases = Int(casesText.text.filter { $0 != "_" }), cases >= 1,
          casesText.text.first?.isNumber == true else {
      throw fail(casesText.line, "cases must be a positive integer, not '\(casesText.text)'")
    }
    guard cases <= TheoremFile.maximumCases else {
      throw fail(casesText.line, "cases must be at most \(TheoremFile.maximumCases), not \(cases)")
    }
    let seedText = try required("seed")
    guard let seed = UInt64(seedText.text.filter { $0 != "_" }),
          seedText.text.first?.isNumber == true else {
      throw fail(seedText.line, "seed must be an integer from 0 to \(UInt64.max), not '\(seedText.text)'")
    }
    var expect = TheoremFile.Expectation.holds
    if let e = scalars["expect"] {
      guard let parsed = TheoremFile.Expectation(rawValue: e.text) else {
        throw fail(e.line, "expect must be 'holds' or 'refuted', not '\(e.text)'")
      }
      expect = parsed
    }

    func expression(_ s: Scalar, _ what: String) throws -> ClaimExpression {
      let e: ClaimExpression
      do {
        e = try ClaimExpression.parse(s.text, quantities: quantities, booleanQuantities: booleanQuantities)
      } catch let error as ClaimSyntaxError {
        throw fail(s.line, "\(what), column \(s.column(ofOffset: error.offset)): \(error.message)")
      }
      guard e.isBoolean(booleanQuantities: booleanQuantities) else {
        throw fail(s.line, "\(what), column \(s.column(ofOffset: 0)): must be a boolean (a comparison, or one combined with and, or, not, implies), but this is a number")
      }
      return e
    }

    let kind: TheoremFile.Kind
    let claimText: String
    switch (scalars["claim"], scalars["witness"]) {
    case (let c?, let w?):
      throw fail(max(c.line, w.line), "a theorem has exactly one of 'claim:' and 'witness:', not both (the other is on line \(min(c.line, w.line)))")
    case (nil, nil):
      throw fail(1, "a theorem needs exactly one of 'claim:' and 'witness:'")
    case (let c?, nil):
      kind = .claim(try expression(c, "claim"))
      claimText = c.text
    case (nil, let w?):
      kind = .witness(try expression(w, "witness"))
      claimText = w.text
    }
    let steps = try stepScalars.map { (text: $0.text, expression: try expression($0, "step")) }

    return TheoremFile(
      path: path, id: id.text, title: title.text, family: family.text, parameters: parameters,
      cases: cases, seed: seed, expect: expect, kind: kind, claimText: claimText, steps: steps,
      body: lines[(close + 1)...].joined(separator: "\n"), frontMatterLines: close + 1,
      parameterLines: parameterLines)
  }

  /// Reads `name:` starting at `from`; returns the name and the index just after the colon.
  func key(_ chars: [Character], from start: Int, line: Int, what: String) throws -> (String, Int) {
    guard let colon = chars[start...].firstIndex(of: ":") else {
      throw fail(line, "expected '\(what): value', found '\(String(chars[start...]))'")
    }
    let name = trimTrailing(String(chars[start..<colon]))
    guard let f = name.first, f.isASCII, f.isLetter || f == "_",
          name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") }) else {
      throw fail(line, "expected '\(what): value', found '\(String(chars[start...]))'")
    }
    return (name, colon + 1)
  }

  /// Reads a scalar value (plain, "double-quoted" or 'single-quoted') starting at `from`.
  func scalar(_ chars: [Character], from start: Int, line: Int) throws -> Scalar {
    var i = start
    while i < chars.count, chars[i] == " " { i += 1 }
    var text = "", columns: [Int] = []
    func finish(after end: Int) throws {
      var j = end
      while j < chars.count, chars[j] == " " || chars[j] == "\t" { j += 1 }
      if j < chars.count, chars[j] != "#" {
        throw fail(line, "unexpected text after the closing quote at column \(j + 1)")
      }
    }
    if i < chars.count, chars[i] == "\"" {
      var j = i + 1
      while true {
        guard j < chars.count else { throw fail(line, "unterminated \" string starting at column \(i + 1)") }
        let c = chars[j]
        if c == "\"" { break }
        if c == "\\" {
          guard j + 1 < chars.count else { throw fail(line, "unterminated \" string starting at column \(i + 1)") }
          let escaped: Character
          switch chars[j + 1] {
          case "\"": escaped = "\""
          case "\\": escaped = "\\"
          case "n": escaped = "\n"
          case "t": escaped = "\t"
          case "/": escaped = "/"
          default: throw fail(line, "unknown escape '\\\(chars[j + 1])' at column \(j + 1)")
          }
          text.append(escaped)
          columns.append(j)
          j += 2
          continue
        }
        text.append(c)
        columns.append(j)
        j += 1
      }
      try finish(after: j + 1)
      return Scalar(text: text, columns: columns, line: line, endColumn: j)
    }
    if i < chars.count, chars[i] == "'" {
      var j = i + 1
      while true {
        guard j < chars.count else { throw fail(line, "unterminated ' string starting at column \(i + 1)") }
        if chars[j] == "'" {
          if j + 1 < chars.count, chars[j + 1] == "'" {
            text.append("'")
            columns.append(j)
            j += 2
            continue
          }
          break
        }
        text.append(chars[j])
        columns.append(j)
        j += 1
      }
      try finish(after: j + 1)
      return Scalar(text: text, columns: columns, line: line, endColumn: j)
    }
    // Plain: to the end of the line or a ` #` comment, trailing blanks dropped.
    var end = i
    while end < chars.count, !(chars[end] == "#" && (end == i || chars[end - 1] == " " || chars[end - 1] == "\t")) {
      end += 1
    }
    while end > i, chars[end - 1] == " " || chars[end - 1] == "\t" { end -= 1 }
    return Scalar(text: String(chars[i..<end]), columns: Array(i..<end), line: line, endColumn: end)
  }

  func trimTrailing(_ s: String) -> String {
    var s = Substring(s)
    while let l = s.last, l == " " || l == "\t" { s = s.dropLast() }
    return String(s)
  }
}
