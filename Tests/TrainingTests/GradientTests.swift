import Bounds
import Formats
import LinearAlgebra
import Model
import Rational
import TestSupport
import Testing
import Training

/// The hand-written reverse-mode gradients against exact rational derivatives and
/// against central finite differences in `Double`.
///
/// Exactness argument: with the activation pattern fixed, `π(x)` is affine in any single
/// weight or bias and `J(x) u` is linear in any single weight, so the loss `𝓛(π(x))` and
/// `||J(x) u||²` are quadratics `c0 + c1 h + c2 h²` in a perturbation h of one parameter.
/// The exact central difference `(f(h) − f(−h)) / 2h` is then exactly `c1`, the derivative,
/// as long as neither `θ ± h` changes the pattern at x (checked exactly, else h is halved).
@Suite struct GradientTests {
  static let activations: [Activation] = [.relu, .leakyReLU(slope: Rational(1, 4)), .hardtanh, .abs, .identity]

  /// A random float policy `d-h1-h2-m` with dyadic weights and the given activations.
  static func randomPolicy(d: Int, m: Int, using rng: inout SeededGenerator) -> FloatPolicy {
    let widths = [d, Int.random(in: 2...5, using: &rng), Int.random(in: 2...4, using: &rng), m]
    var layers: [FloatLayer] = []
    for l in 1..<widths.count {
      let act = activations.randomElement(using: &rng)!
      let w = (0..<widths[l]).map { _ in (0..<widths[l - 1]).map { _ in Double(Int.random(in: -64...64, using: &rng)) / 32 } }
      let b = (0..<widths[l]).map { _ in Double(Int.random(in: -32...32, using: &rng)) / 64 }
      layers.append(FloatLayer(weights: w, bias: b, activation: act))
    }
    return FloatPolicy(inputDimension: d, layers: layers)
  }

  static func randomPoint(_ d: Int, using rng: inout SeededGenerator) -> [Double] {
    (0..<d).map { _ in Double(Int.random(in: -1000...1000, using: &rng)) / 1024 }
  }

  static func exact(_ x: [Double]) -> [Rational] { x.map { try! Rational(exactly: $0) } }

  /// Every (layer, row, column) weight index, then every (layer, row, nil) bias index, in
  /// `PolicyGradient.flattened` order.
  static func parameterIndices(_ p: FloatPolicy) -> [(Int, Int, Int?)] {
    var out: [(Int, Int, Int?)] = []
    for (l, layer) in p.layers.enumerated() {
      for i in layer.weights.indices { for j in layer.weights[i].indices { out.append((l, i, j)) } }
      for i in layer.bias.indices { out.append((l, i, nil)) }
    }
    return out
  }

  static func perturbed(_ p: Policy, _ index: (Int, Int, Int?), by h: Rational) -> Policy {
    var q = p
    let (l, i, j) = index
    if let j { q.layers[l].weights[i][j] += h } else { q.layers[l].bias[i] += h }
    return q
  }

  /// The exact derivative of `f` in one parameter at a fixed pattern at x, or nil when
  /// x sits on a kink.
  static func exactDerivative(
    _ p: Policy, _ index: (Int, Int, Int?), at x: [Rational], _ f: (Policy, ForwardPass) -> Rational
  ) -> Rational? {
    let base = p.forward(x)
    if base.touchesKink { return nil }
    var h = Rational(1, 1 << 20)
    while true {
      let qp = perturbed(p, index, by: h), qm = perturbed(p, index, by: -h)
      let fp = qp.forward(x), fm = qm.forward(x)
      if fp.derivatives == base.derivatives && fm.derivatives == base.derivatives && !fp.touchesKink && !fm.touchesKink {
        return (f(qp, fp) - f(qm, fm)) / (2 * h)
      }
      h /= 2
    }
  }

  static func close(_ a: Double, _ b: Double, tolerance: Double) -> Bool {
    Swift.abs(a - b) <= tolerance * Swift.max(1, Swift.abs(a), Swift.abs(b))
  }

