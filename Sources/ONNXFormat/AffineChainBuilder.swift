import Formats
import LinearAlgebra
import Model
import Rational

/// Accumulates a chain `σ_L(W_L … σ_1(W_1 x + b_1) …) + b_L` one graph node at a time.
///
/// The pending affine map `x ↦ W x + b` (on the output of the last activation) absorbs
/// affine nodes (`Gemm`, `MatMul`, `Add`, `Sub`, `Mul`, `Div`, `BatchNormalization`) by
/// exact composition; an activation closes it into a `Layer`. Two matrix products in a
/// row are kept as two layers (the first with the identity activation) rather than
/// multiplied out, so an exported policy comes back with the same layers.
struct AffineChainBuilder {
  private(set) var layers: [Layer] = []
  /// The width of the current tensor.
  private(set) var width: Int
  /// The pending map; nil means the identity on `width` coordinates.
  private var weights: [[Rational]]?
  private var bias: [Rational]
  private var hasMatrix = false
  /// The nodes folded into the pending map, for the import notes.
  private(set) var pendingNodes: [String] = []
  /// One description per finished layer: the nodes it came from.
  private(set) var layerNodes: [[String]] = []

  init(inputWidth: Int) {
    width = inputWidth
    bias = Array(repeating: 0, count: inputWidth)
  }

  /// Whether the pending map already holds a matrix product (a second one starts a new layer).
  var pendingHasMatrix: Bool { hasMatrix }

  /// Applies `y = M x + c` after the pending map (M is k × width).
  mutating func applyMatrix(_ m: [[Rational]], offset c: [Rational], node: String) {
    if hasMatrix { close(activation: .identity, node: nil) }
    if let w = weights {
      weights = m.map { row in
        (0..<w[0].count).map { j in
          var s = Rational.zero
          for (i, x) in row.enumerated() where !x.isZero && !w[i][j].isZero { s += x * w[i][j] }
          return s
        }
      }
    } else {
      weights = m
    }
    bias = zip(m.map { dot($0, bias) }, c).map { $0 + $1 }
    width = m.count
    hasMatrix = true
    pendingNodes.append(node)
  }

  /// Applies `y = diag(s) x + c` after the pending map.
  mutating func applyDiagonal(scale s: [Rational], offset c: [Rational], node: String) {
    precondition(s.count == width && c.count == width)
    let w = weights ?? (0..<width).map { i in (0..<width).map { $0 == i ? Rational(1) : 0 } }
    weights = w.indices.map { i in w[i].map { s[i] * $0 } }
    bias = bias.indices.map { s[$0] * bias[$0] + c[$0] }
    pendingNodes.append(node)
  }

  /// Applies `y = x + c` after the pending map.
  mutating func applyOffset(_ c: [Rational], node: String) {
    precondition(c.count == width)
    bias = zip(bias, c).map { $0 + $1 }
    pendingNodes.append(node)
  }

  /// Closes the pending map with activation `act` into a layer.
  mutating func close(activation act: Activation, node: String?) {
    let w = weights ?? (0..<width).map { i in (0..<width).map { $0 == i ? Rational(1) : 0 } }
    layers.append(Layer(weights: w, bias: bias, activation: act))
    layerNodes.append(pendingNodes + (node.map { [$0] } ?? []))
    weights = nil
    bias = Array(repeating: 0, count: width)
    hasMatrix = false
    pendingNodes = []
  }

  /// The finished layers: a pending non-identity map (or an empty chain) becomes a last
  /// layer with the identity activation.
  mutating func finish() -> [Layer] {
    let pendingIsIdentity = weights == nil && bias.allSatisfy(\.isZero)
    if !pendingIsIdentity || layers.isEmpty { close(activation: .identity, node: nil) }
    return layers
  }
}
