import Bounds
import ClaimLanguage
import Formats
import Model
import Rational
import Reports
import Testing
import Theorems
import Verification

/// The claim language: every operator and precedence level, exact arithmetic, type checking and
/// error positions, undefined values, margins and printing round trips.
@Suite struct ClaimParserTests {
  static let numbers: Set<String> = ["a", "b", "c", "x", "y", "gamma_adv_sq", "gamma_sq_upper", "beta_max", "C"]
  static let booleans: Set<String> = ["p", "q", "r", "monotone"]

  func parse(_ text: String) throws -> ClaimExpression {
    try ClaimExpression.parse(text, quantities: Self.numbers.union(Self.booleans), booleanQuantities: Self.booleans)
  }

  func value(_ text: String, _ values: [String: ClaimValue] = [:]) throws -> ClaimValue? {
    try parse(text).evaluate(values)
  }

  func error(_ text: String) -> ClaimSyntaxError? {
    do {
      _ = try parse(text)
      return nil
    } catch let e as ClaimSyntaxError {
      return e
    } catch {
      return nil
    }
  }

  func q(_ s: String) -> Rational { try! Rational(parsing: s) }

  // MARK: Operators and precedence

  @Test func arithmeticPrecedence() throws {
    #expect(try value("1 + 2 * 3 == 7") == .boolean(true))
    #expect(try value("(1 + 2) * 3") == .number(9))
    #expect(try value("10 - 4 - 3") == .number(3))  // left-assoc
    #expect(try value("12 / 3 / 2") == .number(2))  // left-assoc
    #expect(try value("2 * 3 / 4") == .number(Rational(3, 2)))
    #expect(try value("1 - 2 * 3 + 4") == .number(-1))
    #expect(try parse("a - b - c") == .arithmetic(.subtract, .arithmetic(.subtract, .quantity("a"), .quantity("b")), .quantity("c")))
    #expect(try parse("a + b * c") == .arithmetic(.add, .quantity("a"), .arithmetic(.multiply, .quantity("b"), .quantity("c"))))
  }

  @Test func unaryMinus() throws {
    #expect(try value("-3") == .number(-3))
    #expect(try value("--3") == .number(3))
    #expect(try value("-2 * 3") == .number(-6))
    #expect(try value("2 - -3") == .number(5))
    #expect(try value("-(1 + 2)") == .number(-3))
    #expect(try parse("-a * b") == .arithmetic(.multiply, .negate(.quantity("a")), .quantity("b")))
    #expect(try parse("-3") == .number(-3))
    #expect(try value("-x", ["x": .number(4)]) == .number(-4))
  }

  @Test func literalsAreExact() throws {
    #expect(try value("0.1 + 0.2 == 0.3") == .boolean(true))
    #expect(try value("1e-3") == .number(Rational(1, 1000)))
    #expect(try value("2.5E+2") == .number(250))
    #expect(try value(".5") == .number(Rational(1, 2)))
    #expect(try value("3.") == .number(3))
    #expect(try value("22/7") == .number(Rational(22, 7)))
    #expect(try parse("22/7") == .arithmetic(.divide, .number(22), .number(7)))
    #expect(try value("1 / 3 * 3 == 1") == .boolean(true))
  }

