import ArgumentParser
import Bounds
import Rational
import ONNXFormat
import Verify

/// `aajr import`: a PyTorch `nn.Sequential` of `Linear` layers saved with safetensors
/// becomes an exact `aajr-policy/1` file.
struct ImportCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "import",
    abstract: "Convert an nn.Sequential of Linear layers saved with safetensors into an exact aajr-policy/1 file.",
    discussion: """
      Tensors 0.weight [out, in], 0.bias [out], 2.weight, … (F16, BF16, F32 or F64) become \
      layers in the order of their Sequential index; every weight is the exact value of the \
      stored float. Hidden layers get --activation, the last layer identity. Exit status: 0 \
      written, 2 on a malformed file (one line naming the file, the tensor and the problem); \
      the output is written atomically.
      """
  )

  @Option(help: "The safetensors file (e.g. from safetensors.torch.save_file(model.state_dict(), FILE)).")
  var safetensors: String?

  @Option(help: "An ONNX model (e.g. from torch.onnx.export) made of Gemm/MatMul/Add/…/Relu/LeakyRelu/Clip/Abs nodes.")
  var onnx: String?

  @Option(help: "With --onnx: the graph output that is the policy, when the model has several (e.g. action of an actor-critic).")
  var output: String?

  @Option(help: "The policy file to write (aajr-policy/1).")
  var out: String

  @Option(help: "Activation of the hidden layers: relu, leaky_relu, hardtanh, abs or identity.")
  var activation: String = "relu"

  @Option(help: "The leaky_relu slope, an exact rational (PyTorch's default 0.01 is 1/100).")
  var slope: String = "1/100"

  func run() throws {
    switch (safetensors, onnx) {
    case (nil, let model?):
      let imported = try ONNXImport(contentsOf: model, output: output)
      for line in imported.notes { printError(line) }
      try writeTextAtomically(imported.policy.jsonText, to: out)
      return
    case (_?, nil): break
    default:
      throw InputError(file: "command line", field: "--safetensors/--onnx", message: "give exactly one of --safetensors FILE and --onnx FILE")
    }
    let hidden: Activation
    switch activation {
    case "relu": hidden = .relu
    case "leaky_relu": hidden = .leakyReLU(slope: try parseOption(slope, name: "--slope"))
    case "hardtanh": hidden = .hardtanh
    case "abs": hidden = .abs
    case "identity", "linear": hidden = .identity
    default:
      throw InputError(file: "command line", field: "--activation",
                       message: "unknown activation \"\(activation)\" (expected relu, leaky_relu, hardtanh, abs or identity)")
    }
    let file = try SafeTensorsFile(contentsOf: safetensors!)
    let policy = try Policy(safeTensors: file, hiddenActivation: hidden)
    try writeTextAtomically(policy.jsonText, to: out)
  }
}
