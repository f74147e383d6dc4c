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

/// `aajr import`: a PyTorch `nn.Sequential` of `Linear` layers saved with safetensors
/// becomes an exact `aajr-policy/1` file.
struct ImportCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "import",
    abstract: "Convert a PyTorch checkpoint (safetensors) or an ONNX model into an exact aajr-policy/1 file, or a VNN-LIB input box into a problem.",
    discussion: """
      --safetensors: Linear modules (weight [out, in], optional bias) and BatchNorm1d modules \
      (eval statistics, folded into the Linear before them), ordered by --layers, else by the \
      integer ending each module name (0, 2, fc1, fc2), else by header order; --prefix picks a \
      sub-network (actor.). --activation: one name for every hidden layer (the last gets \
      identity) or a comma list, one per Linear. --onnx: a chain of Gemm/MatMul/Add/Sub/Mul/Div/\
      BatchNormalization/Relu/LeakyRelu/PRelu/Clip(-1,1)/Abs/Identity/Flatten/Reshape nodes; \
      --output picks one output of a multi-output model. --vnnlib with --problem-template: the \
      property's input box as the domain X (or, --vnnlib-as ball, one sample's l-infinity ball). \
      Every weight is the exact value of \
      the stored float. What was assumed is printed on stderr. Exit status: 0 written, 2 on a \
      malformed or unsupported file (one line naming the file, the tensor or node and the \
      problem); the output is written atomically.
      """
  )

  @Option(help: "The safetensors file (e.g. from safetensors.torch.save_file(model.state_dict(), FILE)).")
  var safetensors: String?

  @Option(help: "An ONNX model (e.g. from torch.onnx.export) made of Gemm/MatMul/Add/…/Relu/LeakyRelu/Clip/Abs nodes.")
  var onnx: String?

  @Option(help: "A VNN-LIB property whose input box (bounds on X_0, X_1, …) goes into --problem-template.")
  var vnnlib: String?

  @Option(name: .customLong("problem-template"), help: "With --vnnlib: the aajr-problem/1 file to take the loss, data and attack from.")
  var problemTemplate: String?

  @Option(name: .customLong("vnnlib-as"), help: "With --vnnlib: domain (the box becomes X, default) or ball (one sample at the box's centre, radius its half-width).")
  var vnnlibAs: String = "domain"

  @Option(help: "With --onnx: the graph output that is the policy, when the model has several (e.g. action of an actor-critic).")
  var output: String?

  @Option(help: "The file to write: aajr-policy/1 (aajr-problem/1 with --vnnlib).")
  var out: String

  @Option(help: "Activation of the hidden layers (relu, leaky_relu, hardtanh, abs, identity), or one per Linear layer: relu,relu,identity.")
  var activation: String = "relu"

  @Option(help: "With --safetensors: keep only tensors whose name starts with this prefix (e.g. actor.), stripped.")
  var prefix: String?

  @Option(help: "With --safetensors: the Linear/BatchNorm modules in order, comma-separated (e.g. fc1,bn1,fc2,fc3).")
  var layers: String?

  @Option(name: .customLong("bn-eps"), parsing: .unconditional, help: "With --safetensors: BatchNorm's eps, an exact rational (PyTorch's default 1e-5).")
  var bnEps: Rational = Rational(1, 100_000)

  @Option(parsing: .unconditional, help: "The leaky_relu slope, an exact rational (PyTorch's default 0.01 is 1/100).")
  var slope: Rational = Rational(1, 100)

  /// Every check of the options, before any file is read (exit status 2 with one line).
  func validate() throws {
    if vnnlib != nil {
      guard safetensors == nil, onnx == nil, problemTemplate != nil else {
        throw InputError(file: "command line", field: "--vnnlib", message: "give --vnnlib PROP with --problem-template Q.json (and not --safetensors or --onnx)")
      }
      guard vnnlibAs == "domain" || vnnlibAs == "ball" else {
        throw InputError(file: "command line", field: "--vnnlib-as", message: "expected domain or ball, found \(InputError.quote(vnnlibAs))")
      }
      return
    }
    guard (safetensors == nil) != (onnx == nil) else {
      throw InputError(file: "command line", field: "--safetensors/--onnx", message: "give exactly one of --safetensors FILE and --onnx FILE")
    }
    if safetensors != nil { _ = try activations() }
  }

  /// `--activation`: one name for every hidden layer, or a comma list, one per Linear.
  func activations() throws -> SafeTensorsImport.Activations {
    func parse(_ name: String) throws -> Activation {
      guard let act = Activation(name: name, slope: { slope }) else {
        throw InputError(file: "command line", field: "--activation",
                         message: "unknown activation \(InputError.quote(name)) (expected relu, leaky_relu, hardtanh, abs or identity; tanh and other smooth activations are not piecewise-linear)")
      }
      return act
    }
    let names = activation.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
    return names.count == 1 ? .hidden(try parse(names[0])) : .perLayer(try names.map(parse))
  }

  func run() throws {
    let target = try OutputTarget(out, option: "--out",
                                  inputs: [safetensors, onnx, vnnlib, problemTemplate].compactMap { $0 })
    if let vnnlib, let template = problemTemplate {
      let box = try VNNLibBox(file: vnnlib, text: readText(vnnlib))
      let problem = try Problem(file: template, text: readText(template))
      let result: Problem
      switch vnnlibAs {
      case "domain": result = try problem.withDomain(box, file: vnnlib)
      default: result = try problem.withBall(box, file: vnnlib)  // "ball"; validate() refused others
      }
      printError("VNN-LIB \(vnnlib): box of \(box.lower.count) inputs used as \(vnnlibAs == "domain" ? "the domain X" : "one sample's l-infinity ball (centre and radius)")"
        + (box.ignoredOutputConstraints > 0 ? "; \(box.ignoredOutputConstraints) output constraints (Y_…) ignored" : ""))
      try emit(standardOutput: "", files: [(result.jsonText, target, "--out")])
      return
    }
    if let model = onnx {
      let imported = try ONNXImport(file: model, data: Data(readBytes(model)), output: output)
      for line in imported.notes { printError(line) }
      try emit(standardOutput: "", files: [(imported.policy.jsonText, target, "--out")])
      return
    }
    let acts = try activations()
    let file = try SafeTensorsFile(file: safetensors!, data: Data(readBytes(safetensors!)))
    let imported = try SafeTensorsImport(file, prefix: prefix,
                                         layers: layers.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } },
                                         activations: acts, batchNormEpsilon: bnEps)
    for line in imported.notes { printError(line) }
    try emit(standardOutput: "", files: [(imported.policy.jsonText, target, "--out")])
  }
}