  @Test func comparisons() throws {
    let cases: [(String, Bool)] = [
      ("1 <= 1", true), ("1 < 1", false), ("2 >= 1", true), ("1 > 1", false),
      ("1 == 1.0", true), ("1 != 1", false), ("true == true", true), ("true != false", true),
      ("1 + 1 < 3", true),
    ]
    for (text, expected) in cases { #expect(try value(text) == .boolean(expected), "\(text)") }
  }

  @Test func booleanPrecedence() throws {
    #expect(try parse("not p and q") == .and(.not(.quantity("p")), .quantity("q")))
    #expect(try parse("p or q and r") == .or(.quantity("p"), .and(.quantity("q"), .quantity("r"))))
    #expect(try parse("p and q or r") == .or(.and(.quantity("p"), .quantity("q")), .quantity("r")))
    #expect(try parse("p implies q implies r") == .implies(.quantity("p"), .implies(.quantity("q"), .quantity("r"))))
    #expect(try parse("p or q implies r") == .implies(.or(.quantity("p"), .quantity("q")), .quantity("r")))
    #expect(try parse("not a < b") == .not(.comparison(.less, .quantity("a"), .quantity("b"))))
    #expect(try parse("not not p") == .not(.not(.quantity("p"))))
    #expect(try parse("(p implies q) implies r") == .implies(.implies(.quantity("p"), .quantity("q")), .quantity("r")))
    // a implies b implies c, with a = false, b = true, c = false: right-assoc gives true.
    #expect(try value("false implies true implies false") == .boolean(true))
    #expect(try value("(false implies true) implies false") == .boolean(false))
    #expect(try value("not false and false") == .boolean(false))
    #expect(try value("true or false and false") == .boolean(true))
  }

  @Test func functions() throws {
    #expect(try value("min(3, 1, 2)") == .number(1))
    #expect(try value("max(3, 1, 2)") == .number(3))
    #expect(try value("min(4)") == .number(4))
    #expect(try value("abs(-2.5)") == .number(Rational(5, 2)))
    #expect(try value("abs(a - b)", ["a": .number(1), "b": .number(3)]) == .number(2))
    #expect(try value("max(a, b)", ["a": .number(1)]) == nil)
  }

  @Test func quantitiesAndNames() throws {
    let e = try parse("gamma_adv_sq <= gamma_sq_upper and monotone implies beta_max <= C * 2")
    #expect(e.quantityNames == ["gamma_adv_sq", "gamma_sq_upper", "monotone", "beta_max", "C"])
    #expect(e.isBoolean(booleanQuantities: Self.booleans))
    #expect(try !parse("a + 1").isBoolean(booleanQuantities: Self.booleans))
    #expect(try parse("monotone").isBoolean(booleanQuantities: Self.booleans))
    #expect(try parse("1").quantityNames.isEmpty)
  }

  // MARK: Errors with positions

  @Test func errorPositions() {
    let cases: [(String, Int, String)] = [
      ("gama_adv_sq <= 1", 0, "unknown quantity 'gama_adv_sq'"),
      ("1 <= gama_adv_sq", 5, "unknown quantity 'gama_adv_sq'"),
      ("", 0, "empty expression"),
      ("   ", 0, "empty expression"),
      ("1 +", 3, "expected an expression, found end of input"),
      ("1 + * 2", 4, "expected an expression, found '*'"),
      ("(1 + 2", 6, "expected ')' to close '(', found end of input"),
      ("min(1, 2", 8, "expected ')' after argument list, found end of input"),
      ("min(1 2)", 6, "expected ')' after argument list, found '2'"),
      ("1 + 2 3", 6, "unexpected '3' after a complete expression"),
      ("1 + 2)", 5, "unmatched ')'"),
      ("a < b < c", 6, "comparisons do not chain: write 'a < b and b < c'"),
      ("a == b == c", 7, "comparisons do not chain: write 'a < b and b < c'"),
      ("1 and p", 0, "'and' needs a boolean, but this is a number"),
      ("p and x", 6, "'and' needs a boolean, but this is a number"),
      ("true + 1", 0, "'+' needs a number, but this is a boolean"),
      ("a < true", 4, "'<' needs a number, but this is a boolean"),
      ("a == p", 2, "'==' compares a number with a boolean"),
      ("not 3", 4, "'not' needs a boolean, but this is a number"),
      ("-p", 1, "unary '-' needs a number, but this is a boolean"),
      ("min(1, p)", 7, "'min' needs a number, but this is a boolean"),
      ("abs(1, 2)", 0, "'abs' takes one argument, not 2"),
      ("a implies 1", 0, "'implies' needs a boolean, but this is a number"),
      ("p implies 1", 10, "'implies' needs a boolean, but this is a number"),
      ("foo(1)", 0, "unknown function 'foo'"),
      ("a(1)", 1, "'a' is a quantity, not a function"),
      ("min + 1", 4, "expected '(' after the function 'min'"),
      ("a = b", 2, "unexpected '='; equality is '=='"),
      ("a # b", 2, "unexpected character '#'"),
      ("2eta", 1, "unexpected 'e' right after the number '2'"),
      ("p and and q", 6, "expected an expression, found the keyword 'and'"),
      ("()", 1, "expected an expression, found ')'"),
    ]
    for (text, offset, message) in cases {
      let e = error(text)
      #expect(e == ClaimSyntaxError(offset: offset, message: message), "\(text)")
    }
    #expect(ClaimSyntaxError(offset: 4, message: "m").description == "column 5: m")
  }

  @Test func typeErrorsInsideParentheses() {
    #expect(error("(a + 1) and p")?.offset == 0)
    #expect(error("p and (a + 1)")?.offset == 6)
    #expect(error("(p) + 1")?.message == "'+' needs a number, but this is a boolean")
    #expect(error("a < b and (c < d)")?.message == "unknown quantity 'd'")
  }

  // MARK: Undefined values

  @Test func undefinedValues() throws {
    #expect(try value("gamma_adv_sq <= 1") == nil)  // missing quantity
    #expect(try value("1 / 0 == 1") == nil)  // division by zero
    #expect(try value("1 / (a - a)", ["a": .number(2)]) == nil)
    #expect(try value("1 / 0") == nil)
    #expect(try value("false implies 1 / 0 > 0") == .boolean(true))
    #expect(try value("true implies 1 / 0 > 0") == nil)
    #expect(try value("a > 0 implies true") == .boolean(true))  // undefined premise, true conclusion
    #expect(try value("a > 0 implies false") == nil)
    #expect(try value("false and a > 0") == .boolean(false))
    #expect(try value("a > 0 and false") == .boolean(false))
    #expect(try value("true and a > 0") == nil)
    #expect(try value("true or a > 0") == .boolean(true))
    #expect(try value("a > 0 or true") == .boolean(true))
    #expect(try value("false or a > 0") == nil)
    #expect(try value("not a > 0") == nil)
    #expect(try value("monotone", ["monotone": .boolean(true)]) == .boolean(true))
    #expect(try value("p == q", ["p": .boolean(true), "q": .boolean(false)]) == .boolean(false))
    // A value of the wrong type counts as undefined.
    #expect(try value("a + 1", ["a": .boolean(true)]) == nil)
  }

  // MARK: Margins

  @Test func margins() throws {
    let v: [String: ClaimValue] = ["a": .number(1), "b": .number(Rational(7, 2)), "p": .boolean(true), "q": .boolean(false)]
    func m(_ text: String) throws -> Rational? { try parse(text).margin(v) }
    #expect(try m("a <= b") == Rational(5, 2))
    #expect(try m("a < b") == Rational(5, 2))
    #expect(try m("b <= a") == Rational(-5, 2))
    #expect(try m("a >= b") == Rational(-5, 2))
    #expect(try m("b > a") == Rational(5, 2))
    #expect(try m("a == b") == Rational(-5, 2))
    #expect(try m("a == 1") == 0)
    #expect(try m("a != b") == Rational(5, 2))
    #expect(try m("not a < b") == Rational(-5, 2))
    #expect(try m("a <= b and b <= 4") == Rational(1, 2))
    #expect(try m("a <= b or b <= 3") == Rational(5, 2))
    #expect(try m("p implies b <= 4") == Rational(1, 2))
    #expect(try m("q implies b <= 4") == nil)
    #expect(try m("p and a <= b") == Rational(5, 2))
    #expect(try m("q and a <= b") == nil)
    #expect(try m("q or a <= b") == Rational(5, 2))
    #expect(try m("p or a <= b") == nil)
    #expect(try m("a + b") == nil)
    #expect(try m("p") == nil)
    #expect(try m("p == q") == nil)
    #expect(try m("c <= b") == nil)  // undefined
    #expect(try m("false and c <= b") == nil)
    #expect(try m("a >= b and c <= b") == Rational(-5, 2))  // false overall: the defined side's margin
    #expect(try m("0.1 + 0.2 <= 0.3") == 0)
  }

  // MARK: Printing

  @Test func printing() throws {
    let cases: [(String, String)] = [
      ("(1 + 2) * 3", "(1 + 2) * 3"),
      ("1 + (2 * 3)", "1 + 2 * 3"),
      ("a - (b - c)", "a - (b - c)"),
      ("(a - b) - c", "a - b - c"),
      ("a / (b * c)", "a / (b * c)"),
      ("-(a + b)", "-(a + b)"),
      ("- - a", "--a"),
      ("2 - -3", "2 - -3"),
      ("(not p) and q", "not p and q"),
      ("not (p and q)", "not (p and q)"),
      ("p and (q and r)", "p and (q and r)"),
      ("p implies (q implies r)", "p implies q implies r"),
      ("(p implies q) implies r", "(p implies q) implies r"),
      ("0.125 <= 1e-3", "0.125 <= 0.001"),
      ("22/7", "22 / 7"),
      ("min(a,b , 1)", "min(a, b, 1)"),
      ("(a < b) == (p)", "(a < b) == p"),
      ("-0.5 * a", "-0.5 * a"),
    ]
    for (text, printed) in cases {
      let e = try parse(text)
      #expect(e.description == printed, "\(text)")
      #expect(try parse(e.description) == e, "\(text)")
    }
    #expect(ClaimExpression.number(Rational(1, 3)).description == "(1 / 3)")
    #expect(ClaimValue.number(Rational(22, 7)).description == "22/7")
    #expect(ClaimValue.boolean(false).description == "false")
  }

  @Test func printingRoundTripsOnRandomExpressions() throws {
    for seed in UInt64(1)...400 {
      var rng = SplitMix64(seed: seed)
      let e = RandomClaim.boolean(depth: 5, &rng)
      let text = e.description
      let parsed = try parse(text)
      #expect(parsed == e, "seed \(seed): \(text)")
      // Evaluation agrees too, on random values.
      let values = RandomClaim.values(&rng)
      #expect(parsed.evaluate(values) == e.evaluate(values), "seed \(seed)")
      #expect(parsed.margin(values) == e.margin(values), "seed \(seed)")
    }
  }
}

/// Random well-typed trees in the form the parser produces (negative literals, never
/// `negate` of a literal).
enum RandomClaim {
  static let numberNames = ["a", "b", "x", "gamma_adv_sq"]
  static let booleanNames = ["p", "q", "monotone"]

