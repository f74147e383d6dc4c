import Yams

// Reads the YAML front matter of a theorem file with Yams (libyaml) and returns its entries with
// the file line of each, before their values are checked (TheoremFile.swift checks them).
//
// Accepted: one block mapping of `key: value` lines; values are plain, 'single-quoted' or
// "double-quoted" scalars on the line of their key; `parameters:` holds a block mapping of
// `name: value` lines, `steps:` a block sequence of `- EXPR` items; `parameters: {}` and
// `steps: []` (or nothing after the colon) mean none; comments anywhere.
// Refused, with the file line: anchors and aliases (one value written in two places), tags
// (`!!str`, `!x`: a value's type is fixed by its key), block scalars (`|`, `>`) and values
// continued on later lines (an expression error names a column of one line), flow collections
// with entries (`[a, b]`: claims contain commas), keys that are not plain words, duplicate keys,
// tabs in indentation, and anything after the mapping (a second document).

/// One scalar value of the front matter, with the 0-based column in its line of each of its
/// characters (quotes and escapes make these differ from the value's own offsets), for the
/// columns of expression errors.
struct FrontMatterValue {
  var text: String
  var columns: [Int]
  /// 1-based file line.
  var line: Int
  /// Column just after the value, for errors at its end.
  var endColumn: Int
  /// Whether the value was written in quotes (a string, never a number).
  var isQuoted = false

  /// Whether the value is YAML's null: nothing, `~` or `null` unquoted (no value).
  var isNull: Bool { !isQuoted && ["", "~", "null", "Null", "NULL"].contains(text) }

  /// The value as written, for error messages: 'text', or "text" when it was quoted.
  var written: String { isQuoted ? "\"\(text)\"" : "'\(text)'" }

  /// The 1-based column in the line of the value's character `offset`.
  func column(ofOffset offset: Int) -> Int { (offset < columns.count ? columns[offset] : endColumn) + 1 }
}

/// The front matter's entries as written, each with its line.
struct FrontMatterEntries {
  /// Top-level scalar keys (every known key but parameters and steps).
  var values: [String: FrontMatterValue] = [:]
  var parameters: [String: String] = [:]
  var parameterLines: [String: Int] = [:]
  var steps: [FrontMatterValue] = []
  /// Lines of the front matter, both `---` delimiters included.
  var frontMatterLines = 0
  /// The Markdown after the front matter (line ends as "\n").
  var body = ""
}

struct TheoremFrontMatter {
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

  /// The file line of a YAML mark (the YAML text starts on file line 2).
  func fileLine(_ mark: Mark?) -> Int { (mark?.line ?? 0) + 1 }

  func read(knownKeys: [String]) throws -> FrontMatterEntries {
    guard let first = lines.first, trimTrailing(first) == "---" else {
      throw fail(1, "a theorem file starts with a front matter block: '---' on line 1")
    }
    guard let close = lines.indices.dropFirst().first(where: { trimTrailing(lines[$0]) == "---" }) else {
      throw fail(1, "the front matter opened on line 1 is never closed by a '---' line")
    }
    // Blank and whole-line comment lines say nothing: they go to libyaml empty (it refuses a
    // tab on them), so that only the indentation before a value must be spaces.
    var yamlLines: [String] = []
    for index in 1..<close {
      let indent = lines[index].prefix(while: { $0 == " " || $0 == "\t" })
      let rest = lines[index].dropFirst(indent.count)
      if rest.isEmpty || rest.first == "#" {
        yamlLines.append("")
        continue
      }
      if indent.contains("\t") { throw fail(index + 1, "tabs are not allowed in indentation; use spaces") }
      yamlLines.append(lines[index])
    }
    var entries = FrontMatterEntries()
    entries.frontMatterLines = close + 1
    entries.body = lines[(close + 1)...].joined(separator: "\n")

    let root: Node?
    do {
      // The parser keeps every anchor alive while the nodes are read.
      let parser = try Parser(yaml: yamlLines.joined(separator: "\n"))
      root = try parser.singleRoot()
    } catch let error as YamlError {
      throw yamlError(error)
    }
    guard let root else { return entries }
    guard case .mapping(let mapping) = root else {
      throw fail(fileLine(root.mark), "the front matter holds 'key: value' lines")
    }
    try plain(root, "the front matter")
    var keyLines: [String: Int] = [:]
    for (keyNode, value) in mapping {
      let (name, line) = try key(keyNode, what: "key")
      guard knownKeys.contains(name) else {
        throw fail(line, "unknown key '\(name)' (known keys: \(knownKeys.joined(separator: ", ")))")
      }
      if let previous = keyLines[name] { throw fail(line, "duplicate key '\(name)' (first on line \(previous))") }
      keyLines[name] = line
      try plain(value, "'\(name)'")
      switch name {
      case "parameters":
        try readParameters(value, keyLine: line, into: &entries)
      case "steps":
        try readSteps(value, keyLine: line, into: &entries)
      default:
        guard case .scalar(let scalar) = value else {
          throw fail(fileLine(value.mark), "'\(name)' takes one value on its line, not a list or a mapping")
        }
        let v = try self.value(scalar, field: "'\(name)'")
        guard !v.isNull else { throw fail(line, "'\(name)' needs a value") }
        entries.values[name] = v
      }
    }
    return entries
  }

