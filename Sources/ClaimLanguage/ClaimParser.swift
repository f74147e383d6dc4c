import Rational

/// A syntax or type error in a claim expression, at a 0-based character offset.
public struct ClaimSyntaxError: Error, Equatable, CustomStringConvertible {
  /// 0-based character offset in the expression text.
  public var offset: Int
  /// What is wrong, e.g. "expected ')' after argument list", "unknown quantity 'gama_adv_sq'".
  public var message: String

  public init(offset: Int, message: String) {
    self.offset = offset
    self.message = message
  }

  /// "column N: message", N 1-based.
  public var description: String { "column \(offset + 1): \(message)" }
}

extension ClaimExpression {
  /// The longest claim text accepted, in bytes of UTF-8.
  public static let maximumLength = 10_000
  /// The deepest tree accepted (a literal or quantity has depth 1; `a + b` has depth 2): every
  /// recursion over a parsed claim (evaluation, margins, printing) is at most this deep, and
  /// evaluating a claim costs at most depth × size steps.
  public static let maximumDepth = 100

  /// Parses `text` by the grammar in ClaimExpression.swift. Every identifier that is not a keyword,
  /// a function or in `quantities` is an error at its position; types are checked here too:
  /// names in `booleanQuantities` are booleans, all other quantities numbers, and `1 and x`,
  /// `true + 1`, `a < true`, `not 3`, `min(true)` are errors at the offending operand.
  public static func parse(
    _ text: String, quantities: Set<String>, booleanQuantities: Set<String>
  ) throws -> ClaimExpression {
    var parser = try ClaimParser(text: text, quantities: quantities.union(booleanQuantities),
                                 booleanQuantities: booleanQuantities)
    return try parser.parseAll()
  }

  /// Whether the expression's value is a boolean (given which quantities are booleans), as opposed
  /// to a number. A theorem's `claim:`, `witness:` and `steps:` must be boolean.
  public func isBoolean(booleanQuantities: Set<String>) -> Bool {
    switch self {
    case .number, .negate, .arithmetic, .call: return false
    case .boolean, .not, .comparison, .and, .or, .implies: return true
    case .quantity(let n): return booleanQuantities.contains(n)
    }
  }
}

/// A token with its 0-based character offset.
struct ClaimToken {
  enum Kind: Equatable {
    case number(Rational)
    case identifier(String)
    case symbol(String)  // + - * / ( ) , and the comparison operators
    case end
  }
  var kind: Kind
  var offset: Int
  /// The source text, for messages.
  var text: String

  var quoted: String { kind == .end ? "end of input" : "'\(text)'" }
}

