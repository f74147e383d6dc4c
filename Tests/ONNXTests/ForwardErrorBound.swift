import Bounds
import CrossCheck
import Formats
import Foundation
import LinearAlgebra
import Model
import ONNXFormat
import Rational
import Verification

/// A rounding-error bound for a float forward pass of a policy, for comparing a float
/// run (onnxruntime's, aajr's) with the exact forward pass.
///
/// Standard analysis of `ẑ = fl(W â + b)` in any summation order with unit roundoff u:
/// `|ẑ − z| ≤ |W| |â − a| + γ_{n+1} (|W| |a| + |b|) + O(u²)`, `γ_k = k u / (1 − k u)`;
/// every activation used here is 1-Lipschitz (leaky slopes ≤ 1), so `|â − a| ≤ |ẑ − z|`
/// passes through. `slack` covers operations the model performs outside the
/// matrix product (a Sub, Div or Mul before the product, a BatchNormalization) and the
/// O(u²) terms. Computed in `Double` rounded up generously (this is a test bound).
enum ForwardErrorBound {
  static func bound(policy: Policy, at x: [Rational], unitRoundoff u: Double, slack: Double = 4) -> [Double] {
    let pass = policy.forward(x)
    var a = x.map { Swift.abs($0.doubleNearest()) }
    var e = [Double](repeating: 0, count: x.count)
    for (l, layer) in policy.layers.enumerated() {
      let n = Double(layer.inputCount + 1)
      let gamma = n * u / (1 - n * u)
      var next = [Double](repeating: 0, count: layer.outputCount)
      for i in 0..<layer.outputCount {
        var prop = 0.0, mag = Swift.abs(layer.bias[i].doubleNearest())
        for j in 0..<layer.inputCount {
          let w = Swift.abs(layer.weights[i][j].doubleNearest())
          prop += w * e[j]
          mag += w * a[j]
        }
        next[i] = (prop + slack * gamma * mag) * (1 + 1e-6)
      }
      e = next
      a = pass.preactivations[l].map { Swift.abs(layer.activation($0).doubleNearest()) }
    }
    return e
  }
}
