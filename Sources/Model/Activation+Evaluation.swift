/// The activations' values and derivatives in any ordered field, written once: the exact
/// engine (`F = Rational`), the float cross-check and training (`F = Double`) all call these.
///
/// Derivative conventions at kinks (PyTorch's autograd, SPEC section 2):
/// - `relu'(0) = 0`, `leaky_relu'(0) = slope`, `hardtanh'(±1) = 0`, `abs'(0) = 0`;
/// - relu and leaky_relu take the left slope at 0, hardtanh the left slope at −1 and the
///   right slope at +1, and abs'(0) = 0 is neither side's: no one-sided rule covers them all,
///   so at a kink the convention Jacobian need not be the Jacobian of any neighbouring region.
extension Activation {
  /// `σ(z)`; `slope` is the leaky_relu slope in F (ignored by the others).
  @inlinable
  public func value<F: PGAScalar>(_ z: F, slope: F) -> F { kind.value(z, slope: slope) }

  /// `σ'(z)` under the kink conventions; `slope` as in `value`.
  @inlinable
  public func derivative<F: PGAScalar>(_ z: F, slope: F) -> F { kind.derivative(z, slope: slope) }

  /// The branch of the derivative at `z` (see `ActivationKind.derivativeBranch`).
  @inlinable
  public func derivativeBranch<F: PGAScalar>(at z: F) -> Int { kind.derivativeBranch(at: z) }

  /// The activation without its slope: what hot loops switch on (no payload to copy).
  @inlinable
  public var kind: ActivationKind {
    switch self {
    case .identity: return .identity
    case .relu: return .relu
    case .leakyReLU: return .leakyReLU
    case .hardtanh: return .hardtanh
    case .abs: return .abs
    }
  }

  /// The leaky_relu slope in F (0 for the other activations).
  @inlinable
  public func slope<F: PGAScalar>(in _: F.Type) -> F {
    if case .leakyReLU(let s) = self { return F.nearest(s) }
    return 0
  }
}

/// An activation's kind, the one place its values and kink derivatives are defined.
public enum ActivationKind: Hashable, Sendable {
  case identity, relu, leakyReLU, hardtanh, abs

  /// `σ(z)`; `slope` is the leaky_relu slope in F (ignored by the others).
  @inlinable
  public func value<F: PGAScalar>(_ z: F, slope: F) -> F {
    switch self {
    case .identity: return z
    case .relu: return z > 0 ? z : 0
    case .leakyReLU: return z >= 0 ? z : slope * z
    case .abs: return z < 0 ? -z : z
    case .hardtanh: return z < -1 ? -1 : (z > 1 ? 1 : z)
    }
  }

  /// `σ'(z)` under the kink conventions; `slope` as in `value`.
  @inlinable
  public func derivative<F: PGAScalar>(_ z: F, slope: F) -> F {
    switch self {
    case .identity: return 1
    case .relu: return z > 0 ? 1 : 0
    case .leakyReLU: return z > 0 ? 1 : slope
    case .abs: return z > 0 ? 1 : (z < 0 ? -1 : 0)
    case .hardtanh: return (z > -1 && z < 1) ? 1 : 0
    }
  }

  /// The branch of the derivative at `z` under the kink conventions: two points have the
  /// same activation pattern iff every neuron has the same branch.
  ///
  /// - identity: 0; relu, leaky_relu: 1 when z > 0, else 0;
  /// - abs: 0 (z < 0, σ' = −1), 1 (z = 0, σ' = 0), 2 (z > 0, σ' = 1);
  /// - hardtanh: 1 inside (−1, 1), else 0.
  @inlinable
  public func derivativeBranch<F: PGAScalar>(at z: F) -> Int {
    switch self {
    case .identity: return 0
    case .relu, .leakyReLU: return z > 0 ? 1 : 0
    case .abs: return z > 0 ? 2 : (z < 0 ? 0 : 1)
    case .hardtanh: return (z > -1 && z < 1) ? 1 : 0
    }
  }

}
