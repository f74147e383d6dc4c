import Bounds
import Formats
import LinearAlgebra
import Model
import Rational

/// One shard of `aajr verify --global exact --shard i/n`: an `aajr-partial/1` file.
///
/// The split tree's frontier (`Policy.splitTreePieces`) depends only on the policy and the
/// box, so every shard computes the same numbered list of subtrees; shard `i` enumerates the
/// subtrees whose number `k` has `k mod n = i`. The file carries the inputs verbatim (the
/// policy and problem texts and the γ options), so `aajr merge` needs nothing else: it
/// checks that the parts agree and cover every shard once, combines the shards' region
/// summaries (`RegionGainSummary`: the count, the running maxima of the regions' gain intervals
/// and the Jacobians of the few candidates for the maximum, not the regions), refines the
/// candidates and reruns the (cheap) trajectories, giving the `aajr-verify/1` object of the
/// unsharded run byte for byte.
package struct VerifyPartial: Sendable {
  package var shard: Int
  package var shardCount: Int
  /// Subtrees in the whole frontier (the same in every shard).
  package var frontierCount: Int
  package var policyText: String
  package var problemText: String
  /// `--gamma` and `--gamma-sq` as exact text (canonical), nil when absent.
  package var gammaText: String?
  package var gammaSquaredText: String?
  /// This shard's subtrees, in frontier order, with their leaves.
  package var pieces: [(index: Int, leaves: Int)]
  /// The summary of the regions below this shard's subtrees.
  package var summary: RegionGainSummary

  package init(shard: Int, shardCount: Int, frontierCount: Int, policyText: String, problemText: String,
              gammaText: String?, gammaSquaredText: String?, pieces: [(index: Int, leaves: Int)],
              summary: RegionGainSummary) {
    self.shard = shard
    self.shardCount = shardCount
    self.frontierCount = frontierCount
    self.policyText = policyText
    self.problemText = problemText
    self.gammaText = gammaText
    self.gammaSquaredText = gammaSquaredText
    self.pieces = pieces
    self.summary = summary
  }

  /// The `aajr-partial/1` text (deterministic). Patterns (kept only when they can repeat) are
  /// each one string of comma-separated rationals, sorted.
  package var jsonText: String {
    let w = JSONWriter()
    func rational(_ r: Rational?) -> String { r.map { JSONWriter.quoted($0.description) } ?? "null" }
    w.object {
      w.partialHeader(command: "verify", shard: shard, shards: shardCount)
      w.member("inputs") {
        w.object {
          w.member("policy", string: policyText)
          w.member("problem", string: problemText)
          w.member("gamma", raw: gammaText.map { JSONWriter.quoted($0) } ?? "null")
          w.member("gamma_sq", raw: gammaSquaredText.map { JSONWriter.quoted($0) } ?? "null")
        }
      }
      w.member("frontier", raw: String(frontierCount))
      w.member("pieces") {
        w.array(pieces) { piece in
          w.object {
            w.member("index", raw: String(piece.index))
            w.member("leaves", raw: String(piece.leaves))
          }
        }
      }
      w.member("regions") {
        w.object {
          w.member("count", raw: String(summary.regionCount))
          if let patterns = summary.patterns {
            let texts = patterns.map { $0.map(\.description).joined(separator: ",") }.sorted()
            w.member("patterns") { w.array(texts) { w.element(raw: JSONWriter.quoted($0)) } }
          } else {
            w.member("patterns", raw: "null")
          }
          w.member("best_coarse_lower", raw: rational(summary.bestCoarseLower))
          w.member("settled_lower", raw: rational(summary.settledLower))
          w.member("settled_upper", raw: rational(summary.settledUpper))
          w.member("candidates") {
            w.array(summary.candidates) { c in
              w.object {
                w.member("jacobian") { w.array(c.jacobian) { w.rationalArray($0) } }
                w.member("coarse_lower", raw: rational(c.coarse.lower))
                w.member("coarse_upper", raw: rational(c.coarse.upper))
              }
            }
          }
        }
      }
    }
    return w.text + "\n"
  }

  /// Reads the verify-specific part of an `aajr-partial/1` file whose header (`format`,
  /// `command`, `shard`, `shards`) was already read.
  package init(reader f: FieldReader, shard: Int, shardCount: Int) throws {
    try f.requireKnownKeys(["format", "command", "shard", "shards", "inputs", "frontier", "pieces", "regions"])
    self.shard = shard
    self.shardCount = shardCount
    let inputs = try f.field("inputs")
    try inputs.requireKnownKeys(["policy", "problem", "gamma", "gamma_sq"])
    policyText = try inputs.field("policy").string()
    problemText = try inputs.field("problem").string()
    gammaText = try inputs.optionalField("gamma")?.string()
    gammaSquaredText = try inputs.optionalField("gamma_sq")?.string()
    frontierCount = try f.field("frontier").integer(atLeast: 1)
    pieces = try f.field("pieces").elements().map { p in
      try p.requireKnownKeys(["index", "leaves"])
      return (try p.field("index").integer(), try p.field("leaves").integer())
    }
    let r = try f.field("regions")
    try r.requireKnownKeys(["count", "patterns", "best_coarse_lower", "settled_lower", "settled_upper", "candidates"])
    let countField = try r.field("count")
    let count = try countField.integer()
    var patterns: Set<[Rational]>?
    if let list = try r.optionalField("patterns") {
      var set = Set<[Rational]>()
      for item in try list.elements() {
        let text = try item.string()
        let pattern: [Rational] = try text.isEmpty ? [] : text.split(separator: ",", omittingEmptySubsequences: false).map {
          guard let x = Rational(String($0)) else {
            throw item.fail("\(InputError.quote(String($0))) is not a rational number")
          }
          return x
        }
        guard set.insert(pattern).inserted else { throw item.fail("repeats a pattern") }
      }
      guard set.count == count else { throw countField.fail("is \(count) but patterns holds \(set.count)") }
      patterns = set
    }
    let candidates: [(jacobian: [[Rational]], coarse: RationalInterval)] = try r.field("candidates").elements().map { c in
      try c.requireKnownKeys(["jacobian", "coarse_lower", "coarse_upper"])
      let lower = try c.field("coarse_lower").rational(), upperField = try c.field("coarse_upper")
      let upper = try upperField.rational()
      guard lower <= upper else { throw upperField.fail("is below coarse_lower") }
      return (try c.field("jacobian").elements().map { try $0.rationals() }, RationalInterval(lower: lower, upper: upper))
    }
    summary = RegionGainSummary(
      regionCount: count, patterns: patterns, bestCoarseLower: try r.optionalField("best_coarse_lower")?.rational(),
      settledLower: try r.optionalField("settled_lower")?.rational(),
      settledUpper: try r.optionalField("settled_upper")?.rational(), candidates: candidates)
  }
}

