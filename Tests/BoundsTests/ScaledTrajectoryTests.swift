@testable import Bounds
import Formats
import LinearAlgebra
import Model
import Rational
import TestSupport
import Testing
import Verification

/// The fast exact path (`ScaledVector` / `ScaledMatrix`) against the plain `[Rational]`
/// one on seeded random small policies: every activation (identity, relu, leaky_relu
/// with a rational slope, hardtanh, abs), both losses, coarse grids that put points
/// exactly on kinks and box faces, and fine random rationals.
@Suite struct ScaledTrajectoryTests {
  static let seed: UInt64 = 0x7EA1_0F_FA57

  /// A value on a coarse grid (multiples of 1/4 in [−2, 2]: often exactly a kink or a
  /// box face) or a fine random rational (odd denominators too).
  static func value(_ rng: inout SeededGenerator, coarse: Bool) -> Rational {
    coarse ? Rational(Int.random(in: -8...8, using: &rng), 4) : Rational.random(numerator: 40, denominator: 24, using: &rng)
  }

  static func activation(_ rng: inout SeededGenerator) -> Activation {
    switch Int.random(in: 0..<6, using: &rng) {
    case 0: return .identity
    case 1: return .leakyReLU(slope: [Rational(1, 3), Rational(1, 8), Rational(-1, 2), 2].randomElement(using: &rng)!)
    case 2: return .hardtanh
    case 3: return .abs
    default: return .relu
    }
  }

  static func instance(_ rng: inout SeededGenerator) -> (Policy, Problem) {
    let coarse = Bool.random(using: &rng)
    let d = Int.random(in: 1...3, using: &rng), m = Int.random(in: 1...3, using: &rng)
    var widths = [d] + (0..<Int.random(in: 0...2, using: &rng)).map { _ in Int.random(in: 1...4, using: &rng) } + [m]
    if widths.count < 2 { widths.append(m) }
    let layers = (1..<widths.count).map { l in
      Layer(weights: (0..<widths[l]).map { _ in (0..<widths[l - 1]).map { _ in value(&rng, coarse: coarse) } },
            bias: (0..<widths[l]).map { _ in value(&rng, coarse: coarse) / 2 },
            activation: l == widths.count - 1 && Bool.random(using: &rng) ? .identity : activation(&rng))
    }
    let policy = Policy(inputDimension: d, layers: layers)
    let loss: QuadraticLoss
    if Bool.random(using: &rng) {
      loss = .squaredError(dimension: m)
    } else {
      var q = [[Rational]](repeating: [Rational](repeating: 0, count: m), count: m)
      for i in 0..<m {
        for j in i..<m {
          q[i][j] = value(&rng, coarse: coarse)
          q[j][i] = q[i][j]
        }
      }
      loss = QuadraticLoss(Q: q, b: (0..<m).map { _ in Bool.random(using: &rng) ? 0 : value(&rng, coarse: coarse) })
    }
    let lower = [Rational](repeating: -1, count: d), upper = [Rational](repeating: 1, count: d)
    let samples = (0..<Int.random(in: 1...3, using: &rng)).map { _ in
      Sample(state: (0..<d).map { _ in Rational.minimum(1, Rational.maximum(-1, value(&rng, coarse: coarse))) },
             target: (0..<m).map { _ in value(&rng, coarse: coarse) })
    }
    let attack = Attack(radius: [Rational(1, 4), Rational(1, 2), Rational(2, 3)].randomElement(using: &rng)!,
                        stepSize: [Rational(1, 4), Rational(1, 2), Rational(1, 3), 1].randomElement(using: &rng)!,
                        steps: Int.random(in: 1...5, using: &rng))
    return (policy, Problem(lower: lower, upper: upper, loss: loss, samples: samples, attack: attack))
  }

