import Bounds
import ClaimLanguage
import Formats
import LinearAlgebra
import Model
import Rational
import Verification

/// The `random-pl` family (see `InstanceFamily.randomPL`).
enum RandomPL {
  static func pick<T>(_ xs: [T], _ rng: inout SplitMix64) -> T { xs[Int.random(in: 0..<xs.count, using: &rng)] }

  /// A weight: `small` draws n/q with |n| ≤ 4, q ≤ 4; `dyadic` draws n/2^k with |n| ≤ 15, k ≤ 3.
  static func weight(_ kind: String, _ rng: inout SplitMix64) -> Rational {
    if kind == "dyadic" {
      return Rational(Int.random(in: -15...15, using: &rng), 1 << Int.random(in: 0...3, using: &rng))
    }
    return Rational(Int.random(in: -4...4, using: &rng), Int.random(in: 1...4, using: &rng))
  }

  static func activation(_ name: String) -> Activation {
    switch name {
    case "identity": return .identity
    case "leaky_relu": return .leakyReLU(slope: Rational(1, 10))
    case "hardtanh": return .hardtanh
    case "abs": return .abs
    default: return .relu
    }
  }

  static func draw(using rng: inout SplitMix64, _ p: FamilyParameters) -> TheoremInstance {
    let d = Int.random(in: p.range("inputs", default: 1...2), using: &rng)
    let m = Int.random(in: p.range("outputs", default: 1...2), using: &rng)
    let depth = Int.random(in: p.range("depth", default: 1...2), using: &rng)
    let acts = p.words("activations", default: ["relu", "leaky_relu", "hardtanh", "abs"])
    let wkind = pick(p.words("weights", default: ["small", "dyadic"]), &rng)
    var width = d
    var layers: [Layer] = []
    for l in 0...depth {
      let last = l == depth
      let n = last ? m : Int.random(in: p.range("width", default: 2...3), using: &rng)
      let w = (0..<n).map { _ in (0..<width).map { _ in weight(wkind, &rng) } }
      let b = (0..<n).map { _ in weight(wkind, &rng) / 2 }
      layers.append(Layer(weights: w, bias: b, activation: last ? .identity : activation(pick(acts, &rng))))
      width = n
    }
    let policy = Policy(inputDimension: d, layers: layers)

    let loss: QuadraticLoss
    switch pick(p.words("loss", default: ["squared", "psd", "indefinite"]), &rng) {
    case "squared":
      loss = .squaredError(dimension: m)
    case "psd":
      let a = (0..<m).map { _ in (0..<m).map { _ in weight("small", &rng) } }
      let q = (0..<m).map { i in (0..<m).map { j in (0..<m).reduce(Rational.zero) { $0 + a[$1][i] * a[$1][j] } } }
      loss = QuadraticLoss(Q: q, b: (0..<m).map { _ in weight("small", &rng) / 4 })
    default:
      var q = [[Rational]](repeating: [Rational](repeating: 0, count: m), count: m)
      for i in 0..<m { for j in 0...i { let v = weight("small", &rng); q[i][j] = v; q[j][i] = v } }
      if m == 1 { q[0][0] = -(q[0][0].magnitude + 1) }
      loss = QuadraticLoss(Q: q, b: (0..<m).map { _ in weight("small", &rng) / 4 })
    }

    let lower = [Rational](repeating: -2, count: d), upper = [Rational](repeating: 2, count: d)
    let kinkProbability = p.rational("kink_states", default: Rational(1, 4))
    let sampleCount = Int.random(in: p.range("samples", default: 1...2), using: &rng)
    var samples: [Sample] = []
    for _ in 0..<sampleCount {
      var s = (0..<d).map { _ in Rational(Int.random(in: -6...6, using: &rng), 4) }
      if Rational(Int.random(in: 0..<1000, using: &rng), 1000) < kinkProbability {
        placeOnKink(&s, policy.layers[0], &rng, lower: lower, upper: upper)
      }
      samples.append(Sample(state: s, target: (0..<m).map { _ in weight("small", &rng) }))
    }
    let radii = p.rationalList("radius", default: [Rational(1, 8), Rational(1, 4), Rational(1, 2), 1, 2])
    let steps = Int.random(in: p.range("steps", default: 3...3), using: &rng)
    let attack = Attack(radius: pick(radii, &rng), stepSize: pick([Rational(1, 16), Rational(1, 8), Rational(1, 4), Rational(1, 2)], &rng),
                        steps: steps)
    let problem = Problem(lower: lower, upper: upper, loss: loss, samples: samples, attack: attack)
    let gamma = pick(p.rationalList("gamma", default: [1]), &rng)
    return TheoremInstance(policy: policy, problem: problem, gammaFactor: gamma)
  }

