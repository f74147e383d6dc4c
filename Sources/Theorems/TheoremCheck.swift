import Bounds
import ClaimLanguage
import Formats
import LinearAlgebra
import Model
import Rational
import Verification

/// The verdict of one theorem file (SPEC section 5).
public struct TheoremResult: Sendable {
  public enum Status: String, Sendable { case holds, refuted, vacuous }

  public var file: TheoremFile
  public var status: Status
  /// Instances on which the claim (or witness) was defined.
  public var instances: Int
  /// Instances generated.
  public var generated: Int
  /// The smallest margin over counted instances (how close the claim came to failing).
  public var smallestMargin: Rational?
  /// The shrunk counterexample of a refuted claim.
  public var counterexample: Counterexample?
  /// Indices of instances where a witness holds (first few).
  public var witnesses: [Int]
  /// Proof steps that failed: the step's text and the first instance index.
  public var stepFailures: [(step: String, instance: Int)]
  /// `(γ_adv², γ_G²⁺)` of every counted instance, for the report's picture.
  public var gains: [(adv: Rational, global: Rational)]
  /// The first witness's evaluation, for the report.
  public var witnessExample: InstanceEvaluation?
  /// The counted instance with the smallest margin (a claim that holds), for the report.
  public var closestExample: InstanceEvaluation?

  /// Whether the status is the file's `expect` (a vacuous check never is).
  public var matchesExpectation: Bool {
    switch file.expect {
    case .holds: return status == .holds
    case .refuted: return status == .refuted
    }
  }
}

/// A failing instance, as found and after shrinking.
public struct Counterexample: Sendable {
  /// Index of the generated instance that first failed (nil when found by search).
  public var index: Int?
  /// Whether hill-climbing on the claim's margin found it (random sampling did not).
  public var foundBySearch: Bool
  public var firstSize: [Int]
  public var evaluation: InstanceEvaluation
  public var shrinkSteps: Int
  public var size: [Int] { evaluation.instance.size }
}

/// Checks theorem files on their instance families.
public enum TheoremChecker {
  /// Evaluates instances `0..<count` in parallel (structured concurrency), returned in
  /// index order, so results do not depend on the core count.
  static func evaluateAll(_ file: TheoremFile, family: InstanceFamily, count: Int, seed: UInt64)
    async -> [InstanceEvaluation]
  {
    let params = FamilyParameters(file.parameters)
    return await withTaskGroup(of: (Int, InstanceEvaluation).self) { group in
      for i in 0..<count {
        group.addTask { (i, InstanceEvaluation(family.instance(i, seed: seed, parameters: params))) }
      }
      var out = [InstanceEvaluation?](repeating: nil, count: count)
      for await (i, e) in group { out[i] = e }
      return out.map { $0! }
    }
  }

  /// The claim's truth on one evaluated instance (nil: undefined, does not count).
  static func holds(_ expr: ClaimExpression, _ e: InstanceEvaluation) -> Bool? {
    guard case .boolean(let b)? = expr.evaluate(e.values) else { return nil }
    return b
  }

