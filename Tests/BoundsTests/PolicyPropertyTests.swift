import Bounds
import Formats
import LinearAlgebra
import Model
import Rational
import TestSupport
import Testing
import Verification

/// Properties of the exact model on seeded random policies (SPEC section 2).
@Suite struct PolicyPropertyTests {
  static let seed: UInt64 = 20_261_129

  /// The model's generic engine on `Rational` is the plain `[Rational]` oracle of TestSupport:
  /// same pre-activations, derivatives, output, kink flag, Jacobian, JVP and VJP, at random
  /// points and at points placed on a first-layer kink.
  @Test func genericEvaluationEqualsThePlainOracle() {
    forEachSeededCase(count: 60, seed: Self.seed &+ 7) { rng, caseSeed in
      let d = Int.random(in: 1...3, using: &rng), m = Int.random(in: 1...2, using: &rng)
      let policy = RandomInstances.policy(inputs: d, outputs: m, using: &rng)
      let net = Network<Rational>(rounding: policy)
      var x = (0..<d).map { _ in RandomInstances.weight(using: &rng) }
      if Bool.random(using: &rng), let row = policy.layers[0].weights.first, let j = row.firstIndex(where: { !$0.isZero }) {
        // Move x_j so that neuron 0 of layer 0 sits exactly on its first kink (or at 0).
        let kink = policy.layers[0].activation.kinks.first ?? 0
        let rest = zip(row, x).enumerated().reduce(policy.layers[0].bias[0]) { $0 + ($1.offset == j ? 0 : $1.element.0 * $1.element.1) }
        x[j] = (kink - rest) / row[j]
      }
      let plain = policy.forward(x)
      let generic = net.forward(x)
      #expect(generic.preactivations == plain.preactivations, "seed \(caseSeed)")
      #expect(generic.derivatives == plain.derivatives, "seed \(caseSeed)")
      #expect(generic.output == plain.output, "seed \(caseSeed)")
      #expect(net.touchesKink(generic) == plain.touchesKink, "seed \(caseSeed)")
      #expect(net.jacobian(at: generic) == policy.jacobian(at: plain), "seed \(caseSeed)")
      let v = (0..<d).map { _ in RandomInstances.weight(using: &rng) }
      let w = (0..<m).map { _ in RandomInstances.weight(using: &rng) }
      #expect(net.jvp(v, at: generic) == policy.jacobianTimes(v, at: plain), "seed \(caseSeed)")
      #expect(net.vjp(w, at: generic) == policy.jacobianTransposeTimes(w, at: plain), "seed \(caseSeed)")
    }
  }

