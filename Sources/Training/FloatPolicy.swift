import Bounds
import Formats
import LinearAlgebra
import Model
import Rational

/// The floating-point policy that training updates: the model's generic `Network` in
/// `Double` (one forward pass, JVP and VJP for every number type, in `Model`).
///
/// - Derivatives at kinks follow PyTorch's autograd, as the exact side does:
///   `relu'(0) = 0`, `leaky_relu'(0) = slope`, `hardtanh'(±1) = 0`, `abs'(0) = 0`.
/// - `exactPolicy()` converts every double to the rational it *is* (no rounding), so the
///   exact verifier checks the very network that was trained.
package typealias FloatPolicy = Network<Double>
/// One layer `z ↦ σ(W z + b)` in `Double`.
package typealias FloatLayer = NetworkLayer<Double>
/// A policy's evaluation at one point in `Double`.
package typealias FloatPass = Evaluation<Double>

extension Network where F == Double {
  /// The exact policy whose numbers are the exact values of these doubles.
  /// Precondition: every weight and bias is finite.
  package func exactPolicy() -> Policy {
    func exact(_ x: Double) -> Rational {
      guard let r = try? Rational(exactly: x) else { preconditionFailure("non-finite parameter \(x)") }
      return r
    }
    return Policy(inputDimension: inputDimension, layers: layers.map { l in
      Layer(weights: l.weights.map { $0.map(exact) }, bias: l.bias.map(exact), activation: l.activation)
    })
  }

  /// Whether every parameter is finite.
  package var isFinite: Bool {
    layers.allSatisfy { l in l.weights.allSatisfy { $0.allSatisfy(\.isFinite) } && l.bias.allSatisfy(\.isFinite) }
  }

  /// A network with PyTorch's default `nn.Linear` initialisation: every weight and bias
  /// uniform in `[−1/√fan_in, 1/√fan_in)`, drawn layer by layer, row by row, weights
  /// before biases, from `rng`.
  package static func random(
    inputDimension d: Int, hidden: [Int], outputDimension m: Int,
    hiddenActivation: Activation = .relu, outputActivation: Activation = .identity,
    using rng: inout SplitMix64
  ) -> FloatPolicy {
    var layers: [FloatLayer] = []
    var fanIn = d
    for (k, width) in (hidden + [m]).enumerated() {
      let bound = 1 / Double(fanIn).squareRoot()
      let w = (0..<width).map { _ in (0..<fanIn).map { _ in rng.uniform(-bound, bound) } }
      let b = (0..<width).map { _ in rng.uniform(-bound, bound) }
      layers.append(FloatLayer(weights: w, bias: b, activation: k == hidden.count ? outputActivation : hiddenActivation))
      fanIn = width
    }
    return FloatPolicy(inputDimension: d, layers: layers)
  }
}