  /// Checks one file with `cases` instances (the file's count unless overridden).
  public static func check(_ file: TheoremFile, cases: Int? = nil, seed: UInt64? = nil,
                           searchBudget: Int = 40) async -> TheoremResult {
    let family = InstanceFamily(rawValue: file.family)!
    let n = cases ?? file.cases
    let s = seed ?? file.seed
    let evals = await evaluateAll(file, family: family, count: n, seed: s)
    var result = TheoremResult(file: file, status: .vacuous, instances: 0, generated: n, smallestMargin: nil,
                               counterexample: nil, witnesses: [], stepFailures: [], gains: [], witnessExample: nil,
                               closestExample: nil)
    for (stepText, stepExpr) in file.steps {
      if let i = evals.indices.first(where: { holds(stepExpr, evals[$0]) == false }) {
        result.stepFailures.append((stepText, i))
      }
    }
    switch file.kind {
    case .witness(let expr):
      for (i, e) in evals.enumerated() {
        guard let b = holds(expr, e) else { continue }
        result.instances += 1
        record(&result, e)
        if b {
          if result.witnessExample == nil { result.witnessExample = e }
          if result.witnesses.count < 10 { result.witnesses.append(i) }
        }
      }
      result.status = result.instances == 0 ? .vacuous : (result.witnesses.isEmpty ? .refuted : .holds)
    case .claim(let expr):
      var firstFailure: Int?
      var closest: (margin: Rational, index: Int)?
      for (i, e) in evals.enumerated() {
        guard let b = holds(expr, e) else { continue }
        result.instances += 1
        record(&result, e)
        if let m = expr.margin(e.values), closest == nil || m < closest!.margin { closest = (m, i) }
        if !b && firstFailure == nil { firstFailure = i }
      }
      result.smallestMargin = closest?.margin
      result.closestExample = closest.map { evals[$0.index] }
      if let i = firstFailure {
        result.status = .refuted
        result.counterexample = shrink(expr, evals[i], index: i, bySearch: false)
      } else if let start = closest {
        if let found = search(expr, from: evals[start.index], budget: searchBudget, seed: s) {
          result.status = .refuted
          result.counterexample = shrink(expr, found, index: nil, bySearch: true)
        } else {
          result.status = result.instances == 0 ? .vacuous : .holds
        }
      } else {
        result.status = result.instances == 0 ? .vacuous : .holds
      }
    }
    return result
  }

  static func record(_ r: inout TheoremResult, _ e: InstanceEvaluation) {
    if let a = e.verification.attack.gammaAdvSquared, let g = e.verification.global?.interval.upper {
      r.gains.append((a, g))
    }
  }

  /// Hill-climbs the claim's margin from the closest instance: random small changes of
  /// one weight, bias, state coordinate or the radius are kept when the margin drops.
  /// Returns a failing instance, or nil within the budget.
  static func search(_ expr: ClaimExpression, from start: InstanceEvaluation, budget: Int, seed: UInt64)
    -> InstanceEvaluation?
  {
    var rng = SplitMix64(seed: seed ^ 0x5EA2_C4)
    var current = start
    guard var margin = expr.margin(start.values) else { return nil }
    for _ in 0..<budget {
      var inst = current.instance
      mutate(&inst, &rng)
      let e = InstanceEvaluation(inst)
      guard let b = holds(expr, e) else { continue }
      if !b { return e }
      if let m = expr.margin(e.values), m < margin {
        margin = m
        current = e
      }
    }
    return nil
  }

  static func mutate(_ inst: inout TheoremInstance, _ rng: inout SplitMix64) {
    let step = Rational(Int.random(in: -2...2, using: &rng), 8)
    switch Int.random(in: 0..<4, using: &rng) {
    case 0, 1:
      let l = Int.random(in: 0..<inst.policy.layers.count, using: &rng)
      let i = Int.random(in: 0..<inst.policy.layers[l].outputCount, using: &rng)
      let j = Int.random(in: 0...inst.policy.layers[l].inputCount, using: &rng)
      if j == inst.policy.layers[l].inputCount {
        inst.policy.layers[l].bias[i] += step
      } else {
        inst.policy.layers[l].weights[i][j] += step
      }
    case 2:
      let k = Int.random(in: 0..<inst.problem.samples.count, using: &rng)
      let c = Int.random(in: 0..<inst.policy.inputDimension, using: &rng)
      let x = inst.problem.samples[k].state[c] + step
      if x >= inst.problem.lower[c] && x <= inst.problem.upper[c] { inst.problem.samples[k].state[c] = x }
    default:
      let r = inst.problem.attack.radius + step
      if r.signum > 0 { inst.problem.attack.radius = r }
    }
  }
}