  func readParameters(_ node: Node, keyLine: Int, into entries: inout FrontMatterEntries) throws {
    if isNone(node, empty: "{}") { return }
    guard case .mapping(let mapping) = node, !isFlow(node) else {
      throw fail(node.scalar == nil ? fileLine(node.mark) : keyLine,
                 "'parameters:' takes indented 'name: value' lines below it")
    }
    for (keyNode, value) in mapping {
      let (name, line) = try key(keyNode, what: "parameter")
      if let previous = entries.parameterLines[name] {
        throw fail(line, "duplicate parameter '\(name)' (first on line \(previous))")
      }
      try plain(value, "parameter '\(name)'")
      guard case .scalar(let scalar) = value else {
        throw fail(fileLine(value.mark), "parameter '\(name)' takes one value on its line, not a list or a mapping")
      }
      let v = try self.value(scalar, field: "parameter '\(name)'")
      guard !v.isNull else { throw fail(line, "parameter '\(name)' needs a value") }
      entries.parameters[name] = v.text
      entries.parameterLines[name] = line
    }
  }

  func readSteps(_ node: Node, keyLine: Int, into entries: inout FrontMatterEntries) throws {
    if isNone(node, empty: "[]") { return }
    guard case .sequence(let sequence) = node, !isFlow(node) else {
      throw fail(node.scalar == nil ? fileLine(node.mark) : keyLine, "'steps:' takes '- EXPR' items on the lines below it")
    }
    for item in sequence {
      try plain(item, "step")
      guard case .scalar(let scalar) = item else { throw fail(fileLine(item.mark), "each step is a '- EXPR' item") }
      let step = try value(scalar, field: "step")
      guard !step.isNull else { throw fail(step.line, "empty step: write '- EXPR'") }
      entries.steps.append(step)
    }
  }

  /// Whether `node` says "none": nothing after the colon, or the empty flow collection `empty`.
  func isNone(_ node: Node, empty: String) -> Bool {
    switch node {
    case .scalar(let s): return s.style == .plain && ["", "~", "null", "Null", "NULL"].contains(s.string)
    case .mapping(let m): return m.count == 0 && empty == "{}"
    case .sequence(let s): return s.count == 0 && empty == "[]"
    case .alias: return false
    }
  }

  /// Whether a collection is written in flow style (`[…]`, `{…}`), read off the source (Yams
  /// does not keep a collection's style).
  func isFlow(_ node: Node) -> Bool {
    guard let mark = node.mark, let (chars, index) = character(at: mark), index < chars.count else { return false }
    return chars[index] == "[" || chars[index] == "{"
  }