/// Splits claim text into tokens.
enum ClaimTokenizer {
  static func tokens(_ text: String) throws -> [ClaimToken] {
    let chars = Array(text)
    var tokens: [ClaimToken] = []
    var i = 0
    func isDigit(_ c: Character) -> Bool { c >= "0" && c <= "9" }
    func isIdentStart(_ c: Character) -> Bool {
      (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || c == "_"
    }
    while i < chars.count {
      let c = chars[i]
      if c == " " || c == "\t" || c == "\n" || c == "\r" {
        i += 1
        continue
      }
      let start = i
      if isDigit(c) || (c == "." && i + 1 < chars.count && isDigit(chars[i + 1])) {
        while i < chars.count, isDigit(chars[i]) { i += 1 }
        if i < chars.count, chars[i] == "." {
          i += 1
          while i < chars.count, isDigit(chars[i]) { i += 1 }
        }
        // An exponent only when digits follow (`2e` then `ta` would be `2` and `eta`).
        if i < chars.count, chars[i] == "e" || chars[i] == "E" {
          var j = i + 1
          if j < chars.count, chars[j] == "+" || chars[j] == "-" { j += 1 }
          if j < chars.count, isDigit(chars[j]) {
            i = j
            while i < chars.count, isDigit(chars[i]) { i += 1 }
          }
        }
        let literal = String(chars[start..<i])
        guard let value = try? Rational(parsing: literal) else {
          throw ClaimSyntaxError(offset: start, message: "the number '\(literal)' is out of range")
        }
        tokens.append(ClaimToken(kind: .number(value), offset: start, text: literal))
        if i < chars.count, isIdentStart(chars[i]) || isDigit(chars[i]) || chars[i] == "." {
          throw ClaimSyntaxError(offset: i, message: "unexpected '\(chars[i])' right after the number '\(literal)'")
        }
        continue
      }
      if isIdentStart(c) {
        while i < chars.count, isIdentStart(chars[i]) || isDigit(chars[i]) { i += 1 }
        let name = String(chars[start..<i])
        tokens.append(ClaimToken(kind: .identifier(name), offset: start, text: name))
        continue
      }
      let two = i + 1 < chars.count ? String(chars[i...i + 1]) : ""
      if ["<=", ">=", "==", "!="].contains(two) {
        tokens.append(ClaimToken(kind: .symbol(two), offset: start, text: two))
        i += 2
        continue
      }
      if "+-*/(),<>".contains(c) {
        tokens.append(ClaimToken(kind: .symbol(String(c)), offset: start, text: String(c)))
        i += 1
        continue
      }
      switch c {
      case "=": throw ClaimSyntaxError(offset: start, message: "unexpected '='; equality is '=='")
      case "!": throw ClaimSyntaxError(offset: start, message: "unexpected '!'; negation is 'not', inequality '!='")
      case "&", "|":
        throw ClaimSyntaxError(offset: start, message: "unexpected '\(c)'; write 'and', 'or'")
      case "^": throw ClaimSyntaxError(offset: start, message: "unexpected '^'; there is no power operator, write 'x * x'")
      default: throw ClaimSyntaxError(offset: start, message: "unexpected character '\(c)'")
      }
    }
    tokens.append(ClaimToken(kind: .end, offset: chars.count, text: ""))
    return tokens
  }
}

/// Recursive descent over the tokens, one function per grammar level. Each returns the tree,
/// its type and the offset where it starts (for type errors).
struct ClaimParser {
  /// A parsed subexpression: its tree, type, starting offset and tree height (a leaf is 1).
  private typealias Typed = (expression: ClaimExpression, isBoolean: Bool, offset: Int, height: Int)
  private static let keywords: Set<String> = ["and", "or", "not", "implies", "true", "false"]

  private let tokens: [ClaimToken]
  private var position = 0
  /// How many parentheses, `not`s, unary minuses and calls enclose the current position.
  private var nesting = 0
  private let quantities: Set<String>
  private let booleanQuantities: Set<String>

  init(text: String, quantities: Set<String>, booleanQuantities: Set<String>) throws {
    if text.utf8.count > ClaimExpression.maximumLength {
      throw ClaimSyntaxError(offset: 0, message: "the expression is longer than \(ClaimExpression.maximumLength) characters")
    }
    tokens = try ClaimTokenizer.tokens(text)
    self.quantities = quantities
    self.booleanQuantities = booleanQuantities
  }

  mutating func parseAll() throws -> ClaimExpression {
    if tokens[0].kind == .end { throw ClaimSyntaxError(offset: 0, message: "empty expression") }
    let e = try parseImplies()
    let t = current
    if t.kind != .end {
      if case .symbol(")") = t.kind {
        throw ClaimSyntaxError(offset: t.offset, message: "unmatched ')'")
      }
      throw ClaimSyntaxError(offset: t.offset, message: "unexpected \(t.quoted) after a complete expression")
    }
    return e.expression
  }

  // MARK: Token helpers

  private var current: ClaimToken { tokens[position] }

  private func isSymbol(_ s: String) -> Bool { current.kind == .symbol(s) }
  private func isKeyword(_ k: String) -> Bool { current.kind == .identifier(k) }

  private mutating func advance() -> ClaimToken {
    defer { position += 1 }
    return tokens[position]
  }

  private func error(_ message: String, at offset: Int? = nil) -> ClaimSyntaxError {
    ClaimSyntaxError(offset: offset ?? current.offset, message: message)
  }

