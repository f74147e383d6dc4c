import Bounds
import ClaimLanguage
import Formats
import Foundation
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
  /// Where a witness holds (first ten), e.g. "random #3", "structured #40".
  public var witnesses: [String]
  /// Number of instances where the witness holds.
  public var witnessCount = 0
  /// Proof steps that failed: the step's text and the first instance where it did.
  public var stepFailures: [(step: String, instance: String)]
  /// `(γ_adv², γ_G²⁺)` of counted instances, at most one per quarter-octave cell of the
  /// log-log plane (binned, so the report's picture stays small).
  public var gains: [(adv: Rational, global: Rational)]
  /// Number of counted instances with both gains (before binning).
  public var gainPoints = 0
  /// What the verdict rests on.
  public var evidence = TheoremEvidence()
  /// Where the first witness was found.
  public var witnessOrigin: InstanceOrigin?
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
  /// The generated instance that first failed (nil when found by search).
  public var origin: InstanceOrigin?
  /// How the shrunk counterexample fails (see `Mechanism`).
  public var mechanism: Mechanism
  /// Whether hill-climbing on the claim's margin found it (random sampling did not).
  public var foundBySearch: Bool
  public var firstSize: [Int]
  public var evaluation: InstanceEvaluation
  public var shrinkSteps: Int
  public var size: [Int] { evaluation.instance.size }
}

/// Checks theorem files on their instance families.
///
/// Every file runs three kinds of instances, in this order: `cases` random draws of its
/// family, the structured instances (`PlantedStructure`, `structuredCount` of them), and
/// every instance of each exhaustive scope that fits the file (`ExhaustiveScope`). They
/// are generated and evaluated in chunks of `chunkSize`, folded in index order, so memory
/// stays bounded whatever `cases` is. With `jobs` workers, `2·jobs` consecutive chunks (one
/// window) are evaluated together, then folded chunk by chunk exactly as one worker would: a
/// claim stops at the end of the chunk holding its first failure (the rest of its window is
/// computed and discarded), so the result never depends on the number of workers. The time budget is only a safety stop: reaching it is reported in the evidence
/// (and by the command's exit status), never silently.
public enum TheoremChecker {
  /// Instances evaluated together; fixed, so where a run stops never depends on timing or cores.
  public static let chunkSize = 64
  /// Structured instances per file (a multiple of the number of planted structures).
  public static let structuredCount = 16 * PlantedStructure.allCases.count
  /// The largest `cases` accepted (random instances are streamed; this bounds the run time).
  public static let maximumCases = TheoremFile.maximumCases
  /// The default safety budget per file, in seconds.
  public static let defaultBudget: Double = 600

  /// The claim's truth on one evaluated instance (nil: undefined, does not count).
  static func holds(_ expr: ClaimExpression, _ e: InstanceEvaluation) -> Bool? {
    guard case .boolean(let b)? = expr.evaluate(e.values) else { return nil }
    return b
  }

  /// Which optional (costly) quantities a file's claim and steps use.
  struct Needs: Sendable {
    var conventions: Bool
    var familyConventions: Bool
    /// Every quantity the claim and its steps name (the family quantities are computed only for these).
    var names: Set<String>
    init(_ file: TheoremFile) {
      var names: Set<String> = []
      switch file.kind {
      case .claim(let x), .witness(let x): names = x.quantityNames
      }
      for (_, e) in file.steps { names.formUnion(e.quantityNames) }
      conventions = !names.isDisjoint(with: TheoremQuantities.conventionNames)
      familyConventions = !names.isDisjoint(with: TheoremQuantities.familyConventionNames)
      self.names = names
    }
  }

  static func evaluation(_ inst: TheoremInstance, _ needs: Needs) -> InstanceEvaluation {
    InstanceEvaluation(inst, conventions: needs.conventions, familyConventions: needs.familyConventions,
                       needed: needs.names)
  }

