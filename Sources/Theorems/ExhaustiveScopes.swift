import Bounds
import ClaimLanguage
import Formats
import LinearAlgebra
import Model
import Rational
import Verification

/// A small scope enumerated completely: every network of one small shape whose weights and
/// biases come from a small grid, each with samples at every point of a lattice of states
/// that holds kinks, faces and corners of X. Instance `i` is decoded from `i` (mixed
/// radix), so the scope streams and is the same on every run.
///
/// What a scope fixes (documented in `theorems/README.md`): X = [−2, 2]^d; first-layer
/// weights from `firstWeights` (rows of d entries), biases from {−2, 0, 2} (so kinks sit at
/// the centre and on the faces of X, and hardtanh's at ±1 and ±3 ∓ 2); one output with
/// weights in {−1, 1} per hidden neuron and bias 0; one hidden activation per network from
/// the file's `activations`; the loss the file's `loss` list names first (squared: Q = 1,
/// target 1/2; psd: Q = 1, b = 1/4, target 1/2; indefinite: Q = −1, b = 1/4, target 0);
/// radius the largest of the file's `radius` list; η = 1/4; K the smallest of `steps`;
/// γ factor 1 when the file's `gamma` list holds it, else its first entry.
public struct ExhaustiveScope: Sendable {
  public var name: String
  public var inputs: Int
  public var width: Int
  var activations: [Activation]
  var firstWeights: [[Rational]]
  var biases: [Rational]
  var states: [[Rational]]
  var loss: QuadraticLoss
  var target: Rational
  var radius: Rational
  var steps: Int
  var gammaFactor: Rational

  /// Number of instances in the scope.
  public var count: Int {
    let neuron = firstWeights.count * biases.count * 2
    var c = activations.count
    for _ in 0..<width { c *= neuron }
    return c
  }

  /// A description for reports, e.g. "1-2-1, 4 activations, weights {−1, 1}, …".
  public var summary: String {
    "\(name): \(count) networks (\(activations.count) activation\(activations.count == 1 ? "" : "s")), \(states.count) lattice states each"
  }

  /// Instance `index` (0 ≤ index < count).
  public func instance(_ index: Int) -> TheoremInstance {
    var i = index
    func digit(_ base: Int) -> Int { let r = i % base; i /= base; return r }
    let act = activations[digit(activations.count)]
    var rows: [[Rational]] = [], bias: [Rational] = [], out: [Rational] = []
    for _ in 0..<width {
      rows.append(firstWeights[digit(firstWeights.count)])
      bias.append(biases[digit(biases.count)])
      out.append(digit(2) == 0 ? 1 : -1)
    }
    let policy = Policy(inputDimension: inputs, layers: [
      Layer(weights: rows, bias: bias, activation: act),
      Layer(weights: [out], bias: [0], activation: .identity),
    ])
    let problem = Problem(lower: Array(repeating: -2, count: inputs), upper: Array(repeating: 2, count: inputs), loss: loss,
                          samples: states.map { Sample(state: $0, target: [target]) },
                          attack: Attack(radius: radius, stepSize: Rational(1, 4), steps: steps))
    return TheoremInstance(policy: policy, problem: problem, gammaFactor: gammaFactor)
  }

  /// The scopes that fit a file's parameters: one output must be allowed; a scope's input
  /// dimension must be in the file's `inputs` range. Families without a random network
  /// (`orthogonal-gain`) have none.
  public static func scopes(for family: InstanceFamily, parameters p: FamilyParameters) -> [ExhaustiveScope] {
    guard family != .orthogonalGain else { return [] }
    guard p.range("outputs", default: 1...2).contains(1) else { return [] }
    let acts = p.words("activations", default: ["relu", "leaky_relu", "hardtanh", "abs"]).map(RandomPL.activation)
    let lossKind = p.words("loss", default: ["squared", "psd", "indefinite"]).first ?? "squared"
    let loss: QuadraticLoss, target: Rational
    switch lossKind {
    case "psd": loss = QuadraticLoss(Q: [[1]], b: [Rational(1, 4)]); target = Rational(1, 2)
    case "indefinite": loss = QuadraticLoss(Q: [[-1]], b: [Rational(1, 4)]); target = 0
    default: loss = .squaredError(dimension: 1); target = Rational(1, 2)
    }
    let radius = p.rationalList("radius", default: [Rational(1, 8), Rational(1, 4), Rational(1, 2), 1, 2]).max()!
    let steps = p.range("steps", default: 3...3).lowerBound
    let gammas = p.rationalList("gamma", default: [1])
    let gamma = gammas.contains(1) ? Rational(1) : gammas[0]
    let inputs = p.range("inputs", default: 1...2)
    let line: [Rational] = [-2, -1, 0, 1, 2]
    var out: [ExhaustiveScope] = []
    func scope(_ name: String, _ d: Int, _ w: Int, _ firstWeights: [[Rational]], _ states: [[Rational]]) -> ExhaustiveScope {
      ExhaustiveScope(name: name, inputs: d, width: w, activations: acts, firstWeights: firstWeights, biases: [-2, 0, 2],
                      states: states, loss: loss, target: target, radius: radius, steps: steps, gammaFactor: gamma)
    }
    if inputs.contains(1) {
      let states = line.map { [$0] }
      out.append(scope("1-1-1", 1, 1, [[-1], [1]], states))
      out.append(scope("1-2-1", 1, 2, [[-1], [1]], states))
    }
    if inputs.contains(2) {
      var rows: [[Rational]] = []
      for a in [-1, 0, 1] { for b in [-1, 0, 1] { rows.append([Rational(a), Rational(b)]) } }
      let states = [-2, 0, 2].flatMap { a in [-2, -1, 0, 1, 2].map { b in [Rational(a), Rational(b)] } }
        + [[-1, -1], [-1, 1], [1, -1], [1, 1], [-1, 0], [1, 0]].map { $0.map { Rational($0) } }
      out.append(scope("2-1-1", 2, 1, rows, states))
    }
    return out
  }
}