  private func describe(_ isBoolean: Bool) -> String { isBoolean ? "a boolean" : "a number" }

  private func requireBoolean(_ e: Typed, _ what: String) throws {
    if !e.isBoolean { throw error("\(what) needs a boolean, but this is a number", at: e.offset) }
  }

  private func requireNumber(_ e: Typed, _ what: String) throws {
    if e.isBoolean { throw error("\(what) needs a number, but this is a boolean", at: e.offset) }
  }

  // MARK: Limits

  private func depthError(at offset: Int) -> ClaimSyntaxError {
    error("the expression is nested more than \(ClaimExpression.maximumDepth) levels deep", at: offset)
  }

  /// Enters one more level of parentheses, `not`, unary minus or call; the caller undoes it.
  private mutating func enter() throws {
    nesting += 1
    if nesting > ClaimExpression.maximumDepth { throw depthError(at: current.offset) }
  }

  /// The node over `children`, refused when its tree would be deeper than the limit (so every
  /// tree the parser builds, and every recursion over it, stays shallow).
  private func node(_ e: ClaimExpression, _ isBoolean: Bool, _ offset: Int, _ children: Typed...) throws -> Typed {
    let height = 1 + (children.map(\.height).max() ?? 0)
    if height > ClaimExpression.maximumDepth { throw depthError(at: offset) }
    return (e, isBoolean, offset, height)
  }

  // MARK: Grammar levels

  private mutating func parseImplies() throws -> Typed {
    let premise = try parseOr()
    guard isKeyword("implies") else { return premise }
    _ = advance()
    try requireBoolean(premise, "'implies'")
    let conclusion = try parseImplies()
    try requireBoolean(conclusion, "'implies'")
    return try node(.implies(premise.expression, conclusion.expression), true, premise.offset, premise, conclusion)
  }

  private mutating func parseOr() throws -> Typed {
    var left = try parseAnd()
    while isKeyword("or") {
      _ = advance()
      try requireBoolean(left, "'or'")
      let right = try parseAnd()
      try requireBoolean(right, "'or'")
      left = try node(.or(left.expression, right.expression), true, left.offset, left, right)
    }
    return left
  }

  private mutating func parseAnd() throws -> Typed {
    var left = try parseNot()
    while isKeyword("and") {
      _ = advance()
      try requireBoolean(left, "'and'")
      let right = try parseNot()
      try requireBoolean(right, "'and'")
      left = try node(.and(left.expression, right.expression), true, left.offset, left, right)
    }
    return left
  }

  private mutating func parseNot() throws -> Typed {
    guard isKeyword("not") else { return try parseComparison() }
    let start = advance().offset
    try enter()
    defer { nesting -= 1 }
    let operand = try parseNot()
    try requireBoolean(operand, "'not'")
    return try node(.not(operand.expression), true, start, operand)
  }

  private static let comparisonSymbols = Set(ClaimExpression.ComparisonOperator.allCases.map(\.rawValue))

  private mutating func comparisonOperator() -> ClaimExpression.ComparisonOperator? {
    guard case .symbol(let s) = current.kind, ClaimParser.comparisonSymbols.contains(s) else { return nil }
    return ClaimExpression.ComparisonOperator(rawValue: s)
  }

  private mutating func parseComparison() throws -> Typed {
    let left = try parseSum()
    guard let op = comparisonOperator() else { return left }
    let opToken = advance()
    let right = try parseSum()
    if op.isOrdering {
      try requireNumber(left, "'\(op.rawValue)'")
      try requireNumber(right, "'\(op.rawValue)'")
    } else if left.isBoolean != right.isBoolean {
      throw error("'\(op.rawValue)' compares \(describe(left.isBoolean)) with \(describe(right.isBoolean))",
                  at: opToken.offset)
    }
    if comparisonOperator() != nil {
      throw error("comparisons do not chain: write 'a < b and b < c'")
    }
    return try node(.comparison(op, left.expression, right.expression), true, left.offset, left, right)
  }

