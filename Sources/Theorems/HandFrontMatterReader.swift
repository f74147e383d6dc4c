import ClaimLanguage

// TEMPORARY: the hand-written front-matter reader that the Yams reader replaces, kept for one
// commit so that TheoremFrontMatterMigrationTests can show both read every theorem file and
// every test fixture alike. Deleted in the next commit.

/// A scalar value with the 0-based column in its line of each of its characters (quotes and
/// escapes make these differ from the value's own offsets), for expression error columns.
struct HandScalar {
  var text: String
  var columns: [Int]
  var line: Int
  /// Column just after the value, for errors at its end.
  var endColumn: Int

  /// The 1-based column in the line of the value's character `offset`.
  func column(ofOffset offset: Int) -> Int { (offset < columns.count ? columns[offset] : endColumn) + 1 }
}

struct HandFrontMatterReader {
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

    var scalars: [String: HandScalar] = [:]
    var keyLines: [String: Int] = [:]
    var parameters: [String: String] = [:]
    var parameterLines: [String: Int] = [:]
    var stepScalars: [HandScalar] = []
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
    func required(_ name: String) throws -> HandScalar {
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

    func expression(_ s: HandScalar, _ what: String) throws -> ClaimExpression {
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
  func scalar(_ chars: [Character], from start: Int, line: Int) throws -> HandScalar {
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
      return HandScalar(text: text, columns: columns, line: line, endColumn: j)
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
      return HandScalar(text: text, columns: columns, line: line, endColumn: j)
    }
    // Plain: to the end of the line or a ` #` comment, trailing blanks dropped.
    var end = i
    while end < chars.count, !(chars[end] == "#" && (end == i || chars[end - 1] == " " || chars[end - 1] == "\t")) {
      end += 1
    }
    while end > i, chars[end - 1] == " " || chars[end - 1] == "\t" { end -= 1 }
    return HandScalar(text: String(chars[i..<end]), columns: Array(i..<end), line: line, endColumn: end)
  }

  func trimTrailing(_ s: String) -> String {
    var s = Substring(s)
    while let l = s.last, l == " " || l == "\t" { s = s.dropLast() }
    return String(s)
  }
}
