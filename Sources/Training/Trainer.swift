import Bounds
import Formats
import LinearAlgebra
import Model
import Rational

/// Everything that determines a training run. Equal configurations give bit-identical runs.
package struct TrainingConfiguration: Sendable {
  package var task: TrainingTask
  package var regularizer: Regularizer
  /// γ as exact text (what the log records) and its nearest double (what training uses).
  package var gammaText: String
  package var gamma: Double
  package var lambda: Double
  package var epochs: Int
  package var seed: UInt64
  package var learningRate = 0.01
  package var batchSize = 32
  /// Power-iteration steps per update for the global penalty (warm-started).
  package var powerIterations = 3
  package var trainingSamples = 256
  package var evaluationSamples = 32
  /// Hidden widths; nil means the task's.
  package var hidden: [Int]? = nil
  /// The attack of training and evaluation (ε, η, K); nil means the task's.
  package var attack: Attack? = nil
  /// The constrained mode, a penalty schedule: after every epoch whose mean penalty is
  /// positive (the constraint `R = 0`, i.e. the class, not yet reached on the training
  /// batches) λ is multiplied by this factor (up to `2^30·λ`); nil keeps λ fixed.
  package var lambdaGrowth: Double? = nil

  package init(task: TrainingTask = .defaultTask, regularizer: Regularizer, gamma: Rational? = nil,
              lambda: Double? = nil, epochs: Int? = nil, seed: UInt64 = 0) {
    self.task = task
    self.regularizer = regularizer
    let g = gamma ?? (try! Rational(parsing: task.defaultGamma))
    gammaText = g.description
    self.gamma = g.doubleNearest()
    self.lambda = lambda ?? task.defaultLambda
    self.epochs = epochs ?? task.defaultEpochs
    self.seed = seed
  }
}

/// One epoch's means over its mini-batches, taken before each batch's update.
package struct EpochRecord: Equatable, Sendable {
  package var epoch: Int
  package var nominalLoss: Double
  package var robustLoss: Double
  package var penalty: Double
}

/// A finished run: the trained policy (and its exact twin), the task instance and the log.
package struct TrainingRun: Sendable {
  package var configuration: TrainingConfiguration
  package var instance: TaskInstance
  package var policy: FloatPolicy
  package var log: [EpochRecord]
  /// The trained policy's objective on the whole training set and on the evaluation problem
  /// (float PGA, the configuration's regularizer and γ; spectra fully converged).
  package var finalTraining: ObjectiveValue
  package var finalEvaluation: ObjectiveValue

  /// The exact policy: every weight the exact value of its double.
  package var exactPolicy: Policy { policy.exactPolicy() }
}

package struct TrainingError: Error, CustomStringConvertible {
  package var description: String
}

