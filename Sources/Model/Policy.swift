import LinearAlgebra
import Rational

/// One layer `z ↦ σ(W z + b)`; `weights[i][j]` maps input j to output i.
public struct Layer: Hashable, Sendable {
  public var weights: [[Rational]]
  public var bias: [Rational]
  public var activation: Activation

  public init(weights: [[Rational]], bias: [Rational], activation: Activation) {
    precondition(weights.count == bias.count, "one bias per output")
    self.weights = weights
    self.bias = bias
    self.activation = activation
  }

  public var inputCount: Int { weights.first?.count ?? 0 }
  public var outputCount: Int { bias.count }

  /// `W x` (no bias).
  @inlinable public func linear(_ x: [Rational]) -> [Rational] {
    weights.map { row in dot(row, x) }
  }

  /// `Wᵀ y`.
  public func linearTransposed(_ y: [Rational]) -> [Rational] {
    var out = [Rational](repeating: 0, count: inputCount)
    for (i, row) in weights.enumerated() where !y[i].isZero {
      for j in 0..<out.count where !row[j].isZero { out[j] += row[j] * y[i] }
    }
    return out
  }
}

/// A piecewise-linear policy `π : Q^d → Q^m`, a chain of layers.
public struct Policy: Hashable, Sendable {
  public var inputDimension: Int
  public var layers: [Layer]

  public init(inputDimension: Int, layers: [Layer]) {
    self.inputDimension = inputDimension
    self.layers = layers
  }

  public var outputDimension: Int { layers.last?.outputCount ?? inputDimension }

  /// Number of neurons with a kink (the ones that can split regions).
  public var kinkedNeuronCount: Int {
    layers.reduce(0) { $0 + ($1.activation.kinks.isEmpty ? 0 : $1.outputCount) }
  }
}