  /// `∂𝓛(π(x))/∂θ` from `accumulateOutputGradient` equals the exact derivative.
  @Test func outputGradientEqualsExactDerivative() {
    var checked = 0
    forEachSeededCase(count: 40, seed: 0x6772_6164) { rng, caseSeed in
      let d = Int.random(in: 1...3, using: &rng), m = Int.random(in: 1...2, using: &rng)
      let fp = Self.randomPolicy(d: d, m: m, using: &rng)
      let x = Self.randomPoint(d, using: &rng), y = Self.randomPoint(m, using: &rng)
      let q = (0..<m).map { i in (0..<m).map { j in Double(Int.random(in: -8...8, using: &rng)) / 8 } }
      let Q = (0..<m).map { i in (0..<m).map { j in (q[i][j] + q[j][i]) / 2 } }
      let b = Self.randomPoint(m, using: &rng)
      let loss = FloatLoss(Q: Q, b: b)
      let exactLoss = QuadraticLoss(Q: Q.map(Self.exact), b: Self.exact(b))
      let p = fp.exactPolicy(), ex = Self.exact(x), ey = Self.exact(y)
      let pass = fp.forward(x)
      var grad = PolicyGradient(zeroLike: fp)
      fp.accumulateOutputGradient(loss.gradient(at: pass.output, target: y), at: pass, into: &grad)
      let flat = grad.flattened
      for (k, index) in Self.parameterIndices(fp).enumerated() {
        guard let e = Self.exactDerivative(p, index, at: ex, { _, pass in exactLoss.value(at: pass.output, target: ey) })
        else { continue }
        checked += 1
        #expect(Self.close(flat[k], e.doubleNearest(), tolerance: 1e-12),
                "seed \(caseSeed) parameter \(index): hand-written \(flat[k]), exact \(e)")
      }
    }
    #expect(checked > 500)
  }

  /// `∂||J(x)u||²/∂θ` from `accumulateJVPGradient` (cotangent 2Ju) equals the exact
  /// derivative, and the AAJR term's gradient `2(n−γ)₊ ∂n/∂θ` follows from it.
  @Test func jvpGradientEqualsExactDerivative() {
    var checked = 0
    forEachSeededCase(count: 40, seed: 0x6A76_70) { rng, caseSeed in
      let d = Int.random(in: 1...3, using: &rng), m = Int.random(in: 1...3, using: &rng)
      let fp = Self.randomPolicy(d: d, m: m, using: &rng)
      let x = Self.randomPoint(d, using: &rng), u = Self.randomPoint(d, using: &rng)
      let p = fp.exactPolicy(), ex = Self.exact(x), eu = Self.exact(u)
      let pass = fp.forward(x)
      let w = fp.jvp(u, at: pass)
      var grad = PolicyGradient(zeroLike: fp)
      fp.accumulateJVPGradient(direction: u, cotangent: w.map { 2 * $0 }, at: pass, into: &grad)
      // The AAJR term at γ = n/2 (so it is active): gradient = 2(n−γ) · (∂n²/∂θ)/(2n).
      let n = w.reduce(0) { $0 + $1 * $1 }.squareRoot(), gamma = n / 2
      var aajr = PolicyGradient(zeroLike: fp)
      if n > 0 {
        fp.accumulateJVPGradient(direction: u, cotangent: w.map { 2 * (n - gamma) * $0 / n }, at: pass, into: &aajr)
      }
      let flat = grad.flattened, flatA = aajr.flattened
      for (k, index) in Self.parameterIndices(fp).enumerated() {
        guard let e = Self.exactDerivative(p, index, at: ex, { q, pass in squaredNorm2(q.jacobianTimes(eu, at: pass)) })
        else { continue }
        checked += 1
        #expect(Self.close(flat[k], e.doubleNearest(), tolerance: 1e-12),
                "seed \(caseSeed) parameter \(index): hand-written \(flat[k]), exact \(e)")
        if n > 0 {
          let expected = 2 * (n - gamma) * e.doubleNearest() / (2 * n)
          #expect(Self.close(flatA[k], expected, tolerance: 1e-10), "seed \(caseSeed) parameter \(index): AAJR term")
        }
      }
    }
    #expect(checked > 500)
  }

  /// The full objective's gradient (attacks and spectra held fixed) agrees with central
  /// finite differences in `Double`, for each regularizer, on a task instance.
  @Test(arguments: Regularizer.allCases)
  func objectiveGradientMatchesFiniteDifferences(_ reg: Regularizer) throws {
    for seed: UInt64 in [1, 2] {
      let instance = try TrainingTask.game.instance(seed: seed, trainingSamples: 8, evaluationSamples: 2)
      var rng = SplitMix64(seed: seed)
      let policy = FloatPolicy.random(inputDimension: 2, hidden: [5, 4], outputDimension: 2,
                                      outputActivation: .identity, using: &rng)
      var objective = TrainingObjective(problem: FloatProblem(rounding: instance.training), regularizer: reg,
                                        gamma: reg == .aajr || reg == .jacobian ? 0.01 : 0.25, lambda: 0.7)
      if reg == .jacobian {  // fixed unit probe directions per sample and step
        objective.probes = (0..<objective.problem.sampleCount).map { _ in
          (0..<objective.problem.steps).map { _ in
            let v = [rng.uniform(-1, 1), rng.uniform(-1, 1)]
            let n = (v[0] * v[0] + v[1] * v[1]).squareRoot()
            return v.map { $0 / n }
          }
        }
      }
      let attacks = objective.attacks(on: policy)
      var starts = policy.layers.map { l in [Double](repeating: 1, count: l.inputCount) }
      func spectra(_ p: FloatPolicy) -> [LayerSpectrum]? {
        guard reg == .global else { return nil }
        var s = starts
        return p.spectra(warmStarts: &s, iterations: 2000)
      }
      let (value, grad) = objective.valueAndGradient(policy, attacks: attacks, spectra: spectra(policy))
      if reg != .none { #expect(value.penalty > 0, "seed \(seed): the penalty is active") }
      starts = spectra(policy)?.map(\.right) ?? starts
      let theta = policy.parameters, flat = grad.flattened
      let h = 1e-6
      for k in theta.indices {
        var plus = policy, minus = policy
        var tp = theta, tm = theta
        tp[k] += h
        tm[k] -= h
        plus.parameters = tp
        minus.parameters = tm
        let fd = (objective.evaluate(plus, attacks: attacks, spectra: spectra(plus)).total
          - objective.evaluate(minus, attacks: attacks, spectra: spectra(minus)).total) / (2 * h)
        #expect(Swift.abs(fd - flat[k]) <= 1e-5 * Swift.max(1, Swift.abs(fd)),
                "seed \(seed) \(reg) parameter \(k): hand-written \(flat[k]), finite difference \(fd)")
      }
    }
  }
}
