import Bounds
import Formats
import Model
import Rational
import Verification

/// The same PGA run in `Double` (policy and problem rounded to nearest) beside the exact
/// run, compared step by step (SPEC section 4, `aajr crosscheck`).
///
/// - Errors are exact: `|δ_float − δ_exact|` is computed in rational arithmetic from the
///   exact value of each double, never in floating point.
/// - Activation patterns are compared branch by branch (`Activation.derivativeBranch`).
/// - The two runs agree when no sample's pattern ever differs, both runs reach the same
///   monotonicity verdict, and every float value is finite.
package struct CrossCheck: Sendable {
  /// How a float pre-activation ended on the other side of a kink from the exact one.
  package enum FlipKind: String, Sendable {
    /// The exact pre-activation is exactly on the kink (a tie); rounding moved the float one off it.
    case exactOnKink = "exact_on_kink"
    /// The float pre-activation is exactly on the kink; the exact one is not.
    case floatOnKink = "float_on_kink"
    /// Both are off the kink, on opposite sides, and the exact one lies within
    /// rounding distance of it (`|z − k| ≤ 2⁻²⁶ · (|b| + Σ|W_ij a_j| + |k|)`).
    case nearKink = "near_kink"
    /// Opposite sides, farther than rounding distance: the float run had drifted.
    case drift = "drift"
  }

  /// The first neuron whose branch differs between the runs.
  package struct PatternFlip: Sendable {
    package var t: Int
    package var layer: Int
    package var neuron: Int
    package var activation: Activation
    /// The kink the two pre-activations straddle (or sit on).
    package var kink: Rational
    package var exactPreactivation: Rational
    package var floatPreactivation: Double
    package var kind: FlipKind
  }

  /// The comparison of one sample's two runs.
  package struct SampleComparison: Sendable {
    package var index: Int
    package var exact: SampleTrajectory
    package var float: PGARun<Double>
    /// First t whose activation pattern differs, nil when none does.
    package var firstPatternMismatch: Int? { flip?.t }
    package var flip: PatternFlip?
    /// `max_{t,i} |δ_float − δ_exact|`, exact; nil when a float value is not finite.
    package var maxDeltaError: Rational?
    /// The t where `maxDeltaError` is reached.
    package var maxDeltaErrorStep: Int
    /// `max_t |g_float − g_exact|`, exact; nil when a float value is not finite.
    package var maxObjectiveError: Rational?
    package var monotoneExact: Bool { exact.isMonotone }
    package var monotoneFloat: Bool { float.isMonotone }
    package var gammaAdvSquaredExact: Rational? { exact.steps.compactMap(\.gainSquared).max() }
    package var gammaAdvSquaredFloat: Double? { float.gammaAdvSquared }
    /// Whether every float value is finite.
    package var isFinite: Bool { maxDeltaError != nil && maxObjectiveError != nil }

    package var agrees: Bool { flip == nil && monotoneExact == monotoneFloat && isFinite }

    /// One plain sentence on why the runs differ, nil when they agree.
    package var reason: String? {
      var parts: [String] = []
      if !isFinite { parts.append("the float run produced a value that is not finite (overflow or NaN)") }
      if let f = flip { parts.append(f.sentence) }
      if monotoneExact != monotoneFloat {
        parts.append(monotoneExact
          ? "the float objective decreases at some step while the exact objective never does"
          : "the exact objective decreases at some step while the float objective never does")
      }
      return parts.isEmpty ? nil : parts.joined(separator: "; ")
    }
  }

  package var samples: [SampleComparison]

  /// The float format the float run used.
  package enum Precision: String, Sendable, CaseIterable {
    case float32, float64
    /// Significand bits (with the implicit one): the float format's precision p.
    var significandBits: Int { self == .float32 ? 24 : 53 }
  }

  /// The precision of the float run (float64 unless asked otherwise).
  package var precision: Precision = .float64

  /// Whether float and exact agree on every sample.
  package var agree: Bool { samples.allSatisfy(\.agrees) }

  /// `γ_adv²` of the exact run (max over samples), nil when every step is stationary.
  package var gammaAdvSquaredExact: Rational? { samples.compactMap(\.gammaAdvSquaredExact).max() }
  /// `γ_adv²` of the float run.
  package var gammaAdvSquaredFloat: Double? { samples.compactMap(\.gammaAdvSquaredFloat).max() }
  /// The largest `|δ_float − δ_exact|` over samples; nil when a float value is not finite.
  package var maxDeltaError: Rational? {
    samples.allSatisfy(\.isFinite) ? samples.compactMap(\.maxDeltaError).max() ?? 0 : nil
  }

  /// Runs both PGAs on every sample of `problem` and compares them.
  ///
  /// With `precision` float32 the policy and problem are rounded to nearest float32 and the
  /// run is float32's own (`PGAModel<Float>`); its values are then widened to `Double`
  /// (exactly) for the comparison.
  package init(policy: Policy, problem: Problem, precision: Precision = .float64) {
    self.precision = precision
    let run: (Int) -> PGARun<Double>
    switch precision {
    case .float64:
      let model = PGAModel<Double>(policy: policy, problem: problem)
      run = { model.run(sample: $0) }
    case .float32:
      let model = PGAModel<Float>(policy: policy, problem: problem)
      run = { model.run(sample: $0).widened }
    }
    samples = problem.samples.indices.map { k in
      let sample = problem.samples[k]
      let exact = policy.trajectory(for: sample, index: k, problem: problem)
      return CrossCheck.compare(policy: policy, sample: sample, exact: exact, float: run(k), precision: precision)
    }
  }

  /// Compares one sample's runs point by point.
  static func compare(policy: Policy, sample: Sample, exact: SampleTrajectory, float: PGARun<Double>,
                      precision: Precision = .float64) -> SampleComparison
  {
    var maxDelta: Rational? = 0, maxObjective: Rational? = 0
    var maxStep = 0
    var flip: PatternFlip?
    for (e, f) in zip(exact.steps, float.points) {
      for (x, y) in zip(e.delta, f.delta) {
        guard let yExact = y.exactValue, let m = maxDelta else { maxDelta = nil; continue }
        let err = (yExact - x).magnitude
        if err > m { maxDelta = err; maxStep = e.t }
      }
      if let m = maxObjective, let g = f.objective.exactValue {
        maxObjective = Rational.maximum(m, (g - e.objective).magnitude)
      } else {
        maxObjective = nil
      }
      if flip == nil {
        flip = firstFlip(policy: policy, at: zip(sample.state, e.delta).map { $0 + $1 }, t: e.t, float: f,
                         precision: precision)
      }
    }
    return SampleComparison(index: exact.index, exact: exact, float: float, flip: flip, maxDeltaError: maxDelta,
                            maxDeltaErrorStep: maxStep, maxObjectiveError: maxObjective)
  }

  /// The first neuron (earliest layer first) whose branch at the exact point `x`
  /// differs from the float run's, classified. "Rounding distance" is
  /// `2^(−⌊p/2⌋) · (|b| + Σ|W a| + |k|)` for the run's precision p (2⁻²⁶ for float64, 2⁻¹² for float32).
  static func firstFlip(policy: Policy, at x: [Rational], t: Int, float f: PGAPoint<Double>,
                        precision: Precision = .float64) -> PatternFlip? {
    let pass = Network<Rational>(rounding: policy).forward(x)
    for (l, layer) in policy.layers.enumerated() {
      let act = layer.activation
      for i in 0..<layer.outputCount {
        let ze = pass.preactivations[l][i]
        let zf = f.preactivations[l][i]
        guard act.derivativeBranch(at: ze) != f.pattern[l][i] else { continue }
        let kink = nearestKink(act, ze)
        let kind: FlipKind
        if ze == kink {
          kind = .exactOnKink
        } else if zf.exactValue == kink {
          kind = .floatOnKink
        } else {
          // The magnitude the float sum was formed from, in the float run's own inputs.
          let input = l == 0 ? f.input : f.activations[l - 1]
          var scale = Swift.abs(kink.doubleNearest()) + Swift.abs(layer.bias[i].doubleNearest())
          for (w, a) in zip(layer.weights[i], input) { scale += Swift.abs(w.doubleNearest() * a) }
          let distance = (ze - kink).magnitude
          if let bound = try? Rational(exactly: scale) {
            kind = distance <= bound.scaled(byPowerOfTwo: -(precision.significandBits / 2)) ? .nearKink : .drift
          } else {
            // The float sum overflowed (an infinite or NaN scale): rounding distance is
            // unbounded, so the flip cannot be told apart from a near tie.
            kind = scale.isNaN ? .drift : .nearKink
          }
        }
        return PatternFlip(t: t, layer: l, neuron: i, activation: act, kink: kink, exactPreactivation: ze,
                           floatPreactivation: zf, kind: kind)
      }
    }
    return nil
  }

  /// The kink of `act` nearest to `z`.
  static func nearestKink(_ act: Activation, _ z: Rational) -> Rational {
    act.kinks.min { ($0 - z).magnitude < ($1 - z).magnitude } ?? 0
  }
}

