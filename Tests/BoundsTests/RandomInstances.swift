import Bounds
import Rational
import TestSupport

/// Seeded generators of small random policies and attack problems for property tests.
enum RandomInstances {
  static func activation(using rng: inout SeededGenerator) -> Activation {
    switch Int.random(in: 0..<5, using: &rng) {
    case 0: return .identity
    case 1: return .relu
    case 2: return .leakyReLU(slope: Rational(Int.random(in: 1...3, using: &rng), 10))
    case 3: return .hardtanh
    default: return .abs
    }
  }

  static func weight(using rng: inout SeededGenerator) -> Rational {
    Rational(Int.random(in: -8...8, using: &rng), [1, 2, 3, 4, 8][Int.random(in: 0..<5, using: &rng)])
  }

  static func policy(inputs d: Int, outputs m: Int, using rng: inout SeededGenerator) -> Policy {
    let depth = Int.random(in: 1...3, using: &rng)
    var width = d
    var layers: [Layer] = []
    for l in 0..<depth {
      let last = l == depth - 1
      let n = last ? m : Int.random(in: 2...4, using: &rng)
      let w = (0..<n).map { _ in (0..<width).map { _ in weight(using: &rng) } }
      let b = (0..<n).map { _ in weight(using: &rng) / 2 }
      layers.append(Layer(weights: w, bias: b, activation: last ? .identity : activation(using: &rng)))
      width = n
    }
    return Policy(inputDimension: d, layers: layers)
  }

  static func problem(inputs d: Int, outputs m: Int, using rng: inout SeededGenerator) -> Problem {
    let lower = [Rational](repeating: -2, count: d), upper = [Rational](repeating: 2, count: d)
    let loss: QuadraticLoss
    if Bool.random(using: &rng) {
      loss = .squaredError(dimension: m)
    } else {
      var q = [[Rational]](repeating: [Rational](repeating: 0, count: m), count: m)
      for i in 0..<m { for j in 0...i { let v = weight(using: &rng); q[i][j] = v; q[j][i] = v } }
      loss = QuadraticLoss(Q: q, b: (0..<m).map { _ in weight(using: &rng) / 4 })
    }
    let samples = (0..<2).map { _ in
      Sample(state: (0..<d).map { _ in Rational(Int.random(in: -7...7, using: &rng), 4) },
             target: (0..<m).map { _ in weight(using: &rng) })
    }
    return Problem(lower: lower, upper: upper, loss: loss, samples: samples,
                   attack: Attack(radius: Rational(Int.random(in: 1...4, using: &rng), 4),
                                  stepSize: Rational(1, Int.random(in: 2...16, using: &rng)), steps: 4))
  }
}
