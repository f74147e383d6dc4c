import Bounds
import Rational
import Testing
import TestSupport

/// The same PGA in `Double` (inputs rounded to nearest, the same derivative
/// conventions) agrees with the exact run on dyadic inputs where no pre-activation
/// sits on a kink and no coordinate is clipped at a tie.
@Suite struct FloatAgreementTests {
  static func derivative(_ act: Activation, _ z: Double) -> Double {
    switch act {
    case .identity: return 1
    case .relu: return z > 0 ? 1 : 0
    case .leakyReLU(let s): return z > 0 ? 1 : Double(s)
    case .abs: return z > 0 ? 1 : (z < 0 ? -1 : 0)
    case .hardtanh: return (z > -1 && z < 1) ? 1 : 0
    }
  }

  static func apply(_ act: Activation, _ z: Double) -> Double {
    switch act {
    case .identity: return z
    case .relu: return max(0, z)
    case .leakyReLU(let s): return z >= 0 ? z : Double(s) * z
    case .abs: return Swift.abs(z)
    case .hardtanh: return min(1, max(-1, z))
    }
  }

  /// `δ_0 … δ_K` of float PGA.
  static func floatTrajectory(_ policy: Policy, _ problem: Problem, _ sample: Sample) -> [[Double]] {
    let W = policy.layers.map { $0.weights.map { $0.map(Double.init) } }
    let B = policy.layers.map { $0.bias.map(Double.init) }
    let Q = problem.loss.Q.map { $0.map(Double.init) }, b = problem.loss.b.map(Double.init)
    let s = sample.state.map(Double.init), y = sample.target.map(Double.init)
    let (loR, hiR) = problem.perturbationBox(for: sample.state)
    let lo = loR.map(Double.init), hi = hiR.map(Double.init), eta = Double(problem.attack.stepSize)
    var delta = [Double](repeating: 0, count: s.count)
    var out = [delta]
    for _ in 0..<problem.attack.steps {
      var a = zip(s, delta).map { $0 + $1 }
      var ders: [[Double]] = []
      for (l, layer) in policy.layers.enumerated() {
        let z = W[l].enumerated().map { i, row in zip(row, a).reduce(B[l][i]) { $0 + $1.0 * $1.1 } }
        ders.append(z.map { derivative(layer.activation, $0) })
        a = z.map { apply(layer.activation, $0) }
      }
      let r = zip(a, y).map { $0 - $1 }
      var g = Q.enumerated().map { i, row in zip(row, r).reduce(b[i]) { $0 + $1.0 * $1.1 } }
      for l in policy.layers.indices.reversed() {
        g = zip(g, ders[l]).map { $0 * $1 }
        g = (0..<W[l][0].count).map { j in W[l].indices.reduce(0) { $0 + W[l][$1][j] * g[$1] } }
      }
      if g.allSatisfy({ $0 == 0 }) { out.append(delta); continue }
      delta = delta.indices.map { min(hi[$0], max(lo[$0], delta[$0] + eta * g[$0])) }
      out.append(delta)
    }
    return out
  }

  @Test func floatAndExactAgreeWithoutTies() {
    var compared = 0
    forEachSeededCase(count: 60, seed: 4_242) { rng, caseSeed in
      let d = Int.random(in: 1...3, using: &rng), m = Int.random(in: 1...2, using: &rng)
      let policy = RandomInstances.policy(inputs: d, outputs: m, using: &rng)
      let problem = RandomInstances.problem(inputs: d, outputs: m, using: &rng)
      for (i, sample) in problem.samples.enumerated() {
        let exact = policy.trajectory(for: sample, index: i, problem: problem)
        // A tie: a kink touched, or a clipped coordinate landing exactly on the boundary
        // from a value within rounding of it; skip those instances.
        if exact.steps.contains(where: \.onKink) { continue }
        let float = Self.floatTrajectory(policy, problem, sample)
        var worst = 0.0
        for (e, f) in zip(exact.steps, float) {
          for (x, y) in zip(e.delta, f) { worst = max(worst, Swift.abs(Double(x) - y)) }
        }
        // Patterns can still flip when a pre-activation is within rounding of a kink;
        // compare only when the float run stays within 1e-6 (else a near-tie happened).
        if worst < 1e-6 {
          compared += 1
          #expect(worst < 1e-9, "seed \(caseSeed) sample \(i): max |δ_float − δ_exact| = \(worst)")
        } else {
          // A divergence must come from a near-tie: some exact pre-activation within 1e-3
          // of a kink of its activation.
          let nearest = exact.steps.map { step -> Double in
            let pass = policy.forward(zip(sample.state, step.delta).map { $0 + $1 })
            var best = Double.infinity
            for (l, layer) in policy.layers.enumerated() {
              for z in pass.preactivations[l] {
                for k in layer.activation.kinks { best = min(best, Swift.abs(Double(z - k))) }
              }
            }
            return best
          }.min() ?? .infinity
          #expect(nearest < 1e-3, "seed \(caseSeed) sample \(i): float diverged by \(worst) without a near-tie")
        }
      }
    }
    #expect(compared >= 30, "enough tie-free instances were compared (\(compared))")
  }
}
