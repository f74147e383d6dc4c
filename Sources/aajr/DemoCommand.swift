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

/// `aajr demo`: the whole pipeline on the default task, no arguments needed.
struct DemoCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "demo",
    abstract: "Train the default task with no, the global and the AAJR penalty, verify each checkpoint exactly, and write reports/demo.md."
  )

  @Option(help: "Where to write the report.")
  var out = "reports/demo.md"

  @OptionGroup var training: EpochsOption

  @Option(help: "The seed of all three runs.")
  var seed: UInt64 = 0

  /// Every check of the options (exit status 2 with one line).
  func validate() throws { try training.check() }

  func run() throws {
    let epochs = training.epochs
    let target = try OutputTarget(out, option: "--out", folderCreatable: true)
    let task = TrainingTask.defaultTask
    var runs: [DemoRun] = []
    var policies: [String: (Policy, Problem)] = [:]
    for reg in [Regularizer.none, .global, .aajr] {
      if standardErrorIsTerminal { FileHandle.standardError.write(Data("\r\u{1B}[Ktraining --reg \(reg.rawValue)…".utf8)) }
      let config = TrainingConfiguration(task: task, regularizer: reg, epochs: epochs, seed: seed)
      let run: TrainingRun
      do { run = try Trainer.train(config) } catch let e as TrainingError {
        printError(e.description)
        throw ExitCode(1)
      }
      let policy = run.exactPolicy, problem = run.instance.evaluation
      if standardErrorIsTerminal { FileHandle.standardError.write(Data("\r\u{1B}[Kverifying --reg \(reg.rawValue)…".utf8)) }
      let v = PolicyVerification(policy: policy, problem: problem, gamma: try Rational(parsing: config.gammaText),
                                 globalMode: .exact, riskMode: .exact)
      let settings = reg == .none ? "no penalty, \(config.epochs) epochs"
        : "penalty weight λ = \(config.lambda), γ = \(config.gammaText), \(config.epochs) epochs"
      runs.append(DemoRun(name: reg.rawValue, settings: settings, verification: v,
                          curve: run.log.map { ($0.epoch, $0.nominalLoss, $0.robustLoss, $0.penalty) }))
      policies[reg.rawValue] = (policy, problem)
    }
    if standardErrorIsTerminal { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    let (p, q) = policies["aajr"]!
    var command = "aajr demo"
    if let epochs { command += " --epochs \(epochs)" }
    if seed != 0 { command += " --seed \(seed)" }
    let report = DemoReport(task: task.name, taskSummary: task.summary, runs: runs,
                            crossCheck: CrossCheck(policy: p, problem: q), crossCheckedRun: "aajr", command: command)
    try makeFolders(folderOf(out), option: "--out")
    try emit(standardOutput: report.table + "\n" + report.finding + "\n" + "report: \(out)\n",
             files: [(report.markdown, target, "--out")])
  }
}
