import Formats
import LinearAlgebra
import Model
import Rational

/// The step-size certificate of SPEC section 2.
///
/// - `L_𝓛 = ||Q||₂ = max(λ_max(Q), −λ_min(Q))` as a certified interval;
///   `ℓ⁻ = max(0, −λ_min(Q))`, the one-sided constant that matters for ascent.
/// - `C = max(0, L_traj − L_𝓛⁺ γ_adv²)`: the smallest constant that makes
///   `β_t ≤ L_𝓛 γ_adv² + C` cover every step (second-order policy terms of a
///   piecewise-linear policy sit on kinks, so C is measured, never assumed 0).
/// - `L_eff = L_𝓛 γ_adv² + C`; `certified` is `η · L_eff⁺ ≤ 1`, decided exactly.
/// A null `γ_adv²` (every step stationary) counts as 0; an infinite `L_traj` leaves
/// `C` and `L_eff` undefined (nil) and the step size uncertified.
public struct StepSizeAnalysis: Sendable {
  public var eta: Rational
  public var lossSmoothness: RationalInterval
  public var ascentCurvature: RationalInterval
  public var trajectorySmoothness: Smoothness?
  public var C: Rational?
  public var effectiveSmoothness: RationalInterval?
  public var isCertified: Bool

  /// Relative width of the certified intervals for `L_𝓛`.
  public static let intervalWidth = Rational(1, 1_000_000_000_000)

  public init(loss: QuadraticLoss, eta: Rational, gammaAdvSquared: Rational?, trajectorySmoothness: Smoothness?) {
    self.eta = eta
    let (lmax, lmin): (RationalInterval, RationalInterval)
    if loss.isSquaredError {
      (lmax, lmin) = (RationalInterval(exactly: 1), RationalInterval(exactly: 1))
    } else {
      let q = Matrix(loss.Q)
      lmax = q.largestEigenvalue(relativeWidth: Self.intervalWidth)
      lmin = q.smallestEigenvalue(relativeWidth: Self.intervalWidth)
    }
    lossSmoothness = RationalInterval(lower: Rational.maximum(lmax.lower, -lmin.upper),
                                      upper: Rational.maximum(lmax.upper, -lmin.lower))
    ascentCurvature = RationalInterval(lower: Rational.maximum(0, -lmin.upper), upper: Rational.maximum(0, -lmin.lower))
    self.trajectorySmoothness = trajectorySmoothness
    let g = gammaAdvSquared ?? 0
    let traj: Rational?
    switch trajectorySmoothness {
    case .none: traj = 0
    case .finite(let b)?: traj = b
    case .infinite?: traj = nil
    }
    if let traj {
      let c = Rational.maximum(0, traj - lossSmoothness.upper * g)
      C = c
      let eff = RationalInterval(lower: lossSmoothness.lower * g + c, upper: lossSmoothness.upper * g + c)
      effectiveSmoothness = eff
      isCertified = eta * eff.upper <= 1
    } else {
      C = nil
      effectiveSmoothness = nil
      isCertified = false
    }
  }
}
