import Bounds
import ClaimLanguage
import Formats
import LinearAlgebra
import Model
import Rational
import Verification

/// Structure-seeking instances: a family draw (with the file's parameters) into which one
/// structure is planted that random weights almost never produce — the places where
/// piecewise-linear policies and the kink conventions behave unlike smooth ones.
/// Instance `i` plants structure `i mod count`, from its own `SplitMix64` stream, so the
/// instances are a function of the seed alone.
public enum PlantedStructure: String, CaseIterable, Sendable {
  /// Two first-layer neurons with opposite weights (`z_j = −z_i`): their kinks coincide.
  case antiParallelKinks = "anti_parallel_kinks"
  /// The anti-parallel pair with an always-active copy whose next-layer weights cancel the
  /// pair's linear part: π is affine off the kink, but autograd at the kink sees a
  /// Jacobian no full-dimensional region has.
  case cancellingPair = "cancelling_pair"
  /// A neuron duplicated (scaled by 1 or 2): coincident kinks.
  case duplicatedNeuron = "duplicated_neuron"
  /// A neuron active on all of X.
  case alwaysActive = "always_active"
  /// A neuron whose kink is a face of X, active inside X (half the time with an always-active
  /// copy cancelling it inside X); a sample on that face (or half a radius from it).
  case kinkOnFace = "kink_on_face"
  /// Samples at corners or on faces of X, with the largest radius, so iterates are clipped.
  case clippedToCorner = "clipped_to_corner"
  /// Hardtanh neurons with a sample exactly at z = ±1.
  case hardtanhAtOne = "hardtanh_at_one"
  /// Leaky-ReLU slopes above 1 (2, 5/2, 3).
  case steepLeaky = "steep_leaky"
  /// A zero weight row, its bias on a kink: a constant neuron sitting on its kink.
  case zeroRow = "zero_row"
  /// A neuron that is off (or constant) on all of X.
  case deadNeuron = "dead_neuron"
  /// Every sample exactly on a first-layer kink.
  case statesOnKinks = "states_on_kinks"
  /// A sample placed at a point of the lower-dimensional cell whose convention pattern has
  /// the largest λ_max(JᵀJ), after planting an anti-parallel pair or a face kink.
  case stateAtKinkCell = "state_at_kink_cell"

  static let salt: UInt64 = 0x5743_5255_4354_5552
}

extension InstanceFamily {
  /// Structured instance `index` (see `PlantedStructure`); nil for families without a
  /// random network to plant into (`orthogonal-gain`, whose structure is fixed).
  public func structuredInstance(_ index: Int, seed: UInt64, parameters: FamilyParameters)
    -> (instance: TheoremInstance, structure: PlantedStructure)?
  {
    guard self != .orthogonalGain else { return nil }
    let all = PlantedStructure.allCases
    let structure = all[index % all.count]
    var inst = instance(index, seed: seed ^ PlantedStructure.salt, parameters: parameters)
    var rng = SplitMix64.forInstance(index, seed: seed ^ PlantedStructure.salt ^ 0xA5A5)
    StructurePlanter.plant(structure, into: &inst, &rng, parameters)
    // A finite family's variants are perturbations of the planted policy, not of the draw.
    inst.familyVariants = inst.familyVariants.map { _ in RandomPL.perturbed(inst.policy, &rng) }
    return (inst, structure)
  }
}

