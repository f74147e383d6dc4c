import Bounds
import Formats
import LinearAlgebra
import Model
import Rational

/// A brute-force oracle for the derivative patterns autograd's kink conventions produce:
/// evaluates the policy at every point of the lattice `(1/q)·Z^d ∩ [lower, upper]`, layer by
/// layer with its own plain arithmetic (not `Policy.forward`), and collects the patterns
/// `σ'(z)` (relu'(0) = 0, leaky'(0) = slope, hardtanh'(±1) = 0, abs'(0) = 0). When every cell
/// of the arrangement holds a lattice point, the set is exactly the enumeration's.
public enum ConventionOracle {
  public static func derivative(_ act: Activation, _ z: Rational) -> Rational {
    switch act {
    case .identity: return 1
    case .relu: return z.signum > 0 ? 1 : 0
    case .leakyReLU(let s): return z.signum > 0 ? 1 : s
    case .abs: return z.signum > 0 ? 1 : (z.signum < 0 ? -1 : 0)
    case .hardtanh: return (z > -1 && z < 1) ? 1 : 0
    }
  }

  public static func value(_ act: Activation, _ z: Rational) -> Rational {
    switch act {
    case .identity: return z
    case .relu: return z.signum > 0 ? z : 0
    case .leakyReLU(let s): return z.signum > 0 ? z : s * z
    case .abs: return z.signum < 0 ? -z : z
    case .hardtanh: return z < -1 ? -1 : (z > 1 ? 1 : z)
    }
  }

  /// The pattern at x.
  public static func pattern(_ policy: Policy, at x: [Rational]) -> [Rational] {
    var a = x
    var pattern: [Rational] = []
    for layer in policy.layers {
      var next: [Rational] = []
      for (i, row) in layer.weights.enumerated() {
        var z = layer.bias[i]
        for j in row.indices { z += row[j] * a[j] }
        pattern.append(derivative(layer.activation, z))
        next.append(value(layer.activation, z))
      }
      a = next
    }
    return pattern
  }

  /// Every pattern met on the lattice of step 1/q in the box (the box's corners must be on it).
  public static func latticePatterns(_ policy: Policy, lower: [Rational], upper: [Rational], q: Int) -> Set<[Rational]> {
    let d = lower.count
    let step = Rational(1, q)
    var counts = (0..<d).map { k -> Int in
      let n = (upper[k] - lower[k]) / step
      return Int(n.description)! + 1
    }
    counts = counts.map { Swift.max($0, 1) }
    var out = Set<[Rational]>()
    var index = [Int](repeating: 0, count: d)
    while true {
      let x = (0..<d).map { lower[$0] + Rational(index[$0]) * step }
      out.insert(pattern(policy, at: x))
      var k = 0
      while k < d {
        index[k] += 1
        if index[k] < counts[k] { break }
        index[k] = 0
        k += 1
      }
      if k == d { break }
    }
    return out
  }
}