extension CrossCheck.PatternFlip {
  /// The derivative convention at the kink, for messages.
  var convention: String {
    switch activation {
    case .identity: return "identity has no kink"
    case .relu: return "relu'(0) = 0"
    case .leakyReLU(let s): return "leaky_relu'(0) = \(s)"
    case .abs: return "abs'(0) = 0"
    case .hardtanh: return "hardtanh'(±1) = 0"
    }
  }

  /// One plain sentence: where the pattern flipped and whether rounding did it.
  package var sentence: String {
    let place = "at t = \(t), layer \(layer) neuron \(neuron) (\(activation.name))"
    let zf = "\(floatPreactivation)"
    let ze = exactPreactivation.decimalApproximation
    switch kind {
    case .exactOnKink:
      return "rounding tie \(place): the exact pre-activation is exactly \(kink), on the kink (\(convention)), "
        + "but the float run computed \(zf); the activation pattern flipped because of rounding alone"
    case .floatOnKink:
      return "rounding tie \(place): the float pre-activation is exactly \(kink), on the kink (\(convention)), "
        + "while the exact one is \(ze); the activation pattern flipped because of rounding alone"
    case .nearKink:
      return "near tie \(place): the exact pre-activation \(ze) lies within rounding distance of the kink \(kink) "
        + "and the float run computed \(zf) on the other side; the activation pattern flipped because of rounding"
    case .drift:
      return "drift \(place): the exact pre-activation \(ze) and the float \(zf) lie on opposite sides of the kink "
        + "\(kink), farther apart than one rounding; the float trajectory had drifted from the exact one"
    }
  }
}
