import Bounds
import Formats
import Model
import Rational
import Verification

extension PGAModel {
  /// `π(x)` and `∇_x 𝓛(π(x)) = J(x)ᵀ (Q(π(x) − y) + b)` in F, with the kink conventions of
  /// SPEC section 2, computed by the model's one engine exactly as a PGA step computes them at `x`:
  /// exposed for comparisons with other float implementations (onnxruntime, PyTorch autograd).
  package func outputAndGradient(at x: [F], target y: [F]) -> (output: [F], gradient: [F]) {
    let pass = network.forward(x)
    return (pass.output, network.vjp(problem.loss.gradient(at: pass.output, target: y), at: pass))
  }
}