  private mutating func parseSum() throws -> Typed {
    var left = try parseTerm()
    while isSymbol("+") || isSymbol("-") {
      let op = ClaimExpression.ArithmeticOperator(rawValue: advance().text)!
      try requireNumber(left, "'\(op.rawValue)'")
      let right = try parseTerm()
      try requireNumber(right, "'\(op.rawValue)'")
      left = try node(.arithmetic(op, left.expression, right.expression), false, left.offset, left, right)
    }
    return left
  }

  private mutating func parseTerm() throws -> Typed {
    var left = try parseUnary()
    while isSymbol("*") || isSymbol("/") {
      let op = ClaimExpression.ArithmeticOperator(rawValue: advance().text)!
      try requireNumber(left, "'\(op.rawValue)'")
      let right = try parseUnary()
      try requireNumber(right, "'\(op.rawValue)'")
      left = try node(.arithmetic(op, left.expression, right.expression), false, left.offset, left, right)
    }
    return left
  }

  private mutating func parseUnary() throws -> Typed {
    guard isSymbol("-") else { return try parseAtom() }
    let start = advance().offset
    try enter()
    defer { nesting -= 1 }
    let operand = try parseUnary()
    try requireNumber(operand, "unary '-'")
    if case .number(let r) = operand.expression { return (.number(-r), false, start, 1) }
    return try node(.negate(operand.expression), false, start, operand)
  }

  private mutating func parseAtom() throws -> Typed {
    let t = current
    switch t.kind {
    case .number(let r):
      _ = advance()
      return (.number(r), false, t.offset, 1)
    case .symbol("("):
      _ = advance()
      try enter()
      defer { nesting -= 1 }
      let inner = try parseImplies()
      guard isSymbol(")") else {
        throw error("expected ')' to close '(', found \(current.quoted)")
      }
      _ = advance()
      return (inner.expression, inner.isBoolean, t.offset, inner.height)
    case .identifier(let name):
      _ = advance()
      if name == "true" || name == "false" { return (.boolean(name == "true"), true, t.offset, 1) }
      if ClaimParser.keywords.contains(name) {
        throw error("expected an expression, found the keyword '\(name)'", at: t.offset)
      }
      if let f = ClaimExpression.Function(rawValue: name) { return try parseCall(f, at: t.offset) }
      guard quantities.contains(name) else {
        if isSymbol("(") { throw error("unknown function '\(name)'", at: t.offset) }
        throw error("unknown quantity '\(name)'", at: t.offset)
      }
      if isSymbol("(") { throw error("'\(name)' is a quantity, not a function") }
      return (.quantity(name), booleanQuantities.contains(name), t.offset, 1)
    case .end:
      throw error("expected an expression, found end of input")
    case .symbol:
      throw error("expected an expression, found \(t.quoted)")
    }
  }

  private mutating func parseCall(_ f: ClaimExpression.Function, at offset: Int) throws -> Typed {
    guard isSymbol("(") else { throw error("expected '(' after the function '\(f.rawValue)'") }
    _ = advance()
    try enter()
    defer { nesting -= 1 }
    var args: [ClaimExpression] = []
    var height = 1
    while true {
      let arg = try parseImplies()
      try requireNumber(arg, "'\(f.rawValue)'")
      args.append(arg.expression)
      height = max(height, arg.height + 1)
      if args.count > ClaimExpression.maximumDepth {
        throw error("more than \(ClaimExpression.maximumDepth) arguments", at: offset)
      }
      if isSymbol(",") {
        _ = advance()
        continue
      }
      guard isSymbol(")") else { throw error("expected ')' after argument list, found \(current.quoted)") }
      _ = advance()
      break
    }
    if f == .abs && args.count != 1 {
      throw error("'abs' takes one argument, not \(args.count)", at: offset)
    }
    if height > ClaimExpression.maximumDepth { throw depthError(at: offset) }
    return (.call(f, args), false, offset, height)
  }
}