  @Test func fastTrajectoryEqualsReference() {
    var kinks = 0, crossings = 0, clips = 0, infinite = 0
    forEachSeededCase(count: 250, seed: Self.seed) { rng, caseSeed in
      let (policy, problem) = Self.instance(&rng)
      for (i, sample) in problem.samples.enumerated() {
        let fast = policy.trajectory(for: sample, index: i, problem: problem)
        let reference = policy.referenceTrajectory(for: sample, index: i, problem: problem)
        #expect(fast == reference, "seed \(caseSeed) sample \(i)")
        kinks += reference.steps.filter(\.onKink).count
        crossings += reference.steps.filter(\.crossesKink).count
        clips += reference.steps.filter(\.projectionActive).count
        infinite += reference.steps.filter { $0.smoothness == .infinite }.count
      }
    }
    // The instances must reach the delicate cases, or the equality says little.
    #expect(kinks > 0 && crossings > 0 && clips > 0 && infinite > 0,
            "coverage: onKink \(kinks), crossesKink \(crossings), clipped \(clips), infinite β \(infinite)")
  }

  @Test func fastPassesAndPiecesEqualPlainOnes() {
    forEachSeededCase(count: 250, seed: Self.seed &+ 1) { rng, caseSeed in
      let (policy, problem) = Self.instance(&rng)
      let net = ScaledPolicy(policy)
      let coarse = Bool.random(using: &rng)
      let x = (0..<policy.inputDimension).map { _ in Self.value(&rng, coarse: coarse) }
      let v = (0..<policy.inputDimension).map { _ in Self.value(&rng, coarse: coarse) }
      let w = (0..<policy.outputDimension).map { _ in Self.value(&rng, coarse: coarse) }
      let plain = policy.forward(x), fast = net.forward(ScaledVector(x))
      #expect(fast.output.rationals == plain.output && fast.touchesKink == plain.touchesKink, "seed \(caseSeed)")
      #expect(fast.derivatives.enumerated().allSatisfy { l, d in (d ?? plain.derivatives[l].map { _ in 1 }) == plain.derivatives[l] },
              "seed \(caseSeed)")
      #expect(net.jacobianTimes(ScaledVector(v), at: fast).rationals == policy.jacobianTimes(v, at: plain), "seed \(caseSeed)")
      #expect(net.jacobianTransposeTimes(ScaledVector(w), at: fast).rationals == policy.jacobianTransposeTimes(w, at: plain),
              "seed \(caseSeed)")
      let fastPieces = net.pieces(from: ScaledVector(x), along: ScaledVector(v))
      let plainPieces = policy.pieces(from: x, along: v)
      let passPieces = net.pieces(from: ScaledVector(x), along: ScaledVector(v), pass: fast)
      #expect(fastPieces.count == plainPieces.count && passPieces.count == plainPieces.count, "seed \(caseSeed)")
      for (f, p) in zip(fastPieces, plainPieces) {
        #expect(f.start == p.start && f.end == p.end && f.origin.rationals == p.origin && f.direction.rationals == p.direction,
                "seed \(caseSeed)")
      }
      for (f, p) in zip(passPieces, plainPieces) {
        #expect(f.start == p.start && f.end == p.end && f.origin.rationals == p.origin && f.direction.rationals == p.direction,
                "seed \(caseSeed): pieces seeded with the forward pass")
      }
      let target = problem.samples[0].target
      let loss = ScaledLoss(problem.loss, target: target)
      let z = ScaledVector(w)
      #expect(loss.value(at: z) == problem.loss.value(at: w, target: target), "seed \(caseSeed)")
      #expect(loss.gradient(at: z).rationals == problem.loss.gradient(at: w, target: target), "seed \(caseSeed)")
      let fq = loss.quadraticAlong(origin: z, direction: ScaledVector(target))
      let pq = problem.loss.quadraticAlong(origin: w, direction: target, target: target)
      #expect(fq.c0 == pq.c0 && fq.c1 == pq.c1 && fq.c2 == pq.c2, "seed \(caseSeed)")
    }
  }
}
