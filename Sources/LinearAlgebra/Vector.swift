import Rational

/// Exact vector helpers on `[Rational]`.
///
/// All results are exact rationals; the Euclidean norm itself is irrational in general,
/// so only its square is offered.

/// The inner product `Σᵢ aᵢ bᵢ`, skipping zero terms. Precondition: `a.count == b.count`.
/// Complexity: O(n).
@inlinable public func dot(_ a: [Rational], _ b: [Rational]) -> Rational {
  precondition(a.count == b.count, "dot: lengths \(a.count) and \(b.count) differ")
  var s = Rational.zero
  for i in a.indices where !a[i].isZero && !b[i].isZero { s += a[i] * b[i] }
  return s
}

/// `‖v‖₂² = Σᵢ vᵢ²`.
public func squaredNorm2(_ v: [Rational]) -> Rational { v.squaredNorm2 }
/// `‖v‖₁ = Σᵢ |vᵢ|`.
public func norm1(_ v: [Rational]) -> Rational { v.norm1 }
/// `‖v‖_∞ = maxᵢ |vᵢ|` (0 for the empty vector).
public func normInfinity(_ v: [Rational]) -> Rational { v.normInfinity }

extension Array where Element == Rational {
  /// `‖v‖₂² = Σᵢ vᵢ²`.
  public var squaredNorm2: Rational {
    var s = Rational.zero
    for x in self { s += x * x }
    return s
  }

  /// `‖v‖₁ = Σᵢ |vᵢ|`.
  public var norm1: Rational {
    var s = Rational.zero
    for x in self { s += x.magnitude }
    return s
  }

  /// `‖v‖_∞ = maxᵢ |vᵢ|` (0 for the empty vector).
  public var normInfinity: Rational {
    var m = Rational.zero
    for x in self { let a = x.magnitude; if a > m { m = a } }
    return m
  }

  /// `c · v`, entry-wise.
  public static func * (c: Rational, v: [Rational]) -> [Rational] { v.map { c * $0 } }
}
