import Formats
import Model
import Foundation
import Rational
import SwiftProtobuf

/// An ONNX model read as an exact piecewise-linear policy (`aajr import --onnx`).
///
/// The graph must be a chain: one data input, each node reading the previous node's
/// output (plus constants: initializers or `Constant` nodes), one graph output.
/// Supported operators (ai.onnx domain):
/// - affine, folded exactly into the next layer's `W z + b`: `Gemm` (alpha, beta,
///   transB; transA = 0), `MatMul` by a constant matrix, `Add`/`Sub`/`Mul`/`Div` by a
///   constant (scalar or per-feature), `BatchNormalization` in inference form (its scale
///   `γ/√(var+ε)` is folded exactly when `var+ε` is the square of a rational, otherwise as
///   the float64 value of the square root, and the import notes say so);
/// - activations, each closing a layer: `Relu`, `LeakyRelu` (slope = the exact value of the
///   float32 attribute), `PRelu` with one constant slope, `Clip` to [−1, 1] (`hardtanh`) or to [0, ∞) (`relu`), `Abs`;
/// - no-ops: `Identity`, `Dropout` (inference), `Flatten` (axis 1), `Reshape` to a
///   vector (a batch dimension of −1, 0 or 1 and the feature width).
/// Every weight is the exact value of the stored float (FLOAT16, BFLOAT16, FLOAT, DOUBLE;
/// `raw_data` little-endian or the typed fields). Anything else is refused with an
/// `InputError` naming the node, its operator and why.
package struct ONNXImport {
  package var policy: Policy
  /// What the import assumed or approximated, one line each (printed on stderr).
  package var notes: [String]

  /// The operators read, for messages and documentation.
  package static let supportedOperators = [
    "Gemm", "MatMul", "Add", "Sub", "Mul", "Div", "BatchNormalization", "Relu", "LeakyRelu", "PRelu", "Clip",
    "Abs", "Identity", "Dropout", "Flatten", "Reshape", "Constant", "Transpose (of a constant matrix)",
  ]

  /// Operators refused because they are not piecewise linear.
  static let smoothOperators: Set<String> = [
    "Tanh", "Sigmoid", "Softmax", "LogSoftmax", "Elu", "Selu", "Celu", "Gelu", "Softplus", "Softsign", "Exp", "Log",
    "Sqrt", "Pow", "Erf", "HardSigmoid", "HardSwish", "Mish", "Sin", "Cos", "Reciprocal", "ThresholdedRelu", "Swish",
  ]

  /// Reads the model; `output` picks one graph output of a model with several (e.g. the
  /// actor's action of an actor-critic): only the nodes it depends on are read.
  package init(file: String, data: Data, output: String? = nil) throws {
    let model: Onnx_ModelProto
    do {
      model = try Onnx_ModelProto(serializedBytes: data)
    } catch {
      throw InputError(file: file, field: "", message: "not an ONNX model (protobuf decoding failed: \(error))")
    }
    try self.init(file: file, model: model, baseDirectory: pathFolder(file), output: output)
  }

  package init(contentsOf path: String, output: String? = nil) throws {
    guard let data = FileManager.default.contents(atPath: path) else {
      throw InputError(file: path, field: "", message: "cannot read the file")
    }
    try self.init(file: path, data: data, output: output)
  }

  init(file: String, model: Onnx_ModelProto, baseDirectory: String = "", output chosen: String? = nil) throws {
    guard model.hasGraph else { throw InputError(file: file, field: "graph", message: "the model has no graph") }
    let g = model.graph
    var notes: [String] = []
    func fail(_ field: String, _ message: String) -> InputError { InputError(file: file, field: field, message: message) }

    // Constants: initializers and Constant nodes.
    var constants: [String: ExactTensor] = [:]
    for (k, t) in g.initializer.enumerated() {
      constants[t.name] = try ExactTensor(t, file: file, field: "graph.initializer[\(k)] (\(t.name))",
                                          baseDirectory: baseDirectory.isEmpty ? "." : baseDirectory)
    }

    // The one data input.
    let dataInputs = g.input.filter { constants[$0.name] == nil }
    guard dataInputs.count == 1 else {
      throw fail("graph.input", "expected one data input besides the initializers, found \(dataInputs.count) (\(dataInputs.map(\.name).joined(separator: ", ")))")
    }
    let input = dataInputs[0]
    var inputWidth: Int?
    var inputType = "FLOAT"
    if input.hasType, case .tensorType(let tt)? = input.type.value {
      inputType = ExactTensor.typeName(tt.elemType)
      guard ExactTensor.isFloat(tt.elemType) else {
        throw fail("graph.input (\(input.name))", "element type \(inputType) is not a float type")
      }
      if tt.hasShape {
        let dims = tt.shape.dim
        guard dims.count == 1 || dims.count == 2 else {
          throw fail("graph.input (\(input.name))", "rank \(dims.count): aajr reads a vector input ([features] or [batch, features])")
        }
        if case .dimValue(let v)? = dims.last?.value, v > 0 { inputWidth = Int(v) }
      }
    }
    let outputName: String
    if let chosen {
      guard g.output.contains(where: { $0.name == chosen }) else {
        throw fail("graph.output", "no output named \(chosen) (outputs: \(g.output.map(\.name).joined(separator: ", ")))")
      }
      outputName = chosen
    } else {
      guard g.output.count == 1 else {
        throw fail("graph.output", "\(g.output.count) outputs (\(g.output.map(\.name).joined(separator: ", "))); choose the policy's with --output NAME")
      }
      outputName = g.output[0].name
    }
    // The nodes the output depends on, in graph order (the rest, e.g. a critic head, is ignored).
    var needed: Set<String> = [outputName]
    var used = [Bool](repeating: false, count: g.node.count)
    for k in g.node.indices.reversed() where g.node[k].output.contains(where: needed.contains) {
      used[k] = true
      needed.formUnion(g.node[k].input.filter { !$0.isEmpty })
    }
    if used.contains(false) {
      notes.append("output \(outputName): \(used.filter { !$0 }.count) nodes that it does not depend on were ignored")
    }

    var current = input.name
    var chain: AffineChainBuilder?
    /// The builder, created at the first node that needs the width.
    func builder(width: Int?) -> AffineChainBuilder? {
      if let c = chain { return c }
      if let w = inputWidth ?? width { return AffineChainBuilder(inputWidth: w) }
      return nil
    }

    for (k, node) in g.node.enumerated() where used[k] {
      let label = node.name.isEmpty ? "node \(k)" : "node \"\(node.name)\""
      let where_ = "graph.node[\(k)]"
      func refuse(_ why: String) -> InputError { fail(where_, "\(node.opType) \(label): \(why)") }
      guard node.domain.isEmpty || node.domain == "ai.onnx" else {
        throw refuse("operator domain \"\(node.domain)\" is not the standard ai.onnx domain")
      }
      func attr(_ name: String) -> Onnx_AttributeProto? { node.attribute.first { $0.name == name } }
      func floatAttr(_ name: String, default d: Float) -> Float { attr(name).map { $0.f } ?? d }
      func intAttr(_ name: String, default d: Int64) -> Int64 { attr(name).map { $0.i } ?? d }

      if node.opType == "Constant" {
        guard node.output.count == 1 else { throw refuse("expected one output") }
        if let t = attr("value") {
          constants[node.output[0]] = try ExactTensor(t.t, file: file, field: "\(where_).value")
        } else if let a = attr("value_float") {
          constants[node.output[0]] = ExactTensor(name: node.output[0], dataType: 1, shape: [],
                                                  values: [try Rational(exactly: a.f)])
        } else if let a = attr("value_floats") {
          constants[node.output[0]] = ExactTensor(name: node.output[0], dataType: 1, shape: [a.floats.count],
                                                  values: try a.floats.map { try Rational(exactly: $0) })
        } else if let a = attr("value_int") {
          constants[node.output[0]] = ExactTensor(name: node.output[0], dataType: 7, shape: [], values: [Rational(Int(a.i))])
        } else if let a = attr("value_ints") {
          constants[node.output[0]] = ExactTensor(name: node.output[0], dataType: 7, shape: [a.ints.count],
                                                  values: a.ints.map { Rational(Int($0)) })
        } else {
          throw refuse("only tensor, float(s) and int(s) constants are read")
        }
        continue
      }
      // Constant folding of a transposed weight matrix (some exporters write W and transpose it).
      if node.opType == "Transpose", node.input.count == 1, node.output.count == 1, let t = constants[node.input[0]] {
        guard t.shape.count == 2 else { throw refuse("only 2-D constants are transposed at import") }
        let perm = attr("perm")?.ints ?? [1, 0]
        guard perm == [1, 0] || perm == [0, 1] else { throw refuse("perm \(perm) of a matrix") }
        var out = t
        if perm == [1, 0] {
          let (r, c) = (t.shape[0], t.shape[1])
          out.shape = [c, r]
          out.values = (0..<(r * c)).map { k in t.values[(k % r) * c + k / r] }
        }
        out.name = node.output[0]
        constants[node.output[0]] = out
        continue
      }
      if ONNXImport.smoothOperators.contains(node.opType) {
        throw refuse("\(node.opType) is not piecewise-linear; aajr verifies piecewise-linear policies (activations relu, leaky_relu, hardtanh, abs, identity)")
      }
      // The node must read the current tensor (plus constants).
      let inputs = node.input
      let dataPositions = inputs.indices.filter { !inputs[$0].isEmpty && constants[inputs[$0]] == nil }
      guard dataPositions.count == 1, inputs[dataPositions[0]] == current else {
        let names = dataPositions.map { inputs[$0] }
        throw refuse("reads \(names.isEmpty ? "only constants" : names.joined(separator: ", ")) but the chain's current tensor is \(current); aajr imports a chain of layers (no branches, no skip connections, no shape computations)")
      }
      let dataPos = dataPositions[0]
      func constant(_ i: Int) -> ExactTensor? { i < inputs.count && !inputs[i].isEmpty ? constants[inputs[i]] : nil }
      guard node.output.count >= 1 else { throw refuse("has no output") }

      switch node.opType {
      case "Gemm", "MatMul":
        guard dataPos == 0 else { throw refuse("the data must be the first input (x·B), not the constant") }
        guard let b = constant(1) else { throw refuse("the second input must be a constant matrix") }
        guard b.shape.count == 2 else { throw refuse("the weight \(inputs[1]) has shape \(b.shape), expected a matrix") }
        let transB = node.opType == "Gemm" && intAttr("transB", default: 0) != 0
        if node.opType == "Gemm" && intAttr("transA", default: 0) != 0 {
          throw refuse("transA = 1 would transpose the batch with the features")
        }
        let (rows, cols) = transB ? (b.shape[0], b.shape[1]) : (b.shape[1], b.shape[0])  // W is rows × cols
        guard var c = builder(width: cols) else { throw refuse("unknown input width") }
        guard cols == c.width else {
          throw refuse("the weight \(inputs[1]) of shape \(b.shape) takes \(cols) features but the current tensor has \(c.width)")
        }
        let alpha = try Rational(exactly: floatAttr("alpha", default: 1))
        let beta = try Rational(exactly: floatAttr("beta", default: 1))
        var w = (0..<rows).map { i in
          (0..<cols).map { j in transB ? b.values[i * cols + j] : b.values[j * rows + i] }
        }
        if alpha != 1 {
          w = w.map { $0.map { alpha * $0 } }
          notes.append("\(node.opType) \(label): alpha = \(alpha) multiplied into the weights")
        }
        var offset = Array(repeating: Rational.zero, count: rows)
        if node.opType == "Gemm", let bias = constant(2) {
          offset = try broadcast(bias, to: rows, refuse: refuse).map { beta * $0 }
          if beta != 1 { notes.append("Gemm \(label): beta = \(beta) multiplied into the bias") }
        } else if node.opType == "Gemm" && inputs.count > 2 && !inputs[2].isEmpty {
          throw refuse("the bias \(inputs[2]) must be a constant")
        }
        c.applyMatrix(w, offset: offset, node: "\(node.opType) \(label)")
        chain = c
      case "Add", "Sub", "Mul", "Div":
        let other = 1 - dataPos
        guard inputs.count == 2, let t = constant(other) else { throw refuse("expects the current tensor and a constant") }
        guard var c = builder(width: nil) else { throw refuse("unknown input width (put the first Gemm/MatMul before it)") }
        let v = try broadcast(t, to: c.width, refuse: refuse)
        let name = "\(node.opType) \(label)"
        switch (node.opType, dataPos) {
        case ("Add", _): c.applyOffset(v, node: name)
        case ("Sub", 0): c.applyOffset(v.map { -$0 }, node: name)
        case ("Sub", _): c.applyDiagonal(scale: Array(repeating: -1, count: c.width), offset: v, node: name)
        case ("Mul", _): c.applyDiagonal(scale: v, offset: Array(repeating: 0, count: c.width), node: name)
        case ("Div", 0):
          guard v.allSatisfy({ !$0.isZero }) else { throw refuse("division by zero in \(inputs[1])") }
          c.applyDiagonal(scale: v.map { 1 / $0 }, offset: Array(repeating: 0, count: c.width), node: name)
          notes.append("\(name): division by the constant read as multiplication by its exact reciprocal (onnxruntime divides in float)")
        default: throw refuse("dividing a constant by the data is not affine")
        }
        chain = c
      case "BatchNormalization":
        guard dataPos == 0, inputs.count == 5, let scale = constant(1), let shift = constant(2),
          let mean = constant(3), let variance = constant(4)
        else { throw refuse("expects X, scale, B, mean and var with the last four constant") }
        guard intAttr("training_mode", default: 0) == 0, node.output.count == 1 else {
          throw refuse("training mode (running statistics updated) is not an inference network; export with model.eval()")
        }
        guard var c = builder(width: scale.count) else { throw refuse("unknown input width") }
        let n = c.width
        let eps = try Rational(exactly: floatAttr("epsilon", default: 1e-5))
        let s = try broadcast(scale, to: n, refuse: refuse), b = try broadcast(shift, to: n, refuse: refuse)
        let m = try broadcast(mean, to: n, refuse: refuse), v = try broadcast(variance, to: n, refuse: refuse)
        var factors: [Rational] = []
        var rounded = 0
        for i in 0..<n {
          let d = v[i] + eps
          guard d.signum > 0 else { throw refuse("var + epsilon = \(d) is not positive at feature \(i)") }
          if let r = exactSquareRoot(d) {
            factors.append(s[i] / r)
          } else {
            // γ/√(var+ε) is irrational: its float64 value, computed from the exact inputs.
            let f = s[i].doubleNearest() / d.doubleNearest().squareRoot()
            factors.append(try Rational(exactly: f))
            rounded += 1
          }
        }
        c.applyDiagonal(scale: factors, offset: (0..<n).map { b[$0] - factors[$0] * m[$0] }, node: "BatchNormalization \(label)")
        chain = c
        notes.append("BatchNormalization \(label): folded into the affine map as y = a·x + (B − a·mean), a = γ/√(var+ε) with ε = \(eps.doubleNearest()); "
          + (rounded == 0 ? "every a is rational and exact"
            : "\(rounded) of \(n) factors a are irrational and were folded as their float64 value (the imported policy differs from the ONNX model by about one double rounding there)"))
      case "Relu", "LeakyRelu", "PRelu", "Abs", "Clip":
        guard var c = builder(width: nil) else { throw refuse("unknown input width (put a Gemm/MatMul first or give the input a fixed shape)") }
        let act: Activation
        switch node.opType {
        case "Relu": act = .relu
        case "Abs": act = .abs
        case "LeakyRelu":
          let a = floatAttr("alpha", default: 0.01)
          let slope = try Rational(exactly: a)
          act = .leakyReLU(slope: slope)
          if slope.denominator.bitLength > 12 {
            notes.append("LeakyRelu \(label): slope = the exact value of the float32 attribute \(a) = \(slope)")
          }
        case "PRelu":
          guard dataPos == 0, let t = constant(1) else { throw refuse("the slope must be a constant") }
          let slopes = try broadcast(t, to: c.width, refuse: refuse)
          guard let s = slopes.first, slopes.allSatisfy({ $0 == s }) else {
            throw refuse("per-feature slopes differ; aajr's leaky_relu has one slope per layer")
          }
          act = .leakyReLU(slope: s)
        default:
          let lo: Rational?, hi: Rational?
          if node.input.count > 1 || attr("min") == nil && attr("max") == nil {
            lo = try constant(1).map { try scalar($0, refuse: refuse) }
            hi = try constant(2).map { try scalar($0, refuse: refuse) }
            if inputs.count > 1 && !inputs[1].isEmpty && lo == nil || inputs.count > 2 && !inputs[2].isEmpty && hi == nil {
              throw refuse("min and max must be constants")
            }
          } else {
            lo = try attr("min").map { try Rational(exactly: $0.f) }
            hi = try attr("max").map { try Rational(exactly: $0.f) }
          }
          if lo == Rational(-1) && hi == Rational(1) {
            act = .hardtanh
          } else if lo == Rational.zero && hi == nil {
            act = .relu
          } else {
            throw refuse("Clip to [\(lo.map(\.description) ?? "-inf"), \(hi.map(\.description) ?? "inf")] is not supported: only [-1, 1] (hardtanh) and [0, inf) (relu)")
          }
        }
        c.close(activation: act, node: "\(node.opType) \(label)")
        chain = c
      case "Identity", "Dropout":
        if node.opType == "Dropout" {
          if let ratio = constant(2), ratio.values.contains(where: { !$0.isZero }) {
            throw refuse("training_mode is set; export with model.eval()")
          }
          notes.append("Dropout \(label): read as inference (identity)")
        }
      case "Flatten":
        let axis = intAttr("axis", default: 1)
        guard axis == 1 || axis == -1 else { throw refuse("axis \(axis): only axis 1 (keep the batch, flatten the features) is read") }
      case "Reshape":
        guard dataPos == 0, let shape = constant(1)?.integers else { throw refuse("the target shape must be a constant") }
        guard let c = builder(width: nil) else { throw refuse("unknown input width") }
        let ok = !shape.isEmpty && (shape.last == c.width || shape.last == -1)
          && shape.dropLast().allSatisfy { [-1, 0, 1].contains($0) } && shape.filter { $0 == -1 }.count <= 1
        guard ok else { throw refuse("target shape \(shape) is not a vector of the current width \(c.width)") }
      case "Conv", "ConvTranspose", "MaxPool", "AveragePool", "GlobalAveragePool":
        throw refuse("convolutions and pooling are not supported; aajr imports fully-connected chains")
      case "Max", "Min":
        throw refuse("elementwise Max/Min of tensors is not supported (use Relu, LeakyRelu, Clip or Abs)")
      default:
        throw refuse("operator not supported (supported: \(ONNXImport.supportedOperators.joined(separator: ", ")))")
      }
      current = node.output[0]
    }
    guard outputName == current else {
      throw fail("graph.output", "the output \(outputName) is not the end of the chain (\(current))")
    }
    guard var c = chain ?? inputWidth.map({ AffineChainBuilder(inputWidth: $0) }) else {
      throw fail("graph", "no layers and no fixed input width")
    }
    let layers = c.finish()
    policy = Policy(inputDimension: layers[0].inputCount, layers: layers)
    var summary = ["ONNX model \(file): input \(input.name) of width \(policy.inputDimension) (\(inputType)); \(layers.count) layer\(layers.count == 1 ? "" : "s")"]
    for (l, (layer, nodes)) in zip(layers, c.layerNodes).enumerated() {
      summary.append("  layer \(l): \(layer.inputCount) -> \(layer.outputCount), \(layer.activation.name) (from \(nodes.isEmpty ? "no node: identity" : nodes.joined(separator: ", ")))")
    }
    summary.append("  weights: the exact values of the stored floats")
    self.notes = summary + notes
  }
}

/// A constant tensor broadcast to `n` features: shape [], [1], [n], [1, n] (or [1, 1]).
private func broadcast(_ t: ExactTensor, to n: Int, refuse: (String) -> InputError) throws -> [Rational] {
  let nonUnit = t.shape.filter { $0 != 1 }
  if t.count == 1 { return Array(repeating: t.values[0], count: n) }
  guard nonUnit == [n], t.shape.last == n else {
    throw refuse("constant \(t.name) of shape \(t.shape) does not broadcast to \(n) features")
  }
  return t.values
}

/// A one-element constant.
private func scalar(_ t: ExactTensor, refuse: (String) -> InputError) throws -> Rational {
  guard t.count == 1 else { throw refuse("constant \(t.name) of shape \(t.shape) is not a scalar") }
  return t.values[0]
}

/// `√x` when it is rational (numerator and denominator perfect squares), else nil.
func exactSquareRoot(_ x: Rational) -> Rational? {
  guard x.signum >= 0 else { return nil }
  let n = x.numerator.squareRootFloor(), d = x.denominator.squareRootFloor()
  guard n.exact, d.exact else { return nil }
  return try? Rational(numerator: n.root, denominator: d.root)
}
