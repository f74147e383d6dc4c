import Bounds
import Formats
import Foundation
import LinearAlgebra
import Model
import Rational

/// One generated instance of a task: the training set and the held-out evaluation
/// problem (both exact, every number dyadic so `FloatProblem` holds them exactly), and
/// the student architecture.
package struct TaskInstance: Sendable {
  package var training: Problem
  package var evaluation: Problem
  package var hidden: [Int]
  package var hiddenActivation: Activation
  package var outputActivation: Activation
}

/// A built-in training task, generated from a seed: `teacher` and `game` (state dimension 2,
/// so the trained policy's global bound is enumerated exactly in a fraction of a second),
/// `team` (dimension 4) and `embedding` (dimension 6, states read from a committed file).
package struct TrainingTask: Sendable {
  package var name: String
  package var summary: String
  /// Default γ (as exact text) and λ.
  package var defaultGamma: String
  package var defaultLambda: Double
  package var defaultEpochs: Int
  let build: Builder

  /// Makes an instance from the task's data stream; throws when the task's data cannot be had
  /// (the `embedding` task's file missing or malformed, or too few samples in it).
  typealias Builder = @Sendable (_ rng: inout SplitMix64, _ trainingSamples: Int, _ evaluationSamples: Int) throws -> TaskInstance

  /// The instance of this task for `seed`. Data come from their own stream
  /// (independent of the initial weights, which `Trainer` draws from another).
  package func instance(seed: UInt64, trainingSamples: Int = 256, evaluationSamples: Int = 32) throws -> TaskInstance {
    var rng = SplitMix64(seed: seed ^ 0x7461_736B_5F64_6174)  // "task_dat"
    return try build(&rng, trainingSamples, evaluationSamples)
  }

  /// Every built-in task, the default first.
  package static let all: [TrainingTask] = [.teacher, .game, .team, .embedding]
  package static let defaultTask = TrainingTask.teacher

  package static func named(_ name: String) -> TrainingTask? { all.first { $0.name == name } }
}

// MARK: - Shared pieces

/// `x` rounded to the nearest multiple of `2^−bits` (a short dyadic).
func dyadic(_ x: Double, bits: Int) -> Double {
  let scale = Double(sign: .plus, exponent: bits, significand: 1)
  return (x * scale).rounded() / scale
}

func exact(_ x: Double) -> Rational {
  guard let r = try? Rational(exactly: x) else { preconditionFailure("non-finite task number \(x)") }
  return r
}

/// States uniform in `[−1, 1]^d` on the 1/256 grid.
func randomStates(_ n: Int, dimension d: Int, using rng: inout SplitMix64) -> [[Double]] {
  (0..<n).map { _ in (0..<d).map { _ in dyadic(rng.uniform(-1, 1), bits: 8) } }
}

func makeProblem(states: [[Double]], targets: [[Double]], loss: QuadraticLoss, attack: Attack) -> Problem {
  let d = states[0].count
  return Problem(lower: Array(repeating: -1, count: d), upper: Array(repeating: 1, count: d), loss: loss,
                 samples: zip(states, targets).map { Sample(state: $0.map(exact), target: $1.map(exact)) },
                 attack: attack)
}

/// The attack of every built-in task: `ε = 1/8`, `η = 1/4`, `K = 5`.
let taskAttack = Attack(radius: Rational(1, 8), stepSize: Rational(1, 4), steps: 5)

/// `n` states with their targets, drawn by a task's generator.
typealias TaskData = (states: [[Double]], targets: [[Double]])

extension TaskInstance {
  /// The instance every built-in task makes: `draw(nTrain)` is the training set and then
  /// `draw(nEval)` the evaluation set (in that order, from the task's one stream), both
  /// problems on `[−1, 1]^d` with `loss` and `taskAttack`; a `hidden` student.
  init(training nTrain: Int, evaluation nEval: Int, loss: QuadraticLoss, hidden: [Int],
       outputActivation: Activation, draw: (Int) -> TaskData) {
    let train = draw(nTrain), eval = draw(nEval)
    self.init(training: makeProblem(states: train.states, targets: train.targets, loss: loss, attack: taskAttack),
              evaluation: makeProblem(states: eval.states, targets: eval.targets, loss: loss, attack: taskAttack),
              hidden: hidden, hiddenActivation: .relu, outputActivation: outputActivation)
  }
}

extension TrainingTask {
  /// The generator of a reference-tracking game of `agents` agents on a joint observation
  /// `s ∈ [−1, 1]^dimension`: a seeded `agents × dimension` matrix A (entries multiples of
  /// 1/4 in [−1, 1], drawn row by row), references `y(s) = clamp(A s, ±3/4)` rounded to
  /// 1/1024, payoff `𝓛(z) = ½ (z−y)ᵀ Q (z−y)` (`payoff`), a ReLU student with a hardtanh
  /// output (bounded actions keep the minimum finite when Q is indefinite).
  static func referenceGame(agents: Int, dimension: Int, payoff: QuadraticLoss, hidden: [Int]) -> Builder {
    { rng, nTrain, nEval in
      let A = (0..<agents).map { _ in (0..<dimension).map { _ in Double(Int(rng.next() % 9) - 4) / 4 } }
      return TaskInstance(training: nTrain, evaluation: nEval, loss: payoff, hidden: hidden, outputActivation: .hardtanh) { n in
        let states = randomStates(n, dimension: dimension, using: &rng)
        let targets = states.map { s in
          A.map { row in
            dyadic(Swift.min(0.75, Swift.max(-0.75, zip(row, s).reduce(0) { $0 + $1.0 * $1.1 })), bits: 10)
          }
        }
        return (states, targets)
      }
    }
  }
}

