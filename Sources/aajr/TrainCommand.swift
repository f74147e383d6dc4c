import ArgumentParser
import Bounds
import ClaimLanguage
import CrossCheck
import Experiments
import Formats
import Foundation
import LinearAlgebra
import Model
import ONNXFormat
import Rational
import Reports
import Theorems
import Training
import Verification

extension Regularizer: ExpressibleByArgument {}

/// `aajr train`: a floating-point minimax training run whose checkpoint is written exactly.
struct TrainCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "train",
    abstract: "Train a ReLU policy in Double by minimax (PGA) training with no, the global or the AAJR penalty.",
    discussion: """
      Writes DIR/policy.json (aajr-policy/1, the exact values of the trained doubles), \
      DIR/problem.json (the task's held-out evaluation problem, aajr-problem/1) and \
      DIR/log.json (per epoch: nominal loss, robust loss, penalty). The global penalty is the \
      spectral-norm penalty Σ_l max(0, σ_max(W_l) − γ^(1/L))² (σ by power iteration); the jacobian \
      penalty is E_s Σ_t (√d ||J(s+δ_t) v||₂ − γ)₊² along random unit directions v (a random-projection \
      estimate of ||J||_F at the PGA points); the AAJR \
      penalty is E_s Σ_t (||J(s+δ_t) u_t||₂ − γ)₊² along the PGA ascent directions. Outer \
      optimiser: Adam (β1 0.9, β2 0.999, ε 1e-8). Deterministic for a seed. Exit status 2 on bad arguments.
      """
  )

  @Option(help: "The built-in task (see --list-tasks).")
  var task: String?

  @Option(help: "The regularizer: none, global, jacobian or aajr.")
  var reg: Regularizer?

  @Option(parsing: .unconditional, help: "γ of the penalty, an exact rational (default: the task's).")
  var gamma: Rational?

  @Option(parsing: .unconditional, help: "λ, the penalty weight (default: the task's).")
  var lambda: Rational?

  @Option(name: .customLong("lambda-growth"), parsing: .unconditional,
          help: "Constrained mode: multiply λ by this factor (> 1) after every epoch whose mean penalty is positive.")
  var lambdaGrowth: Rational?

  @OptionGroup var training: EpochsOption

  @Option(help: "The seed of data, initial weights and shuffling.")
  var seed: UInt64 = 0

  @Option(help: "The output directory (created if missing).")
  var out: String?

  @Flag(help: "List the built-in tasks and exit.")
  var listTasks = false

  /// Every check of the options, before any file is touched (exit status 2 with one line).
  func validate() throws {
    if listTasks { return }
    func bad(_ field: String, _ message: String) -> InputError {
      InputError(file: "command line", field: field, message: message)
    }
    guard reg != nil else { throw bad("--reg", "missing (none, global, jacobian or aajr)") }
    guard let out else { throw bad("--out", "missing (the output directory)") }
    guard !out.isEmpty else { throw bad("--out", "the path is empty") }
    if let task, TrainingTask.named(task) == nil {
      throw bad("--task", "unknown task \"\(task)\" (known: \(TrainingTask.all.map(\.name).joined(separator: ", ")))")
    }
    if let g = gamma, g.signum < 0 { throw bad("--gamma", "γ must be non-negative, found \(g)") }
    if let l = lambda, l.signum < 0 { throw bad("--lambda", "λ must be non-negative, found \(l)") }
    if let l = lambda, !l.doubleNearest().isFinite { throw bad("--lambda", "λ is too large for a double") }
    try training.check()
    if let g = lambdaGrowth, !(g > 1) || !g.doubleNearest().isFinite {
      throw bad("--lambda-growth", "must be a finite factor greater than 1, found \(g)")
    }
  }

  func run() throws {
    if listTasks {
      var listing = ""
      for t in TrainingTask.all {
        let mark = t.name == TrainingTask.defaultTask.name ? " (default)" : ""
        listing += "\(t.name)\(mark): \(t.summary); defaults γ = \(t.defaultGamma), λ = \(t.defaultLambda), \(t.defaultEpochs) epochs\n"
      }
      try writeStandardOutput(listing)
      return
    }
    // validate() has checked every option.
    guard let reg, let out else { return }
    let chosen = task.flatMap(TrainingTask.named) ?? .defaultTask
    let (gammaValue, lambdaValue, epochs) = (gamma, lambda, training.epochs)
    var isDirectory: ObjCBool = false
    if FileManager.default.fileExists(atPath: out, isDirectory: &isDirectory), !isDirectory.boolValue {
      throw InputError(file: out, field: "--out", message: "exists and is not a directory")
    }
    if let problem = folderProblem(out, creatable: true) { throw InputError(file: out, field: "--out", message: problem) }
    let outputNames = ["policy.json", "problem.json", "log.json"]
    let dirPath = out.hasSuffix("/") ? out : out + "/"
    let targets = try outputNames.map { try OutputTarget(dirPath + $0, option: "--out", folderCreatable: true) }

    let growth = lambdaGrowth
    var config = TrainingConfiguration(task: chosen, regularizer: reg, gamma: gammaValue,
                                       lambda: lambdaValue?.doubleNearest(), epochs: epochs, seed: seed)
    config.lambdaGrowth = growth?.doubleNearest()
    let total = config.epochs
    let showProgress = standardErrorIsTerminal
    let run: TrainingRun
    do {
      run = try Trainer.train(config, progress: showProgress ? { e in
        FileHandle.standardError.write(Data("\r\u{1B}[Ktrain \(chosen.name) --reg \(reg.rawValue): epoch \(e)/\(total)".utf8))
      } : nil)
    } catch let e as TrainingError {
      if showProgress { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
      printError(e.description)
      throw ExitCode(1)
    }
    if showProgress { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }

    try makeFolders(out, option: "--out")
    let texts = [run.exactPolicy.jsonText, run.instance.evaluation.jsonText, run.logJSONText]
    let e = run.finalEvaluation
    try emit(standardOutput: """
      trained \(chosen.name) --reg \(reg.rawValue) (γ = \(config.gammaText), λ = \(config.lambda), \
      \(config.epochs) epochs, seed \(seed)) -> \(out)/policy.json
      held-out (float PGA): nominal loss \(e.nominal), robust loss \(e.robust), penalty \(e.penalty)
      """
      + "\n", files: zip(texts, targets).map { ($0, $1, "--out") })
  }
}