  /// One planned batch of instances: where they come from and how to make instance `i`.
  struct Batch {
    var source: InstanceSource
    var label: String
    var count: Int
    var make: @Sendable (Int) -> TheoremInstance?
  }

  /// Checks one file with `cases` random instances (the file's count unless overridden),
  /// plus its structured and exhaustive instances, within `budget` seconds.
  public static func check(_ file: TheoremFile, cases: Int? = nil, seed: UInt64? = nil,
                           searchBudget: Int = 40, budget: Double = defaultBudget,
                           jobs: Int = Workers.allCores) async -> TheoremResult {
    let clock = ContinuousClock()
    let started = clock.now
    let family = InstanceFamily(rawValue: file.family)!
    let n = min(cases ?? file.cases, maximumCases)
    let s = seed ?? file.seed
    let params = FamilyParameters(file.parameters)
    let conventions = Needs(file)
    let scopes = ExhaustiveScope.scopes(for: family, parameters: params)
    var batches = [Batch(source: .random, label: "random", count: n,
                         make: { family.instance($0, seed: s, parameters: params) })]
    if family != .orthogonalGain {
      batches.append(Batch(source: .structured, label: "structured", count: structuredCount,
                           make: { family.structuredInstance($0, seed: s, parameters: params)?.instance }))
    }
    for scope in scopes {
      batches.append(Batch(source: .exhaustive, label: scope.name, count: scope.count, make: { scope.instance($0) }))
    }

    var result = TheoremResult(file: file, status: .vacuous, instances: 0, generated: 0, smallestMargin: nil,
                               counterexample: nil, witnesses: [], stepFailures: [], gains: [], witnessExample: nil,
                               closestExample: nil)
    result.evidence.searchBudget = searchBudget
    result.evidence.scopes = scopes.map { ScopeCoverage(name: $0.name, planned: $0.count, covered: 0) }
    result.evidence.budgetSeconds = budget
    var closest: (margin: Rational, evaluation: InstanceEvaluation, where: InstanceOrigin)?
    var firstFailure: (evaluation: InstanceEvaluation, where: InstanceOrigin)?
    var stepsFailed = Set<String>()
    var gainBins = Set<[Int]>()
    let premise: ClaimExpression?
    let expr: ClaimExpression
    switch file.kind {
    case .claim(let x):
      expr = x
      if case .implies(let a, _) = x { premise = a } else { premise = nil }
    case .witness(let x):
      expr = x
      premise = nil
    }
    var isWitness = false
    if case .witness = file.kind { isWitness = true }

    // Two chunks per worker keep the workers busy across a chunk's slow instances; capped so
    // memory stays bounded whatever --jobs says.
    let windowChunks = jobs > 1 ? 2 * min(jobs, 64) : 1
    batchLoop: for batch in batches {
      var completed = 0
      var start = 0
      windowLoop: while start < batch.count {
        if (clock.now - started) > .seconds(budget) {
          result.evidence.stoppedByBudget = true
          break batchLoop
        }
        let windowEnd = min(batch.count, start + windowChunks * chunkSize)
        let window = await evaluate(batch, start..<windowEnd, conventions: conventions, jobs: jobs)
        let windowStart = start
        var chunkStart = start
        while chunkStart < windowEnd {
          let end = min(windowEnd, chunkStart + chunkSize)
          for (i, e) in window[(chunkStart - windowStart)..<(end - windowStart)] {
            guard let e else { continue }
            result.evidence.add(batch.source)
            result.generated += 1
            let origin = InstanceOrigin(source: batch.source, label: batch.label, index: i)
            if e.instance.problem.samples.isEmpty == false && e.verification.attack.gammaAdvSquared == nil {
              result.evidence.vacuousMemberships += 1
            }
            for (stepText, stepExpr) in file.steps where !stepsFailed.contains(stepText) {
              if holds(stepExpr, e) == false {
                stepsFailed.insert(stepText)
                result.stepFailures.append((stepText, origin.description))
              }
            }
            guard let b = holds(expr, e) else { continue }
            result.instances += 1
            result.evidence.addCounted(batch.source)
            if let premise, case .boolean(true)? = premise.evaluate(e.values) { result.evidence.premiseHeld += 1 }
            record(&result, e, &gainBins)
            if isWitness {
              if b {
                if result.witnessExample == nil { result.witnessExample = e; result.witnessOrigin = origin }
                result.witnessCount += 1
                if result.witnesses.count < 10 { result.witnesses.append(origin.description) }
              }
            } else {
              if let m = expr.margin(e.values), closest == nil || m < closest!.margin { closest = (m, e, origin) }
              if !b && firstFailure == nil { firstFailure = (e, origin) }
            }
          }
          completed = end
          start = end
          chunkStart = end
          if firstFailure != nil { break windowLoop }
        }
      }
      if batch.source == .exhaustive, let k = result.evidence.scopes.firstIndex(where: { $0.name == batch.label }) {
        result.evidence.scopes[k].covered = completed
      }
      if firstFailure != nil {
        result.evidence.stoppedAtCounterexample = true
        break
      }
    }

    if isWitness {
      result.status = result.instances == 0 ? .vacuous : (result.witnesses.isEmpty ? .refuted : .holds)
      return result
    }
    result.smallestMargin = closest?.margin
    result.closestExample = closest?.evaluation
    if let f = firstFailure {
      result.status = .refuted
      result.counterexample = shrink(expr, f.evaluation, origin: f.where, bySearch: false, conventions: conventions)
    } else if let start = closest {
      if let found = search(expr, from: start.evaluation, budget: searchBudget, seed: s, conventions: conventions) {
        result.status = .refuted
        result.counterexample = shrink(expr, found, origin: nil, bySearch: true, conventions: conventions)
      } else {
        result.status = result.instances == 0 ? .vacuous : .holds
      }
    } else {
      result.status = result.instances == 0 ? .vacuous : .holds
    }
    return result
  }

