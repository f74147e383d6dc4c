import Bounds
import Formats
import LinearAlgebra
import Model
import Rational

/// Adam (Kingma & Ba 2015) on a flat parameter vector, with bias correction:
///
///     m ← β1 m + (1−β1) g,   v ← β2 v + (1−β2) g²,
///     θ ← θ − α · (m / (1−β1^t)) / (√(v / (1−β2^t)) + ε)
///
/// Defaults are PyTorch's: `β1 = 0.9`, `β2 = 0.999`, `ε = 1e-8`.
package struct Adam: Sendable {
  package var learningRate: Double
  package var beta1: Double
  package var beta2: Double
  package var epsilon: Double
  package private(set) var step = 0
  private var m: [Double]
  private var v: [Double]
  private var power1 = 1.0, power2 = 1.0

  package static let defaultBeta1 = 0.9
  package static let defaultBeta2 = 0.999
  package static let defaultEpsilon = 1e-8

  package init(parameterCount n: Int, learningRate: Double,
              beta1: Double = Adam.defaultBeta1, beta2: Double = Adam.defaultBeta2,
              epsilon: Double = Adam.defaultEpsilon) {
    self.learningRate = learningRate
    self.beta1 = beta1
    self.beta2 = beta2
    self.epsilon = epsilon
    m = [Double](repeating: 0, count: n)
    v = [Double](repeating: 0, count: n)
  }

  /// One descent step on `theta` with gradient `g`.
  package mutating func update(_ theta: inout [Double], gradient g: [Double]) {
    precondition(theta.count == g.count && g.count == m.count, "parameter count")
    step += 1
    power1 *= beta1
    power2 *= beta2
    let corr1 = 1 - power1, corr2 = 1 - power2
    for k in theta.indices {
      m[k] = beta1 * m[k] + (1 - beta1) * g[k]
      v[k] = beta2 * v[k] + (1 - beta2) * g[k] * g[k]
      theta[k] -= learningRate * (m[k] / corr1) / ((v[k] / corr2).squareRoot() + epsilon)
    }
  }
}
