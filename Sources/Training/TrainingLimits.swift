/// Bounds on the size of a training run, checked by the commands before any work.
public enum TrainingLimits {
  /// The most epochs `aajr train` and `aajr demo` accept.
  public static let maximumEpochs = 1_000_000
}
