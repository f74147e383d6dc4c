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
/// checks that the parts agree and cover every shard once, puts the subtrees' regions back
/// in frontier order (dropping repeated patterns, first kept), bounds each region's
/// `λ_max(J_Rᵀ J_R)` and reruns the (cheap) trajectories, giving the `aajr-verify/1` object
/// of the unsharded run byte for byte.
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
  /// This shard's subtrees, in frontier order.
  package var pieces: [SplitTreePiece]

  package init(shard: Int, shardCount: Int, frontierCount: Int, policyText: String, problemText: String,
              gammaText: String?, gammaSquaredText: String?, pieces: [SplitTreePiece]) {
    self.shard = shard
    self.shardCount = shardCount
    self.frontierCount = frontierCount
    self.policyText = policyText
    self.problemText = problemText
    self.gammaText = gammaText
    self.gammaSquaredText = gammaSquaredText
    self.pieces = pieces
  }

  /// The `aajr-partial/1` text (deterministic). A region's pattern is one string of
  /// comma-separated rationals (patterns are long and their entries few distinct values).
  package var jsonText: String {
    let w = JSONWriter()
    w.object {
      w.member("format", string: "aajr-partial/1")
      w.member("command", string: "verify")
      w.member("shard", raw: String(shard))
      w.member("shards", raw: String(shardCount))
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
            w.member("regions") {
              w.array(piece.regions) { r in
                w.object {
                  w.member("pattern", string: r.pattern.map(\.description).joined(separator: ","))
                  w.member("jacobian") { w.array(r.jacobian) { w.rationalArray($0) } }
                  w.member("witness") { w.rationalArray(r.witness) }
                }
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
    try f.requireKnownKeys(["format", "command", "shard", "shards", "inputs", "frontier", "pieces"])
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
      try p.requireKnownKeys(["index", "leaves", "regions"])
      let index = try p.field("index").integer()
      let regions = try p.field("regions").elements().map { r in
        try r.requireKnownKeys(["pattern", "jacobian", "witness"])
        let patternField = try r.field("pattern")
        let text = try patternField.string()
        let pattern: [Rational] = try text.isEmpty ? [] : text.split(separator: ",", omittingEmptySubsequences: false).map {
          guard let x = Rational(String($0)) else {
            throw patternField.fail("\(InputError.quote(String($0))) is not a rational number")
          }
          return x
        }
        return LinearRegion(pattern: pattern, jacobian: try r.field("jacobian").elements().map { try $0.rationals() },
                            witness: try r.field("witness").rationals())
      }
      return SplitTreePiece(index: index, regions: regions, leaves: try p.field("leaves").integer(), interrupted: false)
    }
  }
}

extension PolicyVerification {
  /// The verification of `policy` on `problem` with exact global mode, from a region
  /// enumeration made elsewhere (e.g. assembled by `aajr merge`); everything else is computed
  /// here, on up to `jobs` workers.
  /// Risks and γ_conv² are computed as the unsharded `aajr verify` computes them by default
  /// (exact inner maximum; at most `PolicyVerification.defaultConventionLPs` cell LPs).
  package init(policy: Policy, problem: Problem, gamma: Rational?, gammaSquared: Rational?,
              enumeration: RegionEnumeration, jobs: Int) {
    self.policy = policy
    self.problem = problem
    self.gamma = gamma
    self.gammaSquared = gammaSquared ?? gamma.map { $0 * $0 }
    self.globalMode = .exact
    self.budget = nil
    attack = policy.attackAnalysis(on: problem, jobs: jobs)
    global = GlobalBound(policy: policy, enumeration: enumeration, jobs: jobs)
    stepSize = StepSizeAnalysis(loss: problem.loss, eta: problem.attack.stepSize,
                                gammaAdvSquared: attack.gammaAdvSquared,
                                trajectorySmoothness: attack.trajectorySmoothness)
    computeConventions(maxLPs: Self.defaultConventionLPs)
    computeRisks(.exact)
  }
}
