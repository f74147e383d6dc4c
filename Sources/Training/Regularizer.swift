import Bounds
import Formats
import Foundation
import LinearAlgebra
import Model
import Rational

/// The regularizer added with weight λ to the robust training loss.
package enum Regularizer: String, CaseIterable, Sendable {
  /// No penalty: plain minimax (adversarial) training.
  case none
  /// The global penalty, here the **spectral-norm penalty** as practised (Miyato et al. 2018
  /// style, with σ by power iteration; not the Frobenius/random-projection penalty of
  /// Hoffman et al. 2019):
  ///
  ///     R_G(θ) = Σ_l max(0, σ_max(W_l) − γ^(1/L))²
  ///
  /// - Its target: every activation here has slopes in [−1, 1] except leaky ReLU with a slope
  ///   above 1, so `||J(x)||₂ ≤ Π_l σ_max(W_l)` for all x, and `R_G = 0` implies `π ∈ F_γ`.
  /// - Gradient: at a simple top singular value, `∂σ_max(W)/∂W = u vᵀ` with u, v the top
  ///   left/right singular vectors, so `∂R_G/∂W_l = 2 (σ_l − γ^(1/L))₊ u_l v_lᵀ`; biases get 0.
  /// - σ_l, u_l, v_l come from power iteration on `W_lᵀ W_l`, warm-started from the previous
  ///   epoch's v_l (a few iterations per epoch, as in practice).
  case global
  /// The paper's directional penalty along the unrolled ascent directions:
  ///
  ///     R_A(θ) = E_s Σ_{t<K, ∇g_s(δ_t) ≠ 0} (||J(s+δ_t) u_t||₂ − γ)₊²
  ///
  /// with `δ_t` and `u_t = ∇g_s(δ_t)/||∇g_s(δ_t)||₂` from the current policy's own PGA run,
  /// treated as constants (stop-gradient), and the activation pattern at `s+δ_t` held fixed.
  /// - Gradient: with `w = J u_t`, `n = ||w||₂`, `∂/∂w (n − γ)₊² = 2 (n − γ)₊ w / n`, pulled
  ///   back through `J u_t = D_L W_L ⋯ D_1 W_1 u_t` (`PolicyGradient`'s JVP pass); exact
  ///   wherever no pre-activation of `s+δ_t` sits on a kink.
  case aajr
  /// A global baseline that penalises the Jacobian itself rather than a product of layer
  /// norms: the random-projection estimate (Hoffman et al. 2019) of its Frobenius norm at the
  /// points the PGA run visits,
  ///
  ///     R_J(θ) = E_s Σ_{t<K} (√d ‖J(s+δ_t) v_{s,t}‖₂ − γ)₊²
  ///
  /// with `v_{s,t}` uniform on the unit sphere of R^d, drawn afresh for every step from a seeded
  /// stream, so `E[d ‖J v‖²] = ‖J‖_F² ≥ ‖J‖₂²`. The points, the hinge at γ and the gradient
  /// (`PolicyGradient`'s JVP pass) are those of `aajr`; only the direction differs (random
  /// instead of the ascent direction u_t), which makes the pair a direct ablation.
  case jacobian
}

/// A direction uniform on the unit sphere of R^d (normalised Box–Muller normals).
func randomUnitVector(_ d: Int, using rng: inout SplitMix64) -> [Double] {
  while true {
    var v: [Double] = []
    while v.count < d {
      let u1 = 1 - rng.unit(), u2 = rng.unit()
      let r = (-2 * log(u1)).squareRoot()
      v.append(r * cos(2 * Double.pi * u2))
      if v.count < d { v.append(r * sin(2 * Double.pi * u2)) }
    }
    let n = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
    if n > 1e-12 { return v.map { $0 / n } }
  }
}

/// Top singular triple `(σ, u, v)` of one weight matrix, `W v = σ u`.
package struct LayerSpectrum: Sendable {
  package var sigma: Double
  package var left: [Double]
  package var right: [Double]
}

extension FloatLayer {
  /// Power iteration on `WᵀW` from `start` (any non-zero vector), `iterations` times.
  package func spectrum(start: [Double], iterations: Int) -> LayerSpectrum {
    func normalised(_ x: [Double]) -> [Double]? {
      let n = x.reduce(0) { $0 + $1 * $1 }.squareRoot()
      return n > 0 && n.isFinite ? x.map { $0 / n } : nil
    }
    var v = normalised(start) ?? normalised([Double](repeating: 1, count: inputCount))!
    for _ in 0..<iterations {
      guard let next = normalised(transposeApplied(applied(v, scaledBy: unitScale))) else { break }
      v = next
    }
    let wv = applied(v, scaledBy: unitScale)
    let sigma = wv.reduce(0) { $0 + $1 * $1 }.squareRoot()
    let u = sigma > 0 ? wv.map { $0 / sigma } : [Double](repeating: 0, count: outputCount)
    return LayerSpectrum(sigma: sigma, left: u, right: v)
  }

  private var unitScale: [Double] { [Double](repeating: 1, count: outputCount) }
}

extension FloatPolicy {
  /// Every layer's top singular triple by power iteration warm-started from `starts`
  /// (the previous right vectors), updating `starts` to the new right vectors.
  package func spectra(warmStarts starts: inout [[Double]], iterations: Int) -> [LayerSpectrum] {
    let out = layers.indices.map { layers[$0].spectrum(start: starts[$0], iterations: iterations) }
    starts = out.map(\.right)
    return out
  }
}
