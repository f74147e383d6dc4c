import Bounds
import Formats
import LinearAlgebra
import Model
import Rational

/// Seeded generators of small random policies and attack problems for property tests.
/// With `dyadic: true` every number is a dyadic rational (exact in `Double`), for
/// comparisons of the float and exact runs.
public enum RandomInstances {
  public static func activation(dyadic: Bool = false, using rng: inout SeededGenerator) -> Activation {
    switch Int.random(in: 0..<5, using: &rng) {
    case 0: return .identity
    case 1: return .relu
    case 2:
      return .leakyReLU(slope: dyadic ? Rational(1, [4, 8, 16][Int.random(in: 0..<3, using: &rng)])
                                      : Rational(Int.random(in: 1...3, using: &rng), 10))
    case 3: return .hardtanh
    default: return .abs
    }
  }

  public static func weight(dyadic: Bool = false, using rng: inout SeededGenerator) -> Rational {
    let denominators = dyadic ? [1, 2, 4, 8] : [1, 2, 3, 4, 8]
    return Rational(Int.random(in: -8...8, using: &rng), denominators[Int.random(in: 0..<denominators.count, using: &rng)])
  }

  /// 1 to 3 layers of width 2 to 4, hidden activations at random, identity output.
  public static func policy(inputs d: Int, outputs m: Int, dyadic: Bool = false,
                            using rng: inout SeededGenerator) -> Policy {
    let depth = Int.random(in: 1...3, using: &rng)
    var width = d
    var layers: [Layer] = []
    for l in 0..<depth {
      let last = l == depth - 1
      let n = last ? m : Int.random(in: 2...4, using: &rng)
      let w = (0..<n).map { _ in (0..<width).map { _ in weight(dyadic: dyadic, using: &rng) } }
      let b = (0..<n).map { _ in weight(dyadic: dyadic, using: &rng) / 2 }
      layers.append(Layer(weights: w, bias: b, activation: last ? .identity : activation(dyadic: dyadic, using: &rng)))
      width = n
    }
    return Policy(inputDimension: d, layers: layers)
  }

  /// Domain [-2, 2]^d, squared-error or random symmetric quadratic loss, two samples on a
  /// grid of quarters, radius k/4, 4 PGA steps.
  public static func problem(inputs d: Int, outputs m: Int, dyadic: Bool = false,
                             using rng: inout SeededGenerator) -> Problem {
    let loss: QuadraticLoss
    if Bool.random(using: &rng) {
      loss = .squaredError(dimension: m)
    } else {
      var q = [[Rational]](repeating: [Rational](repeating: 0, count: m), count: m)
      for i in 0..<m { for j in 0...i { let v = weight(dyadic: dyadic, using: &rng); q[i][j] = v; q[j][i] = v } }
      loss = QuadraticLoss(Q: q, b: (0..<m).map { _ in weight(dyadic: dyadic, using: &rng) / 4 })
    }
    let samples = (0..<2).map { _ in
      Sample(state: (0..<d).map { _ in Rational(Int.random(in: -7...7, using: &rng), 4) },
             target: (0..<m).map { _ in weight(dyadic: dyadic, using: &rng) })
    }
    let eta = dyadic ? Rational(1, [2, 4, 8, 16][Int.random(in: 0..<4, using: &rng)])
                     : Rational(1, Int.random(in: 2...16, using: &rng))
    return Problem(lower: Array(repeating: -2, count: d), upper: Array(repeating: 2, count: d), loss: loss,
                   samples: samples,
                   attack: Attack(radius: Rational(Int.random(in: 1...4, using: &rng), 4), stepSize: eta, steps: 4))
  }
}