  /// Evaluates `batch` on `range` with up to `jobs` workers; one entry per index, in index
  /// order (nil where the family makes no instance).
  static func evaluate(_ batch: Batch, _ range: Range<Int>, conventions: Needs, jobs: Int) async -> [(Int, InstanceEvaluation?)] {
    let make = batch.make
    return await Array(range).concurrentMap(jobs: jobs) { i in (i, make(i).map { evaluation($0, conventions) }) }
  }

  /// Keeps at most one `(γ_adv², γ_G²⁺)` point per cell of a 48 × 48 grid in log scale, so
  /// the report's scatter stays small whatever the number of instances.
  static func record(_ r: inout TheoremResult, _ e: InstanceEvaluation, _ bins: inout Set<[Int]>) {
    guard let a = e.verification.attack.gammaAdvSquared, let g = e.verification.global?.interval.upper else { return }
    r.gainPoints += 1
    let x = Double(g), y = Double(a)
    func bin(_ v: Double) -> Int { v > 0 ? Int((log2(v) * 4).rounded(.down)) : Int.min }
    if bins.insert([bin(x), bin(y)]).inserted { r.gains.append((a, g)) }
  }

  /// Hill-climbs the claim's margin from the closest instance: random small changes of
  /// one weight, bias, state coordinate or the radius are kept when the margin drops.
  /// Returns a failing instance, or nil within the budget.
  static func search(_ expr: ClaimExpression, from start: InstanceEvaluation, budget: Int, seed: UInt64,
                     conventions: Needs) -> InstanceEvaluation?
  {
    var rng = SplitMix64(seed: seed ^ 0x5EA2_C4)
    var current = start
    guard var margin = expr.margin(start.values) else { return nil }
    for _ in 0..<budget {
      var inst = current.instance
      mutate(&inst, &rng)
      let e = evaluation(inst, conventions)
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