// MARK: - teacher

extension TrainingTask {
  /// Regression to a teacher ReLU policy whose high-gain direction is orthogonal to the
  /// loss's ascent directions: the regime where the paper predicts AAJR's advantage (T2/T3).
  ///
  /// Construction (state `s ∈ [−1, 1]²`, action `z ∈ R²`, squared error):
  /// - A seeded angle θ gives orthonormal `w = (cos θ, sin θ)` and `w⊥ = (−sin θ, cos θ)`.
  /// - The teacher is the 2-3-2 ReLU network
  ///   `h1 = relu(w⊥·s + 2)`, `h2 = relu(4(w·s − c))`, `h3 = relu(4(w·s − c) − 1)`,
  ///   `t1 = h1 − 2 = w⊥·s` (gain 1 along w⊥; `h1` never switches off on X),
  ///   `t2 = h2 − h3` (a ramp from 0 to 1 of gain 4 along w across a band of width 1/4 at a
  ///   seeded offset c ∈ [−1/2, 1/2]). So `||J||₂ = 4` in the band: the high-gain direction is w.
  /// - Targets: `y1 = t1(s) ± 1/2` (a seeded sign: observation noise on the first output only),
  ///   `y2 = t2(s)` exactly (rounded to 1/1024).
  /// - Why ascent is orthogonal to w: `∇g = Jᵀ (π(s+δ) − y)`. For a good fit, the second
  ///   residual is ≈ 0 while the first is ≈ ±1/2 (the noise cannot be fitted by a smooth
  ///   policy), so `∇g ≈ ±(1/2)∇π₁ ∝ w⊥`; moving δ along w⊥ leaves `t2` unchanged, so it stays so.
  ///   The student is a 2-24-2 ReLU network (one hidden layer keeps it from fitting the
  ///   noise with steep bumps of its own, which would put high gain on the ascent directions).
  ///   A policy imitating the teacher therefore has gain ≈ 1 along its ascent directions
  ///   (`γ_adv ≈ 1`) but `γ_G ≈ 4`: a global penalty at γ < 4 must flatten the ramp (a price
  ///   in nominal risk), the AAJR penalty only constrains the gentle w⊥ slope.
  package static let teacher = TrainingTask(
    name: "teacher",
    summary: "regression (squared error) to a 2-3-2 ReLU teacher: gain 1 along the noisy output's direction, a gain-4 ramp orthogonal to it",
    defaultGamma: "1", defaultLambda: 1, defaultEpochs: 300
  ) { rng, nTrain, nEval in
    let theta = rng.uniform(0, Double.pi)
    let w = [cos(theta), sin(theta)], wp = [-sin(theta), cos(theta)]
    let c = dyadic(rng.uniform(-0.5, 0.5), bits: 6)
    let teacher = FloatPolicy(inputDimension: 2, layers: [
      FloatLayer(weights: [wp, w.map { 4 * $0 }, w.map { 4 * $0 }], bias: [2, -4 * c, -4 * c - 1], activation: .relu),
      FloatLayer(weights: [[1, 0, 0], [0, 1, -1]], bias: [-2, 0], activation: .identity),
    ])
    return TaskInstance(training: nTrain, evaluation: nEval, loss: .squaredError(dimension: 2), hidden: [24],
                        outputActivation: .identity) { n in
      let states = randomStates(n, dimension: 2, using: &rng)
      let targets = states.map { s -> [Double] in
        let t = teacher.forward(s).output
        let noise = rng.next() & 1 == 0 ? 0.5 : -0.5
        return [dyadic(t[0] + noise, bits: 10), dyadic(t[1], bits: 10)]
      }
      return (states, targets)
    }
  }
}

// MARK: - game

extension TrainingTask {
  /// A two-agent continuous game whose joint policy is attacked through its observations.
  ///
  /// - Joint state `s = (x1, x2) ∈ [−1, 1]²` (agent i observes x_i; the adversary perturbs
  ///   the observed joint state within `||δ||∞ ≤ 1/8`). Joint action `z = (a1, a2)`, bounded to
  ///   `[−1, 1]²` by a final hardtanh.
  /// - Reference actions `y(s) = clamp(A s, ±3/4)` with a seeded A (entries multiples of 1/4
  ///   in [−1, 1]).
  /// - Payoff (the team's cost, which the adversary raises):
  ///   `𝓛(z) = ½ (z−y)ᵀ Q (z−y)`, `Q = [[1, 1/2], [1/2, −1/4]]`, indefinite (eigenvalues
  ///   ≈ 1.19 and −0.44): agent 1 tracks its reference, agent 2 is rewarded for moving away
  ///   from its own, and the cross term couples them. Bounded actions keep the minimum finite;
  ///   the best response of agent 2 jumps between the ends of its range, so the trained policy
  ///   has a steep switch the adversary can push the state across.
  package static let game = TrainingTask(
    name: "game",
    summary: "two-agent game: joint action in [-1,1]² (hardtanh), indefinite payoff Q = [[1, 1/2], [1/2, -1/4]] around seeded references",
    defaultGamma: "1/2", defaultLambda: 1, defaultEpochs: 200,
    build: referenceGame(agents: 2, dimension: 2, payoff: QuadraticLoss(Q: [[1, Rational(1, 2)], [Rational(1, 2), Rational(-1, 4)]], b: [0, 0]),
                         hidden: [16, 16]))
}
