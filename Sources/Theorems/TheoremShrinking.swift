import Bounds
import ClaimLanguage
import Formats
import LinearAlgebra
import Model
import Rational
import Verification

extension TheoremChecker {
  /// Shrinks a failing instance greedily: drop a hidden layer (its activation replaced by
  /// the identity and the layer folded into the next, `W' = W₂W₁`, `b' = W₂b₁ + b₂`),
  /// drop samples, drop PGA steps, remove hidden neurons, replace numbers by simpler ones
  /// (0, then the nearest quarter), keeping each change while the claim still fails,
  /// until no change helps.
  /// Every candidate is re-evaluated on the full claim, so a claim whose premise states the
  /// file's hypotheses (e.g. `… and not kink_iterate implies monotone`) keeps them: the
  /// shrunk witness still satisfies the premise. For a finite family (`scaled-family` with
  /// variants) the variants of a changed policy are redrawn as perturbations of *it*, so the
  /// family written beside the shrunk witness is the shrunk policy's own.
  static func shrink(_ expr: ClaimExpression, _ failing: InstanceEvaluation, origin: InstanceOrigin?, bySearch: Bool,
                     conventions: Needs) -> Counterexample
  {
    var best = failing
    var steps = 0
    var changed = true
    var budget = 400
    while changed && budget > 0 {
      changed = false
      for candidate in simplifications(of: best.instance) {
        budget -= 1
        if budget <= 0 { break }
        guard candidate.size.lexicographicallyPrecedes(best.instance.size) else { continue }
        let e = evaluation(candidate, conventions)
        if holds(expr, e) == false {
          best = e
          steps += 1
          changed = true
          break
        }
      }
    }
    return Counterexample(origin: origin, mechanism: Mechanism.classify(best, names: expr.quantityNames),
                          foundBySearch: bySearch, firstSize: failing.instance.size,
                          evaluation: best, shrinkSteps: steps)
  }

  /// Candidate simplifications, largest first; a finite family's variants follow the policy.
  static func simplifications(of inst: TheoremInstance) -> [TheoremInstance] {
    let raw = rawSimplifications(of: inst)
    guard !inst.familyVariants.isEmpty else { return raw }
    return raw.map { c in
      guard c.policy != inst.policy else { return c }
      var r = c
      var rng = SplitMix64(seed: 0x5EED_FA11)
      r.familyVariants = c.familyVariants.map { _ in RandomPL.perturbed(c.policy, &rng) }
      return r
    }
  }

  static func rawSimplifications(of inst: TheoremInstance) -> [TheoremInstance] {
    var out: [TheoremInstance] = []
    for l in 0..<(inst.policy.layers.count - 1) {
      var c = inst
      let first = c.policy.layers[l], second = c.policy.layers[l + 1]
      let w = second.weights.map { row in
        (0..<first.inputCount).map { j in first.weights.indices.reduce(Rational.zero) { $0 + row[$1] * first.weights[$1][j] } }
      }
      let b = second.weights.enumerated().map { i, row in dot(row, first.bias) + second.bias[i] }
      c.policy.layers.replaceSubrange(l...(l + 1), with: [Layer(weights: w, bias: b, activation: second.activation)])
      out.append(c)
    }
    let samples = inst.problem.samples
    if samples.count > 1 {
      for k in samples.indices {
        var c = inst
        c.problem.samples.remove(at: k)
        out.append(c)
      }
    }
    if inst.problem.attack.steps > 1 {
      var c = inst
      c.problem.attack.steps -= 1
      out.append(c)
    }
    for l in 0..<(inst.policy.layers.count - 1) where inst.policy.layers[l].outputCount > 1 {
      for i in 0..<inst.policy.layers[l].outputCount {
        var c = inst
        c.policy.layers[l].weights.remove(at: i)
        c.policy.layers[l].bias.remove(at: i)
        c.policy.layers[l + 1].weights = c.policy.layers[l + 1].weights.map { row in
          var r = row
          r.remove(at: i)
          return r
        }
        out.append(c)
      }
    }
    func simpler(_ x: Rational) -> [Rational] {
      var r: [Rational] = []
      if !x.isZero { r.append(0) }
      let q = Rational(x.scaled(byPowerOfTwo: 2).roundedToNearestEven) / 4
      if q != x && q.bitSize < x.bitSize { r.append(q) }
      return r
    }
    for l in inst.policy.layers.indices {
      for i in 0..<inst.policy.layers[l].outputCount {
        for j in 0..<inst.policy.layers[l].inputCount {
          for v in simpler(inst.policy.layers[l].weights[i][j]) {
            var c = inst
            c.policy.layers[l].weights[i][j] = v
            out.append(c)
          }
        }
        for v in simpler(inst.policy.layers[l].bias[i]) {
          var c = inst
          c.policy.layers[l].bias[i] = v
          out.append(c)
        }
      }
    }
    for k in samples.indices {
      for j in samples[k].state.indices {
        for v in simpler(samples[k].state[j]) {
          var c = inst
          c.problem.samples[k].state[j] = v
          out.append(c)
        }
      }
    }
    return out
  }
}
