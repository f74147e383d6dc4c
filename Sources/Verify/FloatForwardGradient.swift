import Bounds
import Rational

extension PGAModel {
  /// `π(x)` and `∇_x 𝓛(π(x)) = J(x)ᵀ (Q(π(x) − y) + b)` in F, with the kink conventions of
  /// SPEC section 2 and the same operation order as `run(sample:)` (left-to-right dot
  /// products, backpropagation layer by layer): what one PGA step computes at `x`, exposed
  /// for comparisons with other float implementations (onnxruntime, PyTorch autograd).
  public func outputAndGradient(at x: [F], target y: [F]) -> (output: [F], gradient: [F]) {
    var a = x
    var ders: [[F]] = []
    for layer in layers {
      let z = layer.weights.indices.map { i in layer.bias[i] + Self.dot(layer.weights[i], a) }
      ders.append(z.map { layer.derivative($0) })
      a = z.map { layer.apply($0) }
    }
    let r = zip(a, y).map { $0 - $1 }
    var g = zip(Q.map { Self.dot($0, r) }, lossB).map { $0 + $1 }
    for l in layers.indices.reversed() {
      let layer = layers[l]
      for i in g.indices { g[i] *= ders[l][i] }
      var back = [F](repeating: 0, count: layer.weights.first?.count ?? 0)
      for i in layer.weights.indices {
        for j in back.indices { back[j] += layer.weights[i][j] * g[i] }
      }
      g = back
    }
    return (a, g)
  }
}
