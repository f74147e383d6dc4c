import Formats
import LinearAlgebra
import Model
import Rational

/// What exact mode needs of the linear regions, kept while they stream past: how many distinct
/// regions there are and enough of their gains `λ_max(J_Rᵀ J_R)` to give exactly the enclosure of
/// `γ_G² = max_R λ_max(J_Rᵀ J_R)` that bounding every region would give, without keeping the regions.
///
/// The enclosure of a list of regions is defined as follows (the definition `GlobalBound` always
/// used): every region gets the coarse interval `g_R = spectralNormSquared(J_R, 1/1000)`; with
/// `B = max_R lower(g_R)`, a region whose coarse interval is not exact and has `upper(g_R) ≥ B` is
/// refined to `spectralNormSquared(J_R, GlobalBound.intervalWidth)`; then `γ_G² ∈ [max lower, max upper]`
/// over the final intervals.
///
/// Streaming: `B` only grows, so a region whose `upper(g_R) < B` at any moment is never refined;
/// its final interval is its coarse one and it enters only the running maxima `settledLower`,
/// `settledUpper` (so do exact coarse intervals). Only the other regions, the candidates, keep their
/// Jacobian (one per distinct Jacobian: equal Jacobians have equal intervals). The result is the
/// same multiset of final intervals, hence the same maxima, in any order of arrival and any way of
/// splitting the regions into parts that are later combined (`merge`).
///
/// Memory is the candidates (the regions within the coarse width of the maximum, usually a handful)
/// plus, only when two pieces of one activation share a slope (hardtanh, leaky ReLU with slope 1),
/// the set of patterns: then two leaves of the split tree can carry one pattern, and counting the
/// distinct ones needs them all. Otherwise every leaf is a distinct pattern (two leaves part at a
/// neuron where they took different pieces, hence different slopes) and the count is the leaves'.
public struct RegionGainSummary: Sendable {
  /// Distinct regions (activation patterns) added.
  public private(set) var regionCount = 0
  /// The distinct patterns, kept only when the policy's patterns can repeat (see above).
  public private(set) var patterns: Set<[Rational]>?
  /// `B`: the largest lower end of a coarse interval so far (nil before the first region).
  public private(set) var bestCoarseLower: Rational?
  /// The largest lower and upper ends of the final intervals of the regions settled so far.
  public private(set) var settledLower: Rational?
  public private(set) var settledUpper: Rational?
  /// The candidates in order of arrival: Jacobian and coarse interval (not exact, upper ≥ B).
  public private(set) var candidates: [(jacobian: [[Rational]], coarse: RationalInterval)] = []
  private var candidateKeys: Set<[[Rational]]> = []

  /// The relative width of the first, coarse interval of every region.
  public static let coarseWidth = Rational(1, 1000)

  /// An empty summary; `keepsPatterns` when distinct leaves may share a pattern.
  public init(keepsPatterns: Bool) {
    patterns = keepsPatterns ? [] : nil
  }

  /// An empty summary for the regions of `policy`.
  public init(for policy: Policy) {
    self.init(keepsPatterns: policy.patternsCanRepeat)
  }

  /// Adds a region met at a leaf of the split tree; returns false (and changes nothing) when its
  /// pattern was met before.
  @discardableResult
  public mutating func add(pattern: [Rational], jacobian: [[Rational]]) -> Bool {
    if patterns != nil {
      guard patterns!.insert(pattern).inserted else { return false }
    }
    regionCount += 1
    addGain(jacobian: jacobian, coarse: Matrix(jacobian).spectralNormSquared(relativeWidth: Self.coarseWidth))
    return true
  }

  /// Whether adding `pattern` would count a new region (always true when patterns cannot repeat).
  public func isNew(_ pattern: [Rational]) -> Bool {
    patterns.map { !$0.contains(pattern) } ?? true
  }

  /// Enters one coarse interval (of a region already counted).
  mutating func addGain(jacobian: [[Rational]], coarse g: RationalInterval) {
    if bestCoarseLower.map({ g.lower > $0 }) ?? true {
      bestCoarseLower = g.lower
      prune()
    }
    if g.isExact || g.upper < bestCoarseLower! {
      settle(g)
    } else if candidateKeys.insert(jacobian).inserted {
      candidates.append((jacobian, g))
    }
  }

  private mutating func settle(_ g: RationalInterval) {
    settledLower = settledLower.map { Rational.maximum($0, g.lower) } ?? g.lower
    settledUpper = settledUpper.map { Rational.maximum($0, g.upper) } ?? g.upper
  }

