import LinearAlgebra
import Rational

/// A scalar activation applied after each affine layer. All are piecewise linear with
/// finitely many kinks; between consecutive kinks ("pieces", numbered from 0 below
/// the first kink) each is affine: `σ(z) = slope·z + offset`.
///
/// Derivatives at kinks follow PyTorch's autograd so float runs agree:
/// `relu'(0) = 0`, `leaky_relu'(0) = slope`, `hardtanh'(±1) = 0`, `abs'(0) = 0`.
public enum Activation: Hashable, Sendable {
  case identity
  case relu
  case leakyReLU(slope: Rational)
  /// Clamp to [−1, 1].
  case hardtanh
  case abs

  /// The name used in policy files.
  public var name: String {
    switch self {
    case .identity: return "identity"
    case .relu: return "relu"
    case .leakyReLU: return "leaky_relu"
    case .hardtanh: return "hardtanh"
    case .abs: return "abs"
    }
  }

  /// Every name `init(name:slope:)` accepts, for messages.
  public static let names = ["identity", "relu", "leaky_relu", "hardtanh", "abs"]

  /// The activation called `name` in policy files and on the command line (`linear` is
  /// `identity`); `slope` is asked for only by `leaky_relu`. Nil for an unknown name.
  public init?(name: String, slope: () throws -> Rational) rethrows {
    switch name {
    case "identity", "linear": self = .identity
    case "relu": self = .relu
    case "leaky_relu": self = .leakyReLU(slope: try slope())
    case "hardtanh": self = .hardtanh
    case "abs": self = .abs
    default: return nil
    }
  }

  /// The kinks, increasing.
  public var kinks: [Rational] {
    switch self {
    case .identity: return []
    case .relu, .leakyReLU, .abs: return [0]
    case .hardtanh: return [-1, 1]
    }
  }

  /// Number of pieces (`kinks.count + 1`).
  public var pieceCount: Int { kinks.count + 1 }

  /// `(slope, offset)` of piece `k`.
  public func piece(_ k: Int) -> (slope: Rational, offset: Rational) {
    switch self {
    case .identity: return (1, 0)
    case .relu: return k == 0 ? (0, 0) : (1, 0)
    case .leakyReLU(let s): return k == 0 ? (s, 0) : (1, 0)
    case .abs: return k == 0 ? (-1, 0) : (1, 0)
    case .hardtanh: return k == 0 ? (0, -1) : (k == 1 ? (1, 0) : (0, 1))
    }
  }

  /// The piece containing `z`, or nil when `z` is exactly a kink.
  public func pieceIndex(of z: Rational) -> Int? {
    var k = 0
    for kink in kinks {
      if z == kink { return nil }
      if z < kink { return k }
      k += 1
    }
    return k
  }

  /// `σ(z)` (exact; `value(_:slope:)` is the one definition).
  public func callAsFunction(_ z: Rational) -> Rational { value(z, slope: slope(in: Rational.self)) }

  /// `σ'(z)` with the kink conventions above (exact; `derivative(_:slope:)` is the one definition).
  public func derivative(at z: Rational) -> Rational { derivative(z, slope: slope(in: Rational.self)) }
}