extension PolicyVerification {
  /// The verification of `policy` on `problem` with exact global mode, from a region
  /// enumeration made elsewhere (e.g. assembled by `aajr merge`); everything else is computed
  /// here, on up to `jobs` workers.
  /// Risks and γ_conv² are computed as the unsharded `aajr verify` computes them by default
  /// (exact inner maximum; at most `PolicyVerification.defaultConventionLPs` cell LPs).
  package init(policy: Policy, problem: Problem, gamma: Rational?, gammaSquared: Rational?,
              regions: RegionStream, jobs: Int) {
    self.policy = policy
    self.problem = problem
    self.gamma = gamma
    self.gammaSquared = gammaSquared ?? gamma.map { $0 * $0 }
    self.globalMode = .exact
    self.budget = nil
    self.jobs = jobs
    attack = policy.attackAnalysis(on: problem, jobs: jobs)
    global = GlobalBound(policy: policy, stream: regions, jobs: jobs)
    stepSize = StepSizeAnalysis(loss: problem.loss, eta: problem.attack.stepSize,
                                gammaAdvSquared: attack.gammaAdvSquared,
                                trajectorySmoothness: attack.trajectorySmoothness)
    computeConventionsAndRisks(conventions: true, maxLPs: Self.defaultConventionLPs, riskMode: .exact)
  }
}
