import Rational

// Exact evaluation of claims, and their margins.
//
// Undefined values: a quantity missing from the instance's values (e.g. a null gain), a division
// by zero, or a value of the wrong type makes a subexpression undefined (nil). Undefined
// propagates through arithmetic, comparisons, functions and `not`; the connectives follow
// Kleene's three-valued logic, so a defined operand that settles the result settles it:
//   false and undefined = false      true and undefined = undefined
//   true or undefined = true         false or undefined = undefined
//   false implies undefined = true   undefined implies true = true
//   true implies undefined = undefined
// An instance on which the claim is undefined does not count (neither pass nor fail).

extension ClaimExpression {
  /// Evaluates exactly; nil when undefined on these values (see above).
  public func evaluate(_ values: [String: ClaimValue]) -> ClaimValue? {
    switch self {
    case .number(let r): return .number(r)
    case .boolean(let b): return .boolean(b)
    case .quantity(let n): return values[n]
    case .negate(let a):
      guard let x = a.number(values) else { return nil }
      return .number(-x)
    case .not(let a):
      guard let x = a.truth(values) else { return nil }
      return .boolean(!x)
    case .arithmetic(let op, let a, let b):
      guard let x = a.number(values), let y = b.number(values) else { return nil }
      switch op {
      case .add: return .number(x + y)
      case .subtract: return .number(x - y)
      case .multiply: return .number(x * y)
      case .divide: return y.isZero ? nil : .number(x / y)
      }
    case .comparison(let op, let a, let b):
      guard let x = a.evaluate(values), let y = b.evaluate(values) else { return nil }
      switch (x, y) {
      case (.number(let x), .number(let y)):
        switch op {
        case .lessOrEqual: return .boolean(x <= y)
        case .less: return .boolean(x < y)
        case .greaterOrEqual: return .boolean(x >= y)
        case .greater: return .boolean(x > y)
        case .equal: return .boolean(x == y)
        case .notEqual: return .boolean(x != y)
        }
      case (.boolean(let x), .boolean(let y)):
        switch op {
        case .equal: return .boolean(x == y)
        case .notEqual: return .boolean(x != y)
        default: return nil
        }
      default: return nil
      }
    case .and(let a, let b):
      let x = a.truth(values), y = b.truth(values)
      if x == false || y == false { return .boolean(false) }
      guard let x, let y else { return nil }
      return .boolean(x && y)
    case .or(let a, let b):
      let x = a.truth(values), y = b.truth(values)
      if x == true || y == true { return .boolean(true) }
      guard x != nil, y != nil else { return nil }
      return .boolean(false)
    case .implies(let a, let b):
      let p = a.truth(values)
      if p == false { return .boolean(true) }
      let q = b.truth(values)
      if q == true { return .boolean(true) }
      guard p != nil, let q else { return nil }
      return .boolean(q)
    case .call(let f, let args):
      var xs: [Rational] = []
      for arg in args {
        guard let x = arg.number(values) else { return nil }
        xs.append(x)
      }
      switch f {
      case .min: return xs.min().map { .number($0) }
      case .max: return xs.max().map { .number($0) }
      case .abs: return xs.count == 1 ? .number(xs[0].magnitude) : nil
      }
    }
  }

  /// How far the claim is from failing, exactly; nil when there is no such distance.
  ///
  /// - `a <= b`, `a < b`: b − a; `a >= b`, `a > b`: a − b (so a non-strict comparison holds iff its
  ///   margin is ≥ 0, a strict one iff > 0);
  /// - `a == b` (numbers): −|a − b| (0 when it holds); `a != b`: |a − b|;
  /// - `not e`: −margin(e) (`not (a < b)` is `a >= b`);
  /// - `p and q`: the smaller of the sides' margins; a side without a margin that is true does not
  ///   constrain, one that is false makes the margin nil;
  /// - `p or q`: the larger of the sides' margins; a side without a margin that is true makes the
  ///   margin nil, one that is false or undefined is ignored;
  /// - `p implies q`: margin(q) when p is true, nil otherwise;
  /// - nil for a number, a boolean literal or quantity, `==` between booleans, and whenever the
  ///   claim itself is undefined on `values`.
  public func margin(_ values: [String: ClaimValue]) -> Rational? {
    guard evaluate(values) != nil else { return nil }
    switch self {
    case .comparison(let op, let a, let b):
      guard let x = a.number(values), let y = b.number(values) else { return nil }
      switch op {
      case .lessOrEqual, .less: return y - x
      case .greaterOrEqual, .greater: return x - y
      case .equal: return -(x - y).magnitude
      case .notEqual: return (x - y).magnitude
      }
    case .not(let a):
      return a.margin(values).map { -$0 }
    case .and(let a, let b):
      var candidates: [Rational] = []
      for side in [a, b] {
        if let m = side.margin(values) {
          candidates.append(m)
        } else if side.truth(values) == false {
          return nil
        }
      }
      return candidates.min()
    case .or(let a, let b):
      var candidates: [Rational] = []
      for side in [a, b] {
        if let m = side.margin(values) {
          candidates.append(m)
        } else if side.truth(values) == true {
          return nil
        }
      }
      return candidates.max()
    case .implies(let p, let q):
      return p.truth(values) == true ? q.margin(values) : nil
    case .number, .boolean, .quantity, .negate, .arithmetic, .call:
      return nil
    }
  }

  /// The value if it is a defined number.
  func number(_ values: [String: ClaimValue]) -> Rational? {
    if case .number(let x)? = evaluate(values) { return x }
    return nil
  }

  /// The value if it is a defined boolean.
  func truth(_ values: [String: ClaimValue]) -> Bool? {
    if case .boolean(let x)? = evaluate(values) { return x }
    return nil
  }
}