  /// A mapping key: a plain word (a letter or '_', then letters, digits, '_' and '-').
  func key(_ node: Node, what: String) throws -> (name: String, line: Int) {
    let line = fileLine(node.mark)
    guard case .scalar(let s) = node, s.style == .plain,
          let f = s.string.first, f.isASCII, f.isLetter || f == "_",
          s.string.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") }) else {
      throw fail(line, "expected '\(what): value' with a plain word as the \(what)")
    }
    try plain(node, what)
    return (s.string, line)
  }

  /// Refuses node properties: a node that starts with '&' carries an anchor (an alias `*a`
  /// reads back as the anchored node, so it is caught there too), one that starts with '!' a tag.
  func plain(_ node: Node, _ field: String) throws {
    guard let mark = node.mark, let (chars, index) = character(at: mark), index < chars.count else { return }
    switch chars[index] {
    case "&", "*": throw fail(fileLine(mark), "\(field): YAML anchors and aliases are not accepted; write the value out")
    case "!": throw fail(fileLine(mark), "\(field): YAML tags are not accepted; a value's type is fixed by its key")
    default: return
    }
  }

  /// The characters of the mark's line and the index of the character at its column (libyaml
  /// counts columns in Unicode scalars).
  func character(at mark: Mark) -> (chars: [Character], index: Int)? {
    let lineIndex = mark.line  // YAML line n is lines[n]
    guard lineIndex >= 1, lineIndex < lines.count else { return nil }
    let chars = Array(lines[lineIndex])
    var scalars = 0, index = 0
    while index < chars.count, scalars < mark.column - 1 {
      scalars += chars[index].unicodeScalars.count
      index += 1
    }
    return (chars, index)
  }

  /// A scalar with the columns of its characters; it must sit on the line where it starts.
  func value(_ scalar: Node.Scalar, field: String) throws -> FrontMatterValue {
    let line = fileLine(scalar.mark)
    guard let mark = scalar.mark, let (chars, start) = character(at: mark) else {
      throw fail(line, "\(field): cannot locate the value")
    }
    let oneLine = "\(field): write the value on the line of its key (block scalars '|', '>' and values continued on the next line are not accepted)"
    var columns: [Int] = []
    switch scalar.style {
    case .plain, .any:
      var end = start
      while end < chars.count, !(chars[end] == "#" && (end == start || chars[end - 1] == " " || chars[end - 1] == "\t")) {
        end += 1
      }
      while end > start, chars[end - 1] == " " || chars[end - 1] == "\t" { end -= 1 }
      guard String(chars[start..<end]) == scalar.string else { throw fail(line, oneLine) }
      return FrontMatterValue(text: scalar.string, columns: Array(start..<end), line: line, endColumn: end)
    case .singleQuoted:
      var j = start + 1
      while j < chars.count {
        if chars[j] == "'" {
          if j + 1 < chars.count, chars[j + 1] == "'" {
            columns.append(j)
            j += 2
            continue
          }
          break
        }
        columns.append(j)
        j += 1
      }
      guard j < chars.count, columns.count == scalar.string.count else { throw fail(line, oneLine) }
      return FrontMatterValue(text: scalar.string, columns: columns, line: line, endColumn: j, isQuoted: true)
    case .doubleQuoted:
      var j = start + 1
      while j < chars.count, chars[j] != "\"" {
        columns.append(j)
        if chars[j] == "\\", j + 1 < chars.count {
          switch chars[j + 1] {
          case "x": j += 4
          case "u": j += 6
          case "U": j += 10
          default: j += 2
          }
        } else {
          j += 1
        }
      }
      guard j < chars.count else { throw fail(line, oneLine) }
      // An escape may stand for several characters' worth of Unicode; the columns then fall
      // back to the end of the value for the rest.
      return FrontMatterValue(text: scalar.string, columns: columns, line: line, endColumn: j, isQuoted: true)
    case .literal, .folded:
      throw fail(line, oneLine)
    }
  }

  /// libyaml's error as one line on the file line where the problem is: for a scanner error
  /// with a context (an unterminated quote, a key without ':') where that context starts, for
  /// any other where libyaml found the problem.
  func yamlError(_ error: YamlError) -> TheoremFileError {
    func located(_ context: YamlError.Context?, _ problem: String, _ mark: Mark) -> TheoremFileError {
      let at = context?.mark ?? mark
      let field = character(at: at).flatMap { fieldName(in: $0.chars) }.map { "'\($0)': " } ?? ""
      let what = context.map { "\($0.text), " } ?? ""
      let position = at.line == mark.line ? "column \(mark.column)" : "line \(fileLine(mark)), column \(mark.column)"
      return fail(fileLine(at), "\(field)not valid YAML: \(what)\(problem) (\(position))")
    }
    switch error {
    case .scanner(let context, let problem, let mark, _):
      return located(context, problem, mark)
    case .parser(_, let problem, let mark, _), .composer(_, let problem, let mark, _):
      if problem.hasPrefix("but found another document") || problem.contains("<document start>") {
        return fail(fileLine(mark), "the front matter holds one YAML document (no '...', '---' or '%' directive lines inside it)")
      }
      return located(nil, problem, mark)
    case .duplicatedKeysInMapping(let duplicates, let context):
      let name = duplicates.first ?? ""
      let first = fileLine(context.mark)
      let noun = context.mark.column > 1 ? "parameter" : "key"
      return fail(repeatLine(of: name, after: context.mark) ?? first, "duplicate \(noun) '\(name)' (first on line \(first))")
    case .reader(let problem, _, _, _):
      return fail(1, "not valid YAML: \(problem)")
    default:
      return fail(1, "not valid YAML: \(error)")
    }
  }

  /// The file line where `name` is written again as a key at the column of its first mark.
  func repeatLine(of name: String, after mark: Mark) -> Int? {
    let indent = String(repeating: " ", count: mark.column - 1)
    for n in (mark.line + 1)..<max(mark.line + 1, lines.count) {
      let line = lines[n]
      guard line.hasPrefix(indent) else { continue }
      let rest = line.dropFirst(indent.count)
      if rest.hasPrefix(name), rest.dropFirst(name.count).drop(while: { $0 == " " }).first == ":" { return n + 1 }
    }
    return nil
  }

  /// The key a front matter line starts with (`name:`), for naming the field of a syntax error.
  func fieldName(in chars: [Character]) -> String? {
    let text = String(chars).drop(while: { $0 == " " || $0 == "-" })
    guard let colon = text.firstIndex(of: ":") else { return nil }
    let name = text[..<colon]
    guard let f = name.first, f.isLetter || f == "_",
          name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") }) else { return nil }
    return String(name)
  }

  func trimTrailing(_ s: String) -> String {
    var s = Substring(s)
    while let l = s.last, l == " " || l == "\t" { s = s.dropLast() }
    return String(s)
  }
}
