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

extension ONNXExport.Precision: ExpressibleByArgument {}

/// `aajr export`: an `aajr-policy/1` file as an ONNX model that onnxruntime runs.
struct ExportCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "export",
    abstract: "Write a policy as an ONNX model (Gemm + activation per layer, opset 16).",
    discussion: """
      Input `input` [batch, d], output `output` [batch, m]; per layer a Gemm with the weight \
      stored [out, in] (transB = 1) and a Relu, PRelu (leaky_relu, scalar slope tensor), \
      Clip(-1, 1) or Abs node; opset 16. With \
      --precision float64 (default) every dyadic weight that fits a double is stored exactly \
      (all weights of imported or trained checkpoints are); any other weight is rounded to \
      nearest and the export says how many on stderr. Exit status: 0 written, 2 on bad input; the file is written atomically.
      """
  )

  @OptionGroup var input: PolicyOption

  @Option(help: "The ONNX file to write.")
  var onnx: String

  @Option(help: "Tensor element type: float64 (DOUBLE, default) or float32 (FLOAT).")
  var precision: ONNXExport.Precision = .float64

  func run() throws {
    let policy = input.policy
    let target = try OutputTarget(onnx, option: "--onnx", inputs: [policy])
    let pol = try loadPolicy(policy)
    let export = ONNXExport(policy: pol, precision: precision, producerVersion: AAJRVersion.string)
    // Through the checked output path: a symlink or device is written through, never replaced.
    let transaction = OutputTransaction()
    try transaction.stage(bytes: Array(export.data), to: target, option: "--onnx")
    try transaction.commit()
    if export.rounded > 0 {
      printError("export: \(export.rounded) numbers are not exactly representable in \(precision.rawValue) and were rounded to nearest (largest relative error \(export.maxRelativeError)); the ONNX model is not exactly the policy")
    }
  }
}