enum StructurePlanter {
  static func plant(_ s: PlantedStructure, into inst: inout TheoremInstance, _ rng: inout SplitMix64,
                    _ p: FamilyParameters) {
    let first = inst.policy.layers[0]
    let n = first.outputCount
    let kinked = !first.activation.kinks.isEmpty && inst.policy.layers.count > 1
    switch s {
    case .antiParallelKinks, .cancellingPair, .duplicatedNeuron:
      guard kinked, n >= 2 else { return placeAllOnKinks(&inst, &rng) }
      let i = Int.random(in: 0..<n, using: &rng)
      var j = Int.random(in: 0..<(n - 1), using: &rng)
      if j >= i { j += 1 }
      var layers = inst.policy.layers
      let c: Rational = s == .duplicatedNeuron ? RandomPL.pick([1, 2, -1], &rng) : -1
      layers[0].weights[j] = layers[0].weights[i].map { c * $0 }
      layers[0].bias[j] = c * layers[0].bias[i]
      if s == .cancellingPair {
        // h_i − h_j is linear in z_i for relu (z) and leaky (1+s)z; an always-active copy k
        // with the opposite next-layer column cancels it.
        let slope: Rational
        if case .leakyReLU(let sl) = layers[0].activation { slope = sl } else { slope = 0 }
        for r in layers[1].weights.indices { layers[1].weights[r][j] = -layers[1].weights[r][i] }
        if n >= 3 {
          var k = Int.random(in: 0..<n, using: &rng)
          while k == i || k == j { k = (k + 1) % n }
          layers[0].weights[k] = layers[0].weights[i]
          layers[0].bias[k] = layers[0].bias[i].magnitude + alwaysOnShift(layers[0].weights[i], inst.problem) + (layers[0].activation.kinks.last ?? 0)
          for r in layers[1].weights.indices { layers[1].weights[r][k] = -(1 + slope) * layers[1].weights[r][i] }
        }
      } else if Bool.random(using: &rng) {
        for r in layers[1].weights.indices { layers[1].weights[r][j] = -layers[1].weights[r][i] }
      }
      inst.policy.layers = layers
      placeOnNeuronKink(&inst, neuron: i, sample: 0, &rng)
    case .alwaysActive:
      guard kinked else { return }
      let i = Int.random(in: 0..<n, using: &rng)
      let top = inst.policy.layers[0].activation.kinks.last!
      inst.policy.layers[0].bias[i] = top + alwaysOnShift(inst.policy.layers[0].weights[i], inst.problem)
    case .kinkOnFace:
      guard kinked else { return placeOnFaces(&inst, &rng, p) }
      let i = Int.random(in: 0..<n, using: &rng)
      let d = inst.policy.inputDimension
      let k = Int.random(in: 0..<d, using: &rng)
      let upperFace = Bool.random(using: &rng)
      let face = upperFace ? inst.problem.upper[k] : inst.problem.lower[k]
      let mag: Rational = RandomPL.pick([1, 2, Rational(1, 2)], &rng)
      let c = upperFace ? -mag : mag  // z = c·(x_k − face) + kink > kink inside X
      var w = [Rational](repeating: 0, count: d)
      w[k] = c
      let kink = inst.policy.layers[0].activation.kinks[0]
      inst.policy.layers[0].weights[i] = w
      inst.policy.layers[0].bias[i] = kink - c * face
      var st = inst.problem.samples[0].state
      let onFace = Int.random(in: 0..<4, using: &rng) > 0
      st[k] = onFace ? face : face + (upperFace ? -1 : 1) * inst.problem.attack.radius / 2
      inst.problem.samples[0].state = st
      inst.problem.attack.radius = largestRadius(p)
      if n >= 2 && onFace {
        // An always-active copy j whose next-layer column cancels neuron i inside X (both
        // columns made large): no region of X sees the pair, but autograd on the face drops
        // neuron i (relu'(0) = 0) and sees the copy. The target is then chosen so the ascent
        // direction points out of X along x_k: the iterate stays clipped on the face.
        var j = Int.random(in: 0..<(n - 1), using: &rng)
        if j >= i { j += 1 }
        inst.policy.layers[0].weights[j] = w
        inst.policy.layers[0].bias[j] = inst.policy.layers[0].activation.kinks.last! + alwaysOnShift(w, inst.problem)
        let big: Rational = RandomPL.pick([4, 8], &rng)
        for r in inst.policy.layers[1].weights.indices {
          let v = inst.policy.layers[1].weights[r][i]
          let col = big * (v.isZero ? 1 : v)
          inst.policy.layers[1].weights[r][i] = col
          inst.policy.layers[1].weights[r][j] = -col
        }
        aimOutward(&inst, coordinate: k, outward: upperFace ? 1 : -1)
      }
    case .clippedToCorner:
      placeOnFaces(&inst, &rng, p)
    case .hardtanhAtOne:
      guard inst.policy.layers.count > 1, allowed("hardtanh", p) else { return placeAllOnKinks(&inst, &rng) }
      inst.policy.layers[0].activation = .hardtanh
      placeOnNeuronKink(&inst, neuron: Int.random(in: 0..<n, using: &rng), sample: 0, &rng)
    case .steepLeaky:
      guard allowed("leaky_relu", p) else { return }
      let slope: Rational = RandomPL.pick([2, Rational(5, 2), 3], &rng)
      for l in 0..<(inst.policy.layers.count - 1) where Bool.random(using: &rng) || l == 0 {
        inst.policy.layers[l].activation = .leakyReLU(slope: slope)
      }
    case .zeroRow:
      guard kinked else { return }
      let i = Int.random(in: 0..<n, using: &rng)
      inst.policy.layers[0].weights[i] = [Rational](repeating: 0, count: inst.policy.inputDimension)
      inst.policy.layers[0].bias[i] = RandomPL.pick(inst.policy.layers[0].activation.kinks, &rng)
    case .deadNeuron:
      guard kinked else { return }
      let i = Int.random(in: 0..<n, using: &rng)
      let lowest = inst.policy.layers[0].activation.kinks[0]
      inst.policy.layers[0].bias[i] = lowest - alwaysOnShift(inst.policy.layers[0].weights[i], inst.problem)
    case .statesOnKinks:
      placeAllOnKinks(&inst, &rng)
    case .stateAtKinkCell:
      let inner: PlantedStructure = RandomPL.pick([.cancellingPair, .antiParallelKinks, .kinkOnFace, .duplicatedNeuron], &rng)
      plant(inner, into: &inst, &rng, p)
      let conv = ConventionBound(policy: inst.policy, lower: inst.problem.lower, upper: inst.problem.upper)!
      let candidates = conv.patterns.indices.filter { conv.patterns[$0].lowerDimensional }
      guard let best = candidates.max(by: { conv.gains[$0].upper < conv.gains[$1].upper }) else { return }
      let k = Int.random(in: 0..<inst.problem.samples.count, using: &rng)
      inst.problem.samples[k].state = conv.patterns[best].witness
    }
  }