  static func number(depth: Int, _ rng: inout SplitMix64) -> ClaimExpression {
    let pick = depth <= 0 ? Int.random(in: 0...1, using: &rng) : Int.random(in: 0...6, using: &rng)
    switch pick {
    case 0:
      // Literals with finite decimals: k / 2^i / 5^j, signed.
      let k = Int.random(in: -40...40, using: &rng)
      let d = [1, 2, 4, 5, 8, 10, 1000][Int.random(in: 0...6, using: &rng)]
      return .number(Rational(k, d))
    case 1: return .quantity(numberNames.randomElement(using: &rng)!)
    case 2:
      let inner = number(depth: depth - 1, &rng)
      if case .number = inner { return .negate(.quantity("a")) }
      return .negate(inner)
    case 3:
      let args = (0..<Int.random(in: 1...3, using: &rng)).map { _ in number(depth: depth - 1, &rng) }
      return .call([.min, .max][Int.random(in: 0...1, using: &rng)], args)
    case 4: return .call(.abs, [number(depth: depth - 1, &rng)])
    default:
      let op = ClaimExpression.ArithmeticOperator.allCases.randomElement(using: &rng)!
      return .arithmetic(op, number(depth: depth - 1, &rng), number(depth: depth - 1, &rng))
    }
  }