  /// A copy of `policy` with every weight and bias moved by a random multiple of 1/4
  /// in [−1/2, 1/2].
  static func perturbed(_ policy: Policy, _ rng: inout SplitMix64) -> Policy {
    var p = policy
    for l in p.layers.indices {
      p.layers[l].weights = p.layers[l].weights.map { $0.map { $0 + Rational(Int.random(in: -2...2, using: &rng), 4) } }
      p.layers[l].bias = p.layers[l].bias.map { $0 + Rational(Int.random(in: -2...2, using: &rng), 4) }
    }
    return p
  }

  /// Moves `s[0]` so that a random first-layer neuron sits exactly on a kink, when
  /// that point lies in the domain.
  static func placeOnKink(_ s: inout [Rational], _ layer: Layer, _ rng: inout SplitMix64,
                          lower: [Rational], upper: [Rational]) {
    let kinks = layer.activation.kinks
    guard !kinks.isEmpty else { return }
    let i = Int.random(in: 0..<layer.outputCount, using: &rng)
    let w = layer.weights[i]
    guard !w[0].isZero else { return }
    let kink = pick(kinks, &rng)
    var rest = layer.bias[i]
    for j in 1..<max(1, s.count) where j < s.count { rest += w[j] * s[j] }
    let x0 = (kink - rest) / w[0]
    if x0 >= lower[0] && x0 <= upper[0] { s[0] = x0 }
  }
}

/// The `orthogonal-gain` family (see `InstanceFamily.orthogonalGain`):
/// `π₁(x) = relu(w·x + b₁) − ½ relu(−w·x + b₂)` depends on `w·x` only and
/// `π₂(x) = K·relu(v·x + b₃)` on `v·x` only, with `v ⊥ w`; the loss
/// `½ (z₁ − y₁)²` (Q = diag(1, 0)) sees output 1 only. Every ascent direction is then
/// parallel to w, where π₂'s gain vanishes: `γ_adv² ≤ ‖w‖²` while `γ_G² ≥ K²‖v‖²`
/// on the region where output 2 is active.
enum OrthogonalGain {
  static func draw(using rng: inout SplitMix64, _ p: FamilyParameters) -> TheoremInstance {
    let d = Int.random(in: p.range("inputs", default: 2...3), using: &rng)
    var w = (0..<d).map { _ in Rational(Int.random(in: -3...3, using: &rng), 2) }
    if w[0].isZero { w[0] = 1 }
    var v = [Rational](repeating: 0, count: d)
    v[0] = -w[1]
    v[1] = w[0]
    let k = Rational(Int.random(in: p.range("gain", default: 2...6), using: &rng))
    let b = (0..<3).map { _ in Rational(Int.random(in: -2...2, using: &rng), 2) }
    let hidden = Layer(weights: [w, w.map { -$0 }, v], bias: b, activation: .relu)
    let out = Layer(weights: [[1, Rational(-1, 2), 0], [0, 0, k]], bias: [0, 0], activation: .identity)
    let policy = Policy(inputDimension: d, layers: [hidden, out])
    let loss = QuadraticLoss(Q: [[1, 0], [0, 0]], b: [0, 0])
    let lower = [Rational](repeating: -2, count: d), upper = [Rational](repeating: 2, count: d)
    let samples = (0..<Int.random(in: p.range("samples", default: 1...2), using: &rng)).map { _ in
      Sample(state: (0..<d).map { _ in Rational(Int.random(in: -6...6, using: &rng), 4) },
             target: [Rational(Int.random(in: -4...4, using: &rng), 2), 0])
    }
    let attack = Attack(radius: RandomPL.pick([Rational(1, 4), Rational(1, 2), 1], &rng),
                        stepSize: RandomPL.pick([Rational(1, 8), Rational(1, 4)], &rng),
                        steps: Int.random(in: p.range("steps", default: 3...3), using: &rng))
    let gamma = RandomPL.pick(p.rationalList("gamma", default: [Rational(1, 2)]), &rng)
    return TheoremInstance(policy: policy, problem: Problem(lower: lower, upper: upper, loss: loss, samples: samples, attack: attack),
                           gammaFactor: gamma)
  }
}
