import Formats
import LinearAlgebra
import Model
import Rational

/// How the global Jacobian bound `γ_G² = max_R λ_max(J_Rᵀ J_R)` is obtained.
public enum GlobalMode: String, Sendable, CaseIterable {
  /// Exact enumeration of the full-dimensional linear regions inside X.
  case exact
  /// A cheap sound upper bound (products of layer norm bounds), labelled as a bound.
  case bound
  /// Skipped.
  case off
}

/// A certified enclosure of `γ_G²`.
public struct GlobalBound: Sendable {
  /// `γ_G² ∈ [lower, upper]`.
  public var interval: RationalInterval
  /// Whether the interval encloses `γ_G²` itself (exact enumeration) rather than only
  /// bounding it from above.
  public var isExact: Bool
  /// The number of distinct regions enumerated (exact mode; 0 in bound mode).
  public var regionCount: Int
  /// Exact mode: what is kept of the regions to decide membership exactly (see
  /// `RegionGainSummary`); nil in bound mode.
  public var summary: RegionGainSummary?

  /// The largest exact LP tableau exact enumeration may need, in entries.
  public static let maximumTableauEntries = 8_000_000

  /// Why exact enumeration is refused for `policy`, or nil: the interior-point LP of a region
  /// in half-space form is a dense tableau of up to `(2d + 1 + neurons) × (d + 1)` rationals,
  /// which must stay below `maximumTableauEntries` (input dimension 20 000 would need 8·10⁸).
  public static func exactEnumerationProblem(for policy: Policy) -> String? {
    let d = policy.inputDimension
    let neurons = policy.layers.reduce(0) { $0 + $1.outputCount }
    let rows = 2 * d + 1 + neurons
    let (entries, overflow) = rows.multipliedReportingOverflow(by: d + 1)
    guard overflow || entries > maximumTableauEntries else { return nil }
    return "exact region enumeration in \(d) dimensions with \(neurons) neurons would need an exact LP of "
      + "about \(overflow ? "more than \(Int.max)" : String(entries)) entries (the limit is \(maximumTableauEntries)); "
      + "use --global bound or off"
  }

  /// Relative width of the reported interval.
  public static let intervalWidth = Rational(1, 10_000_000_000)

  /// Why exact enumeration stopped before finishing (a budget), nil when it finished or
  /// was not run. The interval is then `[max over the enumerated regions, the bound mode's
  /// upper end]`, sound but not exact.
  public var stopReason: RegionEnumeration.StopReason?

  /// Exact mode: enumerates the regions of `policy` in `[lower, upper]`, then bounds
  /// each `λ_max` coarsely and refines only the regions that can hold the maximum.
  public init(exactFor policy: Policy, lower: [Rational], upper: [Rational], progress: ((Int) -> Void)? = nil) {
    self.init(exactFor: policy, lower: lower, upper: upper, maxRegions: nil, shouldStop: nil, progress: progress)
  }

  /// Exact mode under a budget (`maxRegions`, `shouldStop`: see `enumerateLinearRegions`).
  /// When the enumeration is cut, the result is a sound enclosure of `γ_G²`: below, the
  /// largest certified lower end over the regions found (each is a genuine full-dimensional
  /// region, so its `λ_max` is at most `γ_G²`); above, the bound mode's `Π ||D_l||·||W_l||₂`.
  public init(exactFor policy: Policy, lower: [Rational], upper: [Rational], maxRegions: Int?,
              shouldStop: (() -> Bool)?, progress: ((Int) -> Void)? = nil) {
    let stream = policy.streamLinearRegions(lower: lower, upper: upper, maxRegions: maxRegions,
                                            shouldStop: shouldStop, progress: progress)
    self.init(policy: policy, stream: stream, jobs: 1)
  }