  static func boolean(depth: Int, _ rng: inout SplitMix64) -> ClaimExpression {
    let pick = depth <= 0 ? Int.random(in: 0...2, using: &rng) : Int.random(in: 0...8, using: &rng)
    switch pick {
    case 0: return .boolean(Bool.random(using: &rng))
    case 1: return .quantity(booleanNames.randomElement(using: &rng)!)
    case 2:
      let op = ClaimExpression.ComparisonOperator.allCases.randomElement(using: &rng)!
      return .comparison(op, number(depth: depth - 1, &rng), number(depth: depth - 1, &rng))
    case 3: return .not(boolean(depth: depth - 1, &rng))
    case 4: return .and(boolean(depth: depth - 1, &rng), boolean(depth: depth - 1, &rng))
    case 5: return .or(boolean(depth: depth - 1, &rng), boolean(depth: depth - 1, &rng))
    case 6: return .implies(boolean(depth: depth - 1, &rng), boolean(depth: depth - 1, &rng))
    case 7:
      let op: ClaimExpression.ComparisonOperator = Bool.random(using: &rng) ? .equal : .notEqual
      return .comparison(op, boolean(depth: depth - 1, &rng), boolean(depth: depth - 1, &rng))
    default:
      let op = ClaimExpression.ComparisonOperator.allCases.randomElement(using: &rng)!
      return .comparison(op, number(depth: depth - 1, &rng), number(depth: depth - 1, &rng))
    }
  }

  static func values(_ rng: inout SplitMix64) -> [String: ClaimValue] {
    var v: [String: ClaimValue] = [:]
    for n in numberNames where Int.random(in: 0...5, using: &rng) > 0 {
      v[n] = .number(Rational(Int.random(in: -6...6, using: &rng), Int.random(in: 1...4, using: &rng)))
    }
    for n in booleanNames where Int.random(in: 0...5, using: &rng) > 0 { v[n] = .boolean(Bool.random(using: &rng)) }
    return v
  }
}
