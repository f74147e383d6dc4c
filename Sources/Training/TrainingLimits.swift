import Bounds
import Formats
import LinearAlgebra
import Model
import Rational
/// Bounds on the size of a training run, checked by the commands before any work.
public enum TrainingLimits {
  /// The most epochs `aajr train` and `aajr demo` accept.
  public static let maximumEpochs = 1_000_000
}
