import Bounds
import Formats
import LinearAlgebra
import Model
import Rational
import TestSupport
import Testing
import Training

/// Whole training runs at test size: determinism, the exact export, and each
/// regularizer lowering the quantity it targets (measured exactly on the exported policy).
@Suite struct TrainingRunTests {
  /// A small run (debug-build friendly): a 2-8-2 student on 48 samples.
  static func config(_ task: TrainingTask, _ reg: Regularizer, seed: UInt64, gamma: Rational? = nil,
                     epochs: Int = 40) -> TrainingConfiguration {
    var c = TrainingConfiguration(task: task, regularizer: reg, gamma: gamma, epochs: epochs, seed: seed)
    c.trainingSamples = 48
    c.evaluationSamples = 12
    c.batchSize = 16
    c.hidden = [8]
    return c
  }

  @Test func trainingIsDeterministicPerSeed() throws {
    for reg in Regularizer.allCases {
      let a = try Trainer.train(Self.config(.teacher, reg, seed: 11, epochs: 8))
      let b = try Trainer.train(Self.config(.teacher, reg, seed: 11, epochs: 8))
      #expect(a.policy == b.policy, "seed 11 \(reg): two runs give different weights")
      #expect(a.log == b.log, "seed 11 \(reg): two runs give different logs")
      #expect(a.logJSONText == b.logJSONText)
      let c = try Trainer.train(Self.config(.teacher, reg, seed: 12, epochs: 8))
      #expect(a.policy != c.policy, "seeds 11 and 12 \(reg): the seed has no effect")
    }
  }

  /// The three regularizers start from the same network on the same data.
  @Test func regularizersShareDataAndInitialWeights() throws {
    let runs = try Regularizer.allCases.map { reg in
      var c = Self.config(.game, reg, seed: 5, epochs: 1)
      c.batchSize = c.trainingSamples  // one batch: log[0] is the initial network's loss
      return try Trainer.train(c)
    }
    #expect(runs[0].instance.training == runs[1].instance.training)
    #expect(runs[0].instance.evaluation == runs[2].instance.evaluation)
    #expect(runs[0].log[0].nominalLoss == runs[1].log[0].nominalLoss)
    #expect(runs[0].log[0].nominalLoss == runs[2].log[0].nominalLoss)
  }

  /// The written policy file reads back as exactly the doubles' values, and the problem
  /// file as the task's exact problem; the task's numbers are dyadic (held exactly in Double).
  @Test(arguments: TrainingTask.all.map(\.name))
  func exportRoundTripsExactly(_ name: String) throws {
    let run = try Trainer.train(Self.config(TrainingTask.named(name)!, .aajr, seed: 3, epochs: 3))
    let read = try Policy(file: "policy.json", text: run.exactPolicy.jsonText)
    #expect(read == run.exactPolicy)
    for (fl, el) in zip(run.policy.layers, read.layers) {
      for (frow, erow) in zip(fl.weights, el.weights) {
        for (f, e) in zip(frow, erow) { #expect(e == (try Rational(exactly: f)), "seed 3 \(name): weight \(f) -> \(e)") }
      }
      for (f, e) in zip(fl.bias, el.bias) { #expect(e == (try Rational(exactly: f))) }
    }
    #expect(FloatPolicy(rounding: read) == run.policy)
    let problem = try Problem(file: "problem.json", text: run.instance.evaluation.jsonText, policy: read)
    #expect(problem == run.instance.evaluation)
    let fp = FloatProblem(rounding: problem)
    for (s, sample) in zip(fp.states, problem.samples) {
      #expect(s.map { try! Rational(exactly: $0) } == sample.state, "seed 3 \(name): states are dyadic")
    }
    for (y, sample) in zip(fp.targets, problem.samples) {
      #expect(y.map { try! Rational(exactly: $0) } == sample.target, "seed 3 \(name): targets are dyadic")
    }
  }

  /// The float PGA of the trainer follows the exact PGA on the exported policy (no tie at
  /// these seeds), so the penalty acts on the trajectories the verifier measures.
  @Test func floatAttackFollowsExactAttack() throws {
    let run = try Trainer.train(Self.config(.teacher, .none, seed: 9, epochs: 5))
    let problem = run.instance.evaluation, fp = FloatProblem(rounding: problem)
    let exact = run.exactPolicy.attackAnalysis(on: problem)
    for (i, traj) in exact.trajectories.enumerated() {
      let float = run.policy.attackTrajectory(sample: i, of: fp)
      for (e, f) in zip(traj.steps.map(\.delta), float.deltas) {
        for (x, y) in zip(e, f) { #expect(Swift.abs(x.doubleNearest() - y) < 1e-9, "seed 9 sample \(i)") }
      }
    }
  }

  /// AAJR lowers `γ_adv²`, measured exactly on the exported policy and the held-out problem,
  /// against `none` at the same seed.
  @Test func aajrLowersExactGammaAdv() throws {
    for seed: UInt64 in [1, 2] {
      let none = try Trainer.train(Self.config(.teacher, .none, seed: seed, gamma: Rational(1, 2)))
      let aajr = try Trainer.train(Self.config(.teacher, .aajr, seed: seed, gamma: Rational(1, 2)))
      let problem = none.instance.evaluation
      let g0 = none.exactPolicy.attackAnalysis(on: problem).gammaAdvSquared ?? 0
      let g1 = aajr.exactPolicy.attackAnalysis(on: problem).gammaAdvSquared ?? 0
      #expect(g1 < g0, "seed \(seed): γ_adv² aajr \(g1.doubleNearest()) vs none \(g0.doubleNearest())")
    }
  }

  /// The spectral-norm penalty lowers the exact `γ_G²` (region enumeration) against `none`.
  @Test func globalPenaltyLowersExactGammaG() throws {
    for seed: UInt64 in [1, 2] {
      let none = try Trainer.train(Self.config(.teacher, .none, seed: seed, gamma: Rational(1, 2)))
      let global = try Trainer.train(Self.config(.teacher, .global, seed: seed, gamma: Rational(1, 2)))
      let p = none.instance.evaluation
      let g0 = GlobalBound(exactFor: none.exactPolicy, lower: p.lower, upper: p.upper).interval
      let g1 = GlobalBound(exactFor: global.exactPolicy, lower: p.lower, upper: p.upper).interval
      #expect(g1.upper < g0.lower, "seed \(seed): γ_G² global \(g1.upper.doubleNearest()) vs none \(g0.lower.doubleNearest())")
    }
  }

  @Test func tasksAreListedWithADefault() {
    #expect(TrainingTask.all.map(\.name).contains("game"))
    #expect(TrainingTask.all.map(\.name).contains("teacher"))
    #expect(TrainingTask.named(TrainingTask.defaultTask.name) != nil)
    #expect(TrainingTask.named("nonexistent") == nil)
  }
}
