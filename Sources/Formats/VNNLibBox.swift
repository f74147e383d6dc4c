import Model
import Rational

/// The input box of a VNN-LIB property (the SMT-LIB subset of VNN-COMP):
/// `(declare-const X_i Real)` declares input i, and assertions
/// `(assert (<= X_i c))`, `(assert (>= X_i c))` (either side order, also inside
/// `(and …)`) bound it; `c` is a decimal or scientific literal, or `(- c)`, read exactly.
///
/// Constraints on the outputs (`Y_j`) are the property a verifier would check, not part
/// of the input set: they are counted and ignored (`ignoredOutputConstraints`).
/// Anything else on the inputs (a linear combination, `or`, a strict bound, a missing
/// bound) is not a box and is refused with the line it is on.
public struct VNNLibBox {
  public var lower: [Rational]
  public var upper: [Rational]
  public var ignoredOutputConstraints: Int

  public init(file: String, text: String) throws {
    var lexer = SExpressionReader(file: file, text: text)
    var inputs: [Int: (lo: Rational?, hi: Rational?)] = [:]
    var declared = Set<Int>()
    var ignored = 0
    while let expr = try lexer.next() {
      guard case .list(let items, let line) = expr, case .atom(let head, _)? = items.first else {
        throw lexer.fail(expr.line, "expected (declare-const …) or (assert …)")
      }
      switch head {
      case "declare-const":
        guard items.count == 3, case .atom(let name, _) = items[1] else { throw lexer.fail(line, "malformed declare-const") }
        if let i = Self.inputIndex(name) { declared.insert(i) }
      case "assert":
        guard items.count == 2 else { throw lexer.fail(line, "assert takes one formula") }
        try Self.collect(items[1], into: &inputs, ignored: &ignored, lexer: lexer)
      default:
        throw lexer.fail(line, "unexpected \(head) (expected declare-const or assert)")
      }
    }
    guard !declared.isEmpty, declared == Set(0..<declared.count) else {
      throw InputError(file: file, field: "", message: "expected inputs X_0 … X_{n-1} declared with declare-const, found \(declared.sorted())")
    }
    var lower: [Rational] = [], upper: [Rational] = []
    for i in 0..<declared.count {
      guard let lo = inputs[i]?.lo, let hi = inputs[i]?.hi else {
        throw InputError(file: file, field: "X_\(i)", message: "needs both a lower and an upper bound to make a box")
      }
      guard lo < hi else { throw InputError(file: file, field: "X_\(i)", message: "lower bound \(lo) is not below the upper bound \(hi)") }
      lower.append(lo)
      upper.append(hi)
    }
    self.lower = lower
    self.upper = upper
    ignoredOutputConstraints = ignored
  }

  static func inputIndex(_ name: String) -> Int? {
    name.hasPrefix("X_") ? Int(name.dropFirst(2)) : nil
  }

  /// Adds the bounds of one asserted formula.
  static func collect(_ f: SExpression, into inputs: inout [Int: (lo: Rational?, hi: Rational?)], ignored: inout Int,
                      lexer: SExpressionReader) throws {
    guard case .list(let items, let line) = f, case .atom(let op, _)? = items.first else {
      throw lexer.fail(f.line, "expected a comparison")
    }
    func mentionsOutput(_ e: SExpression) -> Bool {
      switch e {
      case .atom(let a, _): return a.hasPrefix("Y_")
      case .list(let xs, _): return xs.contains(where: mentionsOutput)
      }
    }
    func mentionsInput(_ e: SExpression) -> Bool {
      switch e {
      case .atom(let a, _): return inputIndex(a) != nil
      case .list(let xs, _): return xs.contains(where: mentionsInput)
      }
    }
    if mentionsOutput(f) && !mentionsInput(f) { ignored += 1; return }
    switch op {
    case "and":
      for g in items.dropFirst() { try collect(g, into: &inputs, ignored: &ignored, lexer: lexer) }
    case "<=", ">=":
      guard items.count == 3 else { throw lexer.fail(line, "\(op) with \(items.count - 1) arguments is not a bound of one input (not a box)") }
      let (a, b) = (items[1], items[2])
      let variable: Int, bound: Rational, isUpper: Bool
      if case .atom(let name, _) = a, let i = inputIndex(name), let c = literal(b) {
        (variable, bound, isUpper) = (i, c, op == "<=")
      } else if case .atom(let name, _) = b, let i = inputIndex(name), let c = literal(a) {
        (variable, bound, isUpper) = (i, c, op == ">=")
      } else {
        throw lexer.fail(line, "\(f.text) is not a bound of one input by a constant (not a box)")
      }
      var entry = inputs[variable] ?? (nil, nil)
      // Repeated bounds intersect.
      if isUpper { entry.hi = entry.hi.map { Rational.minimum($0, bound) } ?? bound }
      else { entry.lo = entry.lo.map { Rational.maximum($0, bound) } ?? bound }
      inputs[variable] = entry
    default:
      throw lexer.fail(line, "\(op) on the inputs is not a box constraint (only <=, >= and and)")
    }
  }

