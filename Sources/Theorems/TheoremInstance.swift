import Bounds
import ClaimLanguage
import Formats
import LinearAlgebra
import Model
import Rational
import Verification

/// One instance a claim is checked on: a policy, an attack problem, the γ of the
/// membership questions, and, for approximation-gap claims, a finite family of
/// alternative policies (the same network with its output scaled by c).
///
/// γ is given relative to the policy's own global bound: `γ² = gammaFactor · γ_G²⁺`
/// (γ_G²⁺ the upper end of the certified interval), so a family can place γ at, below
/// or above the global bound whatever the weights are.
public struct TheoremInstance: Sendable {
  public var policy: Policy
  public var problem: Problem
  public var gammaFactor: Rational
  /// Output scales c of the finite family `{c·π_v}` (T3); empty when unused.
  public var familyScales: [Rational]
  /// Further members π_v of the family beside π itself: perturbed copies of π (same
  /// architecture), each also taken at every scale.
  public var familyVariants: [Policy] = []

  public init(policy: Policy, problem: Problem, gammaFactor: Rational, familyScales: [Rational] = []) {
    self.policy = policy
    self.problem = problem
    self.gammaFactor = gammaFactor
    self.familyScales = familyScales
  }

  /// A measure of size for shrinking: neurons, samples, steps, then total bits of the numbers.
  public var size: [Int] {
    let neurons = policy.layers.reduce(0) { $0 + $1.outputCount }
    let bits = policy.layers.reduce(0) { acc, l in
      acc + l.weights.joined().reduce(0) { $0 + $1.bitSize } + l.bias.reduce(0) { $0 + $1.bitSize }
    } + problem.samples.reduce(0) { acc, s in acc + s.state.reduce(0) { $0 + $1.bitSize } }
    return [policy.layers.count, neurons, problem.samples.count, problem.attack.steps, bits]
  }

  /// The policy with its last layer scaled by c: `c·π`.
  public func scaledPolicy(_ c: Rational) -> Policy { Self.scaled(policy, c) }

  /// `p` with its last layer scaled by c.
  public static func scaled(_ policy: Policy, _ c: Rational) -> Policy {
    var p = policy
    let last = p.layers.count - 1
    p.layers[last].weights = p.layers[last].weights.map { $0.map { c * $0 } }
    p.layers[last].bias = p.layers[last].bias.map { c * $0 }
    return p
  }
}
