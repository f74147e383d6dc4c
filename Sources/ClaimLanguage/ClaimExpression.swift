import Rational

// The claim language of theorem files (SPEC section 5): exact expressions over the per-instance
// quantities of an instance (`gamma_adv_sq`, `beta_max`, `monotone`, …).
//
// Grammar (lowest to highest precedence):
//
//     expr    := implies
//     implies := or ( 'implies' implies )?          right-associative: a implies b implies c = a implies (b implies c)
//     or      := and ( 'or' and )*                  left-associative
//     and     := not ( 'and' not )*                 left-associative
//     not     := 'not' not | cmp
//     cmp     := sum ( ('<=' | '<' | '>=' | '>' | '==' | '!=') sum )?   non-associative: a < b < c is an error
//     sum     := term ( ('+' | '-') term )*
//     term    := unary ( ('*' | '/') unary )*
//     unary   := '-' unary | atom
//     atom    := literal | 'true' | 'false' | identifier | identifier '(' expr (',' expr)* ')' | '(' expr ')'
//
// Literals are exact decimals: `3`, `0.5`, `.5`, `1e-3`, `2.5E+2` (`0.1` is exactly 1/10). A fraction
// is not a literal: `22/7` is the division `22 / 7`. Identifiers are `[A-Za-z_][A-Za-z0-9_]*`; the
// keywords `and or not implies true false` and the functions `min(a, b, …)`, `max(a, b, …)`,
// `abs(a)` are reserved. Every expression has a type, number or boolean, checked when it is parsed:
// arithmetic, ordering comparisons and functions take numbers; `and or not implies` take booleans;
// `==` and `!=` compare two numbers or two booleans.

/// A value of the claim language.
public enum ClaimValue: Equatable, Sendable, CustomStringConvertible {
  case number(Rational)
  case boolean(Bool)

  /// `22/7`, `-3`, `true`, `false`.
  public var description: String {
    switch self {
    case .number(let r): return r.description
    case .boolean(let b): return b ? "true" : "false"
    }
  }
}

/// A parsed claim expression (see the grammar above). Parsed trees never hold `negate` of a
/// literal: `-3` is the literal −3.
public indirect enum ClaimExpression: Equatable, Sendable, CustomStringConvertible {
  /// The arithmetic operators `+ - * /`.
  public enum ArithmeticOperator: String, Sendable, CaseIterable {
    case add = "+", subtract = "-", multiply = "*", divide = "/"
  }
  /// The comparison operators.
  public enum ComparisonOperator: String, Sendable, CaseIterable {
    case lessOrEqual = "<=", less = "<", greaterOrEqual = ">=", greater = ">", equal = "==", notEqual = "!="
    /// Whether it orders numbers (`<= < >= >`), as opposed to `==`/`!=`.
    public var isOrdering: Bool { self != .equal && self != .notEqual }
  }
  /// The built-in functions.
  public enum Function: String, Sendable, CaseIterable {
    case min, max, abs
  }

  case number(Rational)
  case boolean(Bool)
  case quantity(String)
  /// Unary minus.
  case negate(ClaimExpression)
  case not(ClaimExpression)
  case arithmetic(ArithmeticOperator, ClaimExpression, ClaimExpression)
  case comparison(ComparisonOperator, ClaimExpression, ClaimExpression)
  case and(ClaimExpression, ClaimExpression)
  case or(ClaimExpression, ClaimExpression)
  case implies(ClaimExpression, ClaimExpression)
  case call(Function, [ClaimExpression])

  /// The quantity names the expression uses.
  public var quantityNames: Set<String> {
    var names: Set<String> = []
    func collect(_ e: ClaimExpression) {
      switch e {
      case .number, .boolean: break
      case .quantity(let n): names.insert(n)
      case .negate(let a), .not(let a): collect(a)
      case .arithmetic(_, let a, let b), .comparison(_, let a, let b), .and(let a, let b),
        .or(let a, let b), .implies(let a, let b):
        collect(a)
        collect(b)
      case .call(_, let args): args.forEach(collect)
      }
    }
    collect(self)
    return names
  }

  // MARK: Printing

  /// Binding strength of each grammar level, loosest first.
  enum Level: Int, Comparable {
    case implies = 1, or, and, not, comparison, sum, term, unary, atom
    static func < (a: Level, b: Level) -> Bool { a.rawValue < b.rawValue }
  }

  var level: Level {
    switch self {
    case .number(let r): return r.signum < 0 ? .unary : .atom
    case .boolean, .quantity, .call: return .atom
    case .negate: return .unary
    case .not: return .not
    case .arithmetic(let op, _, _): return op == .add || op == .subtract ? .sum : .term
    case .comparison: return .comparison
    case .and: return .and
    case .or: return .or
    case .implies: return .implies
    }
  }

  /// The expression with the fewest parentheses that parses back to the same tree:
  /// `parse(e.description) == e` for every parsed `e`. Literals print as exact decimals
  /// (`0.125`); a value without a finite decimal (built by hand, never parsed) prints as `(1 / 3)`.
  public var description: String {
    func wrap(_ e: ClaimExpression, atLeast level: Level) -> String {
      e.level >= level ? e.description : "(" + e.description + ")"
    }
    switch self {
    case .number(let r): return ClaimExpression.literalText(r)
    case .boolean(let b): return b ? "true" : "false"
    case .quantity(let n): return n
    case .negate(let a): return "-" + wrap(a, atLeast: .unary)
    case .not(let a): return "not " + wrap(a, atLeast: .not)
    case .arithmetic(let op, let a, let b):
      let l = level
      return wrap(a, atLeast: l) + " " + op.rawValue + " " + wrap(b, atLeast: Level(rawValue: l.rawValue + 1)!)
    case .comparison(let op, let a, let b):
      return wrap(a, atLeast: .sum) + " " + op.rawValue + " " + wrap(b, atLeast: .sum)
    case .and(let a, let b): return wrap(a, atLeast: .and) + " and " + wrap(b, atLeast: .not)
    case .or(let a, let b): return wrap(a, atLeast: .or) + " or " + wrap(b, atLeast: .and)
    case .implies(let a, let b): return wrap(a, atLeast: .or) + " implies " + wrap(b, atLeast: .implies)
    case .call(let f, let args): return f.rawValue + "(" + args.map(\.description).joined(separator: ", ") + ")"
    }
  }

  /// Exact decimal text of `r` (`3`, `-0.125`, `0.001`), or `(p / q)` when the denominator has a
  /// prime factor other than 2 and 5.
  static func literalText(_ r: Rational) -> String {
    if r.isInteger { return r.description }
    var q = r.denominator
    var twos = 0, fives = 0
    let two = BigInt(2), five = BigInt(5)
    while true {
      let (d, m) = q.quotientAndRemainder(dividingBy: two)
      guard m.isZero else { break }
      q = d
      twos += 1
    }
    while true {
      let (d, m) = q.quotientAndRemainder(dividingBy: five)
      guard m.isZero else { break }
      q = d
      fives += 1
    }
    guard q == BigInt(1) else {
      return "(" + r.numerator.description + " / " + r.denominator.description + ")"
    }
    let k = Swift.max(twos, fives)
    let scaled = r.magnitude * Rational(BigInt(10).power(k))  // an integer
    var digits = scaled.numerator.description
    if digits.count <= k { digits = String(repeating: "0", count: k + 1 - digits.count) + digits }
    let point = digits.index(digits.endIndex, offsetBy: -k)
    return (r.signum < 0 ? "-" : "") + digits[..<point] + "." + digits[point...]
  }
}