/// Minimax training (SPEC section 1's `min_θ E_s max_δ g_s(δ)`, the inner max by K unrolled
/// PGA steps) with Adam on mini-batches:
///
/// 1. Data and the initial weights come from the seed, on separate streams (so the three
///    regularizers start from the same network on the same data).
/// 2. Each epoch shuffles the training set (seeded) into batches of `batchSize`. For each batch:
///    run PGA on the current policy (`δ_t`, `u_t`), hold them fixed, and take one Adam step on
///    `TrainingObjective`'s `E 𝓛(π(s+δ_K)) + λ R(θ)`.
/// 3. The log records per epoch the batch means of nominal loss, robust loss and penalty.
package enum Trainer {
  package static func train(_ config: TrainingConfiguration, progress: ((Int) -> Void)? = nil) throws -> TrainingRun {
    guard (1...TrainingLimits.maximumEpochs).contains(config.epochs) else {
      throw TrainingError(description: "epochs must be between 1 and \(TrainingLimits.maximumEpochs), found \(config.epochs)")
    }
    var instance = try config.task.instance(seed: config.seed, trainingSamples: config.trainingSamples,
                                        evaluationSamples: config.evaluationSamples)
    if let attack = config.attack {
      instance.training.attack = attack
      instance.evaluation.attack = attack
    }
    let full = FloatProblem(rounding: instance.training)
    var initRNG = SplitMix64(seed: config.seed ^ 0x696E_6974_5F77_6774)  // "init_wgt"
    var shuffleRNG = SplitMix64(seed: config.seed ^ 0x7368_7566_666C_6521)  // "shuffle!"
    var probeRNG = SplitMix64(seed: config.seed ^ 0x6A61_635F_7072_6F62)  // "jac_prob"
    let steps = instance.training.attack.steps
    func probes(_ count: Int) -> [[[Double]]]? {
      guard config.regularizer == .jacobian else { return nil }
      return (0..<count).map { _ in (0..<steps).map { _ in randomUnitVector(full.states[0].count, using: &probeRNG) } }
    }
    var policy = FloatPolicy.random(
      inputDimension: full.states[0].count, hidden: config.hidden ?? instance.hidden,
      outputDimension: full.targets[0].count, hiddenActivation: instance.hiddenActivation,
      outputActivation: instance.outputActivation, using: &initRNG)
    var warm = policy.layers.map { l in (0..<l.inputCount).map { _ in initRNG.uniform(-1, 1) } }
    var adam = Adam(parameterCount: policy.parameters.count, learningRate: config.learningRate)
    var log: [EpochRecord] = []
    var lambda = config.lambda
    let n = full.sampleCount, batch = Swift.max(1, Swift.min(config.batchSize, n))
    for epoch in 0..<config.epochs {
      var order = Array(0..<n)
      for i in stride(from: n - 1, to: 0, by: -1) {  // Fisher–Yates, seeded
        order.swapAt(i, Int(shuffleRNG.next() % UInt64(i + 1)))
      }
      var sums = (0.0, 0.0, 0.0), batches = 0
      for start in stride(from: 0, to: n, by: batch) {
        let idx = order[start..<Swift.min(n, start + batch)]
        var sub = full
        sub.states = idx.map { full.states[$0] }
        sub.targets = idx.map { full.targets[$0] }
        var objective = TrainingObjective(problem: sub, regularizer: config.regularizer,
                                          gamma: config.gamma, lambda: lambda)
        objective.probes = probes(idx.count)
        let attacks = objective.attacks(on: policy)
        let spectra = config.regularizer == .global
          ? policy.spectra(warmStarts: &warm, iterations: config.powerIterations) : nil
        let (value, gradient) = objective.valueAndGradient(policy, attacks: attacks, spectra: spectra)
        var theta = policy.parameters
        adam.update(&theta, gradient: gradient.flattened)
        policy.parameters = theta
        guard policy.isFinite else {
          throw TrainingError(description: "training diverged (a non-finite weight) in epoch \(epoch)")
        }
        sums.0 += value.nominal
        sums.1 += value.robust
        sums.2 += value.penalty
        batches += 1
      }
      let b = Double(batches)
      log.append(EpochRecord(epoch: epoch, nominalLoss: sums.0 / b, robustLoss: sums.1 / b, penalty: sums.2 / b))
      if let growth = config.lambdaGrowth, sums.2 > 0 {
        lambda = Swift.min(lambda * growth, config.lambda * 0x1p30)
      }
      progress?(epoch + 1)
    }
    func finalValue(_ p: FloatProblem) -> ObjectiveValue {
      var objective = TrainingObjective(problem: p, regularizer: config.regularizer, gamma: config.gamma,
                                        lambda: lambda)
      objective.probes = probes(p.sampleCount)
      let spectra = config.regularizer == .global ? policy.spectra(warmStarts: &warm, iterations: 200) : nil
      return objective.evaluate(policy, attacks: objective.attacks(on: policy), spectra: spectra)
    }
    return TrainingRun(configuration: config, instance: instance, policy: policy, log: log,
                       finalTraining: finalValue(full),
                       finalEvaluation: finalValue(FloatProblem(rounding: instance.evaluation)))
  }
}

extension TrainingRun {
  /// `log.json`: format `aajr-train-log/1`. Float quantities are written as the shortest
  /// decimal that reads back as the double (non-finite values as null).
  package var logJSONText: String {
    func num(_ x: Double) -> String { x.isFinite ? "\(x)" : "null" }
    func value(_ v: ObjectiveValue) -> String {
      "{\"nominal_loss\": \(num(v.nominal)), \"robust_loss\": \(num(v.robust)), \"penalty\": \(num(v.penalty))}"
    }
    let c = configuration
    var s = "{\n"
    s += "  \"format\": \"aajr-train-log/1\",\n"
    s += "  \"task\": \"\(c.task.name)\",\n"
    s += "  \"regularizer\": \"\(c.regularizer.rawValue)\",\n"
    s += "  \"global_penalty\": \"\(c.regularizer == .global ? "spectral_norm_power_iteration" : c.regularizer == .jacobian ? "random_projection_jacobian" : "none")\",\n"
    s += "  \"gamma\": \"\(c.gammaText)\",\n"
    s += "  \"lambda\": \(num(c.lambda)),\n"
    if let g = c.lambdaGrowth { s += "  \"lambda_growth\": \(num(g)),\n" }
    s += "  \"seed\": \(c.seed),\n"
    s += "  \"epochs\": \(c.epochs),\n"
    s += "  \"batch_size\": \(c.batchSize),\n"
    s += "  \"optimizer\": {\"name\": \"adam\", \"learning_rate\": \(num(c.learningRate)), \"beta1\": \(num(Adam.defaultBeta1)), \"beta2\": \(num(Adam.defaultBeta2)), \"epsilon\": \(num(Adam.defaultEpsilon))},\n"
    s += "  \"architecture\": [\(([policy.inputDimension] + policy.layers.map(\.outputCount)).map(String.init).joined(separator: ", "))],\n"
    s += "  \"log\": [\n"
    s += log.map { r in
      "    {\"epoch\": \(r.epoch), \"nominal_loss\": \(num(r.nominalLoss)), \"robust_loss\": \(num(r.robustLoss)), \"penalty\": \(num(r.penalty))}"
    }.joined(separator: ",\n")
    s += log.isEmpty ? "  ],\n" : "\n  ],\n"
    s += "  \"final\": {\"training\": \(value(finalTraining)), \"evaluation\": \(value(finalEvaluation))}\n"
    s += "}\n"
    return s
  }
}