  @Test func directionalGainIsAtMostLargestEigenvalue() {
    forEachSeededCase(count: 40, seed: Self.seed) { rng, caseSeed in
      let d = Int.random(in: 1...3, using: &rng), m = Int.random(in: 1...2, using: &rng)
      let policy = RandomInstances.policy(inputs: d, outputs: m, using: &rng)
      let problem = RandomInstances.problem(inputs: d, outputs: m, using: &rng)
      for (i, sample) in problem.samples.enumerated() {
        let traj = policy.trajectory(for: sample, index: i, problem: problem)
        for step in traj.steps {
          guard let g = step.gainSquared else { continue }
          let x = zip(sample.state, step.delta).map { $0 + $1 }
          let J = Matrix(policy.jacobian(at: policy.forward(x)))
          #expect(!J.spectralNormSquaredIsAtMost(g) || J.spectralNormSquared(relativeWidth: Rational(1, 1000)).upper >= g,
                  "seed \(caseSeed)")
          #expect(J.spectralNormSquared(relativeWidth: Rational(1, 1000)).upper >= g, "seed \(caseSeed) t=\(step.t)")
        }
      }
    }
  }

  @Test func adversarialGainIsAtMostGlobalGain() {
    forEachSeededCase(count: 25, seed: Self.seed &+ 1) { rng, caseSeed in
      let d = Int.random(in: 1...2, using: &rng), m = Int.random(in: 1...2, using: &rng)
      let policy = RandomInstances.policy(inputs: d, outputs: m, using: &rng)
      let problem = RandomInstances.problem(inputs: d, outputs: m, using: &rng)
      let attack = policy.attackAnalysis(on: problem)
      let global = GlobalBound(exactFor: policy, lower: problem.lower, upper: problem.upper)
      if let g = attack.gammaAdvSquared {
        #expect(g <= global.interval.upper, "seed \(caseSeed)")
        // Exact form of T1: γ_G² ≤ γ² implies γ_adv² ≤ γ², at γ² = the region maximum's upper end.
        #expect(global.contains(gammaSquared: global.interval.upper) == true, "seed \(caseSeed)")
      }
    }
  }

  @Test func everyRegionIsRealisedAtItsWitness() {
    forEachSeededCase(count: 25, seed: Self.seed &+ 2) { rng, caseSeed in
      let d = Int.random(in: 1...3, using: &rng)
      let policy = RandomInstances.policy(inputs: d, outputs: 1, using: &rng)
      let lower = [Rational](repeating: -2, count: d), upper = [Rational](repeating: 2, count: d)
      let regions = policy.linearRegions(lower: lower, upper: upper)
      #expect(!regions.isEmpty, "seed \(caseSeed)")
      #expect(Set(regions.map(\.pattern)).count == regions.count, "seed \(caseSeed): patterns distinct")
      for r in regions {
        #expect(zip(r.witness, lower).allSatisfy { $0 > $1 } && zip(r.witness, upper).allSatisfy { $0 < $1 },
                "seed \(caseSeed): witness strictly inside X")
        let pass = policy.forward(r.witness)
        // (A neuron constant on a kink over the whole region may touch it: its
        // derivative is then the convention's value, which the pattern records.)
        #expect(pass.derivatives.flatMap { $0 } == r.pattern, "seed \(caseSeed)")
        #expect(policy.jacobian(at: pass) == r.jacobian, "seed \(caseSeed)")
      }
    }
  }

  /// The two exact forms of a region (vertices with double-description cuts, and
  /// half-spaces with the interior-point LP) find the same regions.
  @Test func vertexAndHalfSpaceFormsAgree() {
    forEachSeededCase(count: 20, seed: Self.seed &+ 6) { rng, caseSeed in
      let d = Int.random(in: 1...4, using: &rng)
      let policy = RandomInstances.policy(inputs: d, outputs: 1, using: &rng)
      let lower = [Rational](repeating: -2, count: d), upper = [Rational](repeating: 2, count: d)
      let byVertices = policy.linearRegions(lower: lower, upper: upper, vertexLimit: 1 << 20)
      let byLP = policy.linearRegions(lower: lower, upper: upper, vertexLimit: 0)
      let mixed = policy.linearRegions(lower: lower, upper: upper, vertexLimit: 6)
      let patterns = Set(byVertices.map(\.pattern))
      #expect(Set(byLP.map(\.pattern)) == patterns, "seed \(caseSeed)")
      #expect(Set(mixed.map(\.pattern)) == patterns, "seed \(caseSeed)")
      for r in byLP + mixed {
        #expect(policy.forward(r.witness).derivatives.flatMap { $0 } == r.pattern, "seed \(caseSeed)")
      }
    }
  }

  /// In 1-D the pieces of the segment [lower, upper] are exactly the regions: their
  /// lengths add up to the domain's and their patterns are the enumerated ones.
  @Test func regionsCoverTheDomainIn1D() {
    forEachSeededCase(count: 30, seed: Self.seed &+ 3) { rng, caseSeed in
      let policy = RandomInstances.policy(inputs: 1, outputs: 1, using: &rng)
      let regions = policy.linearRegions(lower: [-2], upper: [2])
      let pieces = policy.pieces(from: [-2], along: [4])
      #expect(pieces.reduce(Rational.zero) { $0 + ($1.end - $1.start) } == 1, "seed \(caseSeed)")
      var patterns = Set<[Rational]>()
      for p in pieces where p.end > p.start {
        let mid = -2 + 4 * (p.start + p.end) / 2
        patterns.insert(policy.forward([mid]).derivatives.flatMap { $0 })
      }
      #expect(patterns == Set(regions.map(\.pattern)), "seed \(caseSeed)")
    }
  }

  /// In 2-D every grid point off the kinks has an enumerated pattern (completeness).
  @Test func gridPointsFallInEnumeratedRegionsIn2D() {
    forEachSeededCase(count: 15, seed: Self.seed &+ 4) { rng, caseSeed in
      let policy = RandomInstances.policy(inputs: 2, outputs: 2, using: &rng)
      let patterns = Set(policy.linearRegions(lower: [-2, -2], upper: [2, 2]).map(\.pattern))
      for i in 0...24 {
        for j in 0...24 {
          let x = [Rational(4 * i, 24) - 2 + Rational(1, 997), Rational(4 * j, 24) - 2 + Rational(1, 1009)]
          guard x.allSatisfy({ $0 < 2 }) else { continue }
          let pass = policy.forward(x)
          if pass.touchesKink { continue }
          #expect(patterns.contains(pass.derivatives.flatMap { $0 }), "seed \(caseSeed) at \(x)")
        }
      }
    }
  }

  /// `β_t` bounds the objective along the step at rational τ and is attained.
  @Test func smoothnessBoundsTheObjectiveAndIsAttained() {
    forEachSeededCase(count: 40, seed: Self.seed &+ 5) { rng, caseSeed in
      let d = Int.random(in: 1...2, using: &rng), m = Int.random(in: 1...2, using: &rng)
      let policy = RandomInstances.policy(inputs: d, outputs: m, using: &rng)
      let problem = RandomInstances.problem(inputs: d, outputs: m, using: &rng)
      for (i, sample) in problem.samples.enumerated() {
        let traj = policy.trajectory(for: sample, index: i, problem: problem)
        for (step, next) in zip(traj.steps, traj.steps.dropFirst()) {
          guard case .finite(let beta)? = step.smoothness else { continue }
          let x0 = zip(sample.state, step.delta).map { $0 + $1 }
          let v = zip(next.delta, step.delta).map { $0 - $1 }
          let pass = policy.forward(x0)
          let grad = policy.jacobianTransposeTimes(problem.loss.gradient(at: pass.output, target: sample.target), at: pass)
          let G = dot(grad, v), vv = squaredNorm2(v)
          func phi(_ tau: Rational) -> Rational {
            problem.loss.value(at: policy.forward(zip(x0, v).map { $0 + tau * $1 }).output, target: sample.target)
          }
          func ratio(_ tau: Rational) -> Rational { 2 * (step.objective + tau * G - phi(tau)) / (tau * tau * vv) }
          var taus = (1...64).map { Rational($0, 64) }
          let pieces = policy.pieces(from: x0, along: v)
          taus += pieces.map(\.end) + pieces.map(\.start).filter { !$0.isZero }
          for piece in pieces {
            let (c0, c1, _) = problem.loss.quadraticAlong(origin: piece.origin, direction: piece.direction, target: sample.target)
            let a = 2 * (step.objective - c0), b = 2 * (G - c1)
            if a.signum < 0 && b.signum > 0 { taus.append(-2 * a / b) }
          }
          let inRange = taus.filter { $0 > 0 && $0 <= 1 }
          #expect(inRange.allSatisfy { ratio($0) <= beta }, "seed \(caseSeed) t=\(step.t)")
          if beta.signum > 0 {
            #expect(inRange.contains { ratio($0) == beta }, "seed \(caseSeed) t=\(step.t): β attained")
          }
          #expect(next.objective == phi(1), "seed \(caseSeed)")
        }
      }
    }
  }
}