  /// Settles the candidates that fell below `B`.
  private mutating func prune() {
    guard let b = bestCoarseLower, candidates.contains(where: { $0.coarse.upper < b }) else { return }
    var kept: [(jacobian: [[Rational]], coarse: RationalInterval)] = []
    for c in candidates {
      if c.coarse.upper < b {
        settle(c.coarse)
        candidateKeys.remove(c.jacobian)
      } else {
        kept.append(c)
      }
    }
    candidates = kept
  }

  /// Adds the regions of `other` (from another part of the split tree). Combining the parts in any
  /// order gives the summary of all their regions.
  public mutating func merge(_ other: RegionGainSummary) {
    if var mine = patterns, let theirs = other.patterns {
      patterns = nil  // drop this reference so the set is changed in place
      mine.formUnion(theirs)
      regionCount = mine.count
      patterns = mine
    } else {
      regionCount += other.regionCount
    }
    if let b = other.bestCoarseLower, bestCoarseLower.map({ b > $0 }) ?? true {
      bestCoarseLower = b
      prune()
    }
    if let l = other.settledLower { settledLower = settledLower.map { Rational.maximum($0, l) } ?? l }
    if let u = other.settledUpper { settledUpper = settledUpper.map { Rational.maximum($0, u) } ?? u }
    for c in other.candidates { addGain(jacobian: c.jacobian, coarse: c.coarse) }
  }

  /// The enclosure `[max lower, max upper]` of the final intervals of the regions added (it holds
  /// their largest `λ_max`), refining the candidates on up to `jobs` workers; `[0, 0]` without regions.
  public func enclosure(jobs: Int) -> RationalInterval {
    let refined = candidates.map(\.jacobian).parallelMap(jobs: jobs) {
      Matrix($0).spectralNormSquared(relativeWidth: GlobalBound.intervalWidth)
    }
    var lower = settledLower, upper = settledUpper
    for g in refined {
      lower = lower.map { Rational.maximum($0, g.lower) } ?? g.lower
      upper = upper.map { Rational.maximum($0, g.upper) } ?? g.upper
    }
    return RationalInterval(lower: lower ?? 0, upper: upper ?? 0)
  }

  /// Whether some region added has `λ_max(J_Rᵀ J_R) > g`, decided exactly: the region holding `B`
  /// has `λ_max ≥ B`; every settled region has `λ_max ≤ B` (a pruned one `≤ upper(g_R) < B`, an
  /// exact one `= lower(g_R) ≤ B`); so when `B ≤ g` only the candidates can, and each is tested exactly.
  public func someRegionExceeds(_ g: Rational) -> Bool {
    if let b = bestCoarseLower, b > g { return true }
    return candidates.contains { !Matrix($0.jacobian).spectralNormSquaredIsAtMost(g) }
  }

  /// Whether some region added satisfies `reaches(J_R)`, where `reaches` must decide exactly
  /// `λ_max(J_Rᵀ J_R) ≥ t`: true at once when `B ≥ t` (the region holding `B`); otherwise every
  /// settled region has `λ_max ≤ B < t`, so only the candidates are asked.
  public func someRegionReaches(_ t: Rational, _ reaches: ([[Rational]]) -> Bool) -> Bool {
    if let b = bestCoarseLower, b >= t { return true }
    return candidates.contains { reaches($0.jacobian) }
  }

  /// The summary as it was written (`aajr-partial/1`), with no checks beyond the types.
  public init(regionCount: Int, patterns: Set<[Rational]>?, bestCoarseLower: Rational?, settledLower: Rational?,
       settledUpper: Rational?, candidates: [(jacobian: [[Rational]], coarse: RationalInterval)]) {
    self.regionCount = regionCount
    self.patterns = patterns
    self.bestCoarseLower = bestCoarseLower
    self.settledLower = settledLower
    self.settledUpper = settledUpper
    self.candidates = candidates
    candidateKeys = Set(candidates.map(\.jacobian))
  }
}

extension Policy {
  /// Whether two leaves of the split tree can carry one activation pattern: when some layer's
  /// activation has two pieces with the same slope (hardtanh's two flat pieces, leaky ReLU with
  /// slope 1). Otherwise leaves and patterns correspond one to one.
  public var patternsCanRepeat: Bool {
    layers.contains { layer in
      let act = layer.activation
      let slopes = (0...act.kinks.count).map { act.piece($0).0 }
      return Set(slopes).count < slopes.count
    }
  }
}
