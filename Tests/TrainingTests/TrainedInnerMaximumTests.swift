import Bounds
import Formats
import LinearAlgebra
import Model
import Rational
import TestSupport
import Testing
import Training

/// The exact inner maximum on trained checkpoints of every task (the policies the experiments
/// verify): no point of a dense rational lattice over each sample's box beats it, the maximiser
/// is admissible and attains it, and it is at least the PGA last iterate and the nominal loss.
/// (The pattern brute force of `ExactInnerMaximumTests` is exponential in the
/// neurons, so trained networks get the lattice.)
@Suite struct TrainedInnerMaximumTests {
  @Test(arguments: TrainingTask.all.map(\.name))
  func latticeNeverBeatsTheExactMaximum(_ name: String) throws {
    var c = TrainingConfiguration(task: TrainingTask.named(name)!, regularizer: .aajr, epochs: 3, seed: 21)
    c.trainingSamples = 48
    c.evaluationSamples = 4
    let run = try Trainer.train(c)
    let policy = run.exactPolicy, problem = run.instance.evaluation
    let attack = policy.attackAnalysis(on: problem)
    for (i, sample) in problem.samples.enumerated() {
      let m = policy.exactInnerMaximum(for: sample, in: problem)
      let (lo, hi) = problem.perturbationBox(for: sample.state)
      let d = sample.state.count
      #expect(m.delta.indices.allSatisfy { lo[$0] <= m.delta[$0] && m.delta[$0] <= hi[$0] }, "\(name) seed 21 sample \(i)")
      let x = zip(sample.state, m.delta).map { $0 + $1 }
      #expect(problem.loss.value(at: policy.forward(x).output, target: sample.target) == m.value)
      let traj = attack.trajectories[i]
      #expect(m.value >= traj.steps[traj.steps.count - 1].objective && m.value >= traj.steps[0].objective)
      // Lattice: 24 steps per axis in 2-D, 6 in 4-D, 3 in 6-D (`embedding`).
      let n = d <= 2 ? 24 : d <= 4 ? 6 : 3
      var idx = [Int](repeating: 0, count: d)
      var checked = 0
      while true {
        let p = (0..<d).map { sample.state[$0] + lo[$0] + (hi[$0] - lo[$0]) * Rational(idx[$0], n) }
        let v = problem.loss.value(at: policy.forward(p).output, target: sample.target)
        #expect(v <= m.value, "\(name) seed 21 sample \(i): lattice point beats the exact maximum")
        checked += 1
        var k = 0
        while k < d && idx[k] == n { idx[k] = 0; k += 1 }
        if k == d { break }
        idx[k] += 1
      }
      #expect(checked == (0..<d).reduce(1) { acc, _ in acc * (n + 1) })
    }
  }
}
