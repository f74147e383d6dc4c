import ArgumentParser
import Model
import Training

/// `--epochs N` of a training run (`train`, `demo`), declared and checked once: 1 ≤ N ≤
/// `TrainingLimits.maximumEpochs`, the task's default when absent.
struct EpochsOption: ParsableArguments {
  @Option(help: "Number of training epochs (default: the task's).")
  var epochs: Int?

  func check() throws {
    if let e = epochs, e < 1 || e > TrainingLimits.maximumEpochs {
      throw InputError(file: "command line", field: "--epochs",
                       message: "must be between 1 and \(TrainingLimits.maximumEpochs), found \(e)")
    }
  }
}
