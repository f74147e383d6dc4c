import Bounds
import Formats
import LinearAlgebra
import Model
import Rational
/// Bounds on the size of a training run, checked by the commands before any work.
package enum TrainingLimits {
  /// The most epochs `aajr train` and `aajr demo` accept.
  package static let maximumEpochs = 1_000_000
}