  /// Moves sample 0's target so that the ascent direction of `g(δ) = 𝓛(π(s + δ))` at δ = 0
  /// has coordinate `k` of sign `outward`: with `a` column k of autograd's Jacobian at s,
  /// `z − y = t·a` gives `a·∇𝓛 = t·aᵀQa + a·b`, and t is chosen with that sign.
  static func aimOutward(_ inst: inout TheoremInstance, coordinate k: Int, outward: Int) {
    let s = inst.problem.samples[0].state
    let net = Network<Rational>(rounding: inst.policy)
    let pass = net.forward(s)
    let J = net.jacobian(at: pass)
    let a = J.map { $0[k] }
    let loss = inst.problem.loss
    let qa = loss.applyQ(a)
    let q = zip(a, qa).reduce(Rational.zero) { $0 + $1.0 * $1.1 }
    let ab = zip(a, loss.b).reduce(Rational.zero) { $0 + $1.0 * $1.1 }
    guard !q.isZero else { return }
    let t = Rational(outward * q.signum) * (1 + 2 * ab.magnitude / q.magnitude)
    inst.problem.samples[0].target = zip(pass.output, a).map { $0 - t * $1 }
  }

  static func allowed(_ name: String, _ p: FamilyParameters) -> Bool {
    p.words("activations", default: ["relu", "leaky_relu", "hardtanh", "abs"]).contains(name)
  }

  static func largestRadius(_ p: FamilyParameters) -> Rational {
    p.rationalList("radius", default: [Rational(1, 8), Rational(1, 4), Rational(1, 2), 1, 2]).max()!
  }

  /// `2 + Σ_j |w_j|·max(|lower_j|, |upper_j|)`: `|w·x| + 2` is at most this on X, so a bias of
  /// `kink ± shift` keeps the neuron 2 above (below) that kink everywhere in X.
  static func alwaysOnShift(_ w: [Rational], _ problem: Problem) -> Rational {
    var m = Rational(2)
    for j in w.indices { m += w[j].magnitude * Rational.maximum(problem.upper[j].magnitude, problem.lower[j].magnitude) }
    return m
  }

  /// Moves one coordinate of sample `sample` so that first-layer neuron `neuron` sits
  /// exactly on one of its kinks, when such a point lies in X.
  static func placeOnNeuronKink(_ inst: inout TheoremInstance, neuron i: Int, sample k: Int, _ rng: inout SplitMix64) {
    let layer = inst.policy.layers[0]
    let w = layer.weights[i]
    var s = inst.problem.samples[k].state
    for kink in layer.activation.kinks.shuffled(using: &rng) {
      for c in w.indices.shuffled(using: &rng) where !w[c].isZero {
        var rest = layer.bias[i]
        for j in w.indices where j != c { rest += w[j] * s[j] }
        let x = (kink - rest) / w[c]
        if x >= inst.problem.lower[c] && x <= inst.problem.upper[c] {
          s[c] = x
          inst.problem.samples[k].state = s
          return
        }
      }
    }
  }

  static func placeAllOnKinks(_ inst: inout TheoremInstance, _ rng: inout SplitMix64) {
    for k in inst.problem.samples.indices {
      placeOnNeuronKink(&inst, neuron: Int.random(in: 0..<inst.policy.layers[0].outputCount, using: &rng), sample: k, &rng)
    }
  }

  /// Samples at corners or on faces of X, largest radius (iterates are clipped onto faces).
  static func placeOnFaces(_ inst: inout TheoremInstance, _ rng: inout SplitMix64, _ p: FamilyParameters) {
    for k in inst.problem.samples.indices {
      var s = inst.problem.samples[k].state
      for c in s.indices where Bool.random(using: &rng) || c == 0 {
        s[c] = Bool.random(using: &rng) ? inst.problem.upper[c] : inst.problem.lower[c]
      }
      inst.problem.samples[k].state = s
    }
    inst.problem.attack.radius = largestRadius(p)
  }
}