  /// A numeric literal, `(- c)` included, exactly.
  static func literal(_ e: SExpression) -> Rational? {
    switch e {
    case .atom(let a, _): return try? Rational(parsing: a)
    case .list(let xs, _):
      guard xs.count == 2, case .atom("-", _) = xs[0], let c = literal(xs[1]) else { return nil }
      return -c
    }
  }
}

/// An S-expression with the line it starts on.
indirect enum SExpression {
  case atom(String, line: Int)
  case list([SExpression], line: Int)

  var line: Int {
    switch self {
    case .atom(_, let l), .list(_, let l): return l
    }
  }

  var text: String {
    switch self {
    case .atom(let a, _): return a
    case .list(let xs, _): return "(" + xs.map(\.text).joined(separator: " ") + ")"
    }
  }
}

/// Reads top-level S-expressions one at a time; `;` starts a comment to the end of the line.
struct SExpressionReader {
  let file: String
  private let chars: [Character]
  private var pos = 0
  private var line = 1

  init(file: String, text: String) {
    self.file = file
    chars = Array(text)
  }

  func fail(_ line: Int, _ message: String) -> InputError {
    InputError(file: file, field: "line \(line)", message: message)
  }

  private mutating func skipSpace() {
    while pos < chars.count {
      let c = chars[pos]
      if c == ";" {
        while pos < chars.count && chars[pos] != "\n" { pos += 1 }
      } else if c.isWhitespace {
        if c == "\n" { line += 1 }
        pos += 1
      } else {
        return
      }
    }
  }

  mutating func next() throws -> SExpression? {
    skipSpace()
    guard pos < chars.count else { return nil }
    return try parse(depth: 0)
  }

  private mutating func parse(depth: Int) throws -> SExpression {
    guard depth < 1000 else { throw fail(line, "nesting deeper than 1000") }
    skipSpace()
    guard pos < chars.count else { throw fail(line, "unexpected end of file (unbalanced parentheses)") }
    let start = line
    if chars[pos] == "(" {
      pos += 1
      var items: [SExpression] = []
      while true {
        skipSpace()
        guard pos < chars.count else { throw fail(start, "unbalanced parenthesis opened here") }
        if chars[pos] == ")" { pos += 1; return .list(items, line: start) }
        items.append(try parse(depth: depth + 1))
      }
    }
    if chars[pos] == ")" { throw fail(line, "unexpected )") }
    var atom = ""
    while pos < chars.count, !chars[pos].isWhitespace, chars[pos] != "(", chars[pos] != ")", chars[pos] != ";" {
      atom.append(chars[pos])
      pos += 1
    }
    return .atom(atom, line: start)
  }
}

extension Problem {
  /// This problem with the domain X replaced by `box`. Every sample must lie in the box.
  public func withDomain(_ box: VNNLibBox, file: String) throws -> Problem {
    guard box.lower.count == lower.count else {
      throw InputError(file: file, field: "", message: "the property has \(box.lower.count) inputs but the problem's states have \(lower.count)")
    }
    for (k, s) in samples.enumerated() {
      for i in s.state.indices where s.state[i] < box.lower[i] || s.state[i] > box.upper[i] {
        throw InputError(file: file, field: "X_\(i)", message: "the box [\(box.lower[i]), \(box.upper[i])] does not contain data[\(k)].state[\(i)] = \(s.state[i])")
      }
    }
    var p = self
    p.lower = box.lower
    p.upper = box.upper
    return p
  }

  /// This problem with one sample at the box's centre c and radius r, when the box is an
  /// ℓ∞ ball (every half-width equal to r); the target is the first sample's. The domain
  /// is kept (the attack stays inside X).
  public func withBall(_ box: VNNLibBox, file: String) throws -> Problem {
    guard box.lower.count == lower.count else {
      throw InputError(file: file, field: "", message: "the property has \(box.lower.count) inputs but the problem's states have \(lower.count)")
    }
    let half = box.lower.indices.map { (box.upper[$0] - box.lower[$0]) / 2 }
    guard let r = half.first, half.allSatisfy({ $0 == r }) else {
      throw InputError(file: file, field: "", message: "the box is not an l-infinity ball: its half-widths differ (\(half.map(\.description).joined(separator: ", "))); use it as the domain instead")
    }
    let centre = box.lower.indices.map { (box.lower[$0] + box.upper[$0]) / 2 }
    for i in centre.indices where centre[i] < lower[i] || centre[i] > upper[i] {
      throw InputError(file: file, field: "X_\(i)", message: "the centre \(centre[i]) lies outside the problem's domain [\(lower[i]), \(upper[i])]")
    }
    var p = self
    p.samples = [Sample(state: centre, target: samples[0].target)]
    p.attack.radius = r
    return p
  }
}