  /// Exact mode on up to `jobs` workers (regions and their gains in parallel; the result does
  /// not depend on `jobs`).
  public init(exactFor policy: Policy, lower: [Rational], upper: [Rational], maxRegions: Int?,
              shouldStop: (@Sendable () -> Bool)?, jobs: Int, progress: ((Int) -> Void)? = nil) {
    let stream = policy.streamLinearRegions(lower: lower, upper: upper, maxRegions: maxRegions, jobs: jobs,
                                            shouldStop: shouldStop, progress: progress)
    self.init(policy: policy, stream: stream, jobs: jobs)
  }

  /// Exact mode from a list of regions already enumerated (every distinct region once).
  public init(policy: Policy, enumeration: RegionEnumeration, jobs: Int = 1) {
    var summary = RegionGainSummary(for: policy)
    for r in enumeration.regions { summary.add(pattern: r.pattern, jacobian: r.jacobian) }
    self.init(policy: policy, stream: RegionStream(summary: summary, leaves: enumeration.leaves,
                                                   stopReason: enumeration.stopReason), jobs: jobs)
  }

  /// Exact mode from streamed regions (e.g. the summaries of several machines combined): each
  /// region's `λ_max` was bounded coarsely as it passed; only the candidates for the maximum are
  /// refined here (`RegionGainSummary`). A cut enumeration gives the sound enclosure described above.
  package init(policy: Policy, stream: RegionStream, jobs: Int = 1) {
    regionCount = stream.summary.regionCount
    summary = stream.summary
    let found = stream.summary.enclosure(jobs: jobs)
    if stream.isComplete {
      interval = found
      isExact = true
    } else {
      let above = GlobalBound(boundFor: policy, states: []).interval.upper
      interval = RationalInterval(lower: found.lower, upper: Rational.maximum(found.lower, above))
      isExact = false
      stopReason = stream.stopReason
    }
  }

  /// Bound mode: `||J(x)||₂ ≤ Π_l ||D_l||·||W_l||₂` for every x, with
  /// `||W||₂² ≤ min(||W||_F², ||W||₁·||W||_∞)` and `||D_l||` the largest activation slope.
  /// The lower end is `λ_max(JᵀJ)` at the data states that lie inside a region
  /// (no pre-activation on a kink), a valid lower bound for `γ_G²`.
  public init(boundFor policy: Policy, states: [[Rational]]) {
    var upper = Rational.one
    for layer in policy.layers {
      let w = Matrix(layer.weights)
      let frob = w.squaredFrobeniusNorm
      let rowSums = layer.weights.map { $0.reduce(Rational.zero) { $0 + $1.magnitude } }
      let colSums = (0..<layer.inputCount).map { j in layer.weights.reduce(Rational.zero) { $0 + $1[j].magnitude } }
      let prod = (rowSums.max() ?? 0) * (colSums.max() ?? 0)
      let slope: Rational
      switch layer.activation {
      case .leakyReLU(let s): slope = Rational.maximum(1, s.magnitude)
      default: slope = 1
      }
      upper *= Rational.minimum(frob, prod) * slope * slope
    }
    var lower = Rational.zero
    let net = Network<Rational>(rounding: policy)
    for s in states {
      let pass = net.forward(s)
      if net.touchesKink(pass) { continue }
      let g = Matrix(net.jacobian(at: pass)).spectralNormSquared(relativeWidth: Rational(1, 1000))
      lower = Rational.maximum(lower, g.lower)
    }
    interval = RationalInterval(lower: Rational.minimum(lower, upper), upper: upper)
    isExact = false
    regionCount = 0
    summary = nil
  }

  /// Whether `π ∈ F_γ`, i.e. `γ_G² ≤ γ²`: decided exactly in exact mode (every
  /// region's `γ²I − J_RᵀJ_R ⪰ 0`); in bound mode true when the bound proves it and
  /// nil (unknown) otherwise; after a cut enumeration false when a region found violates
  /// it, true when the bound proves it, nil otherwise.
  public func contains(gammaSquared g: Rational) -> Bool? {
    let someAbove = summary?.someRegionExceeds(g) ?? false
    if isExact { return !someAbove }
    // A cut enumeration: one region found above γ² decides; otherwise only the bound can.
    if someAbove { return false }
    return interval.upper <= g ? true : nil
  }
}
