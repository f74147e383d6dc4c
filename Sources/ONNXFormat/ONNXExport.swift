import Formats
import Model
import Foundation
import Rational
import SwiftProtobuf

/// A policy written as an ONNX model (`aajr export --onnx`) that onnxruntime runs.
///
/// The graph: input `input` of shape [batch, d]; per layer l a `Gemm` (`transB = 1`, the
/// weight stored [out, in] as PyTorch's `Linear` does, initializers `layers.l.weight` and
/// `layers.l.bias`) followed by the activation (`Relu`, `LeakyRelu`, `Clip` to [−1, 1] for
/// hardtanh, `Abs`, nothing for identity; leaky_relu is `PRelu` with a scalar slope
/// tensor); output `output` of shape [batch, m]. Opset 16 (onnxruntime's float64 kernels),
/// IR version 8. Tensors are `raw_data`, little-endian.
///
/// Precision: `float64` (DOUBLE tensors) keeps every weight exact when it is a dyadic
/// rational that a double holds (as every weight of a trained or imported checkpoint is);
/// any other weight is rounded to nearest, and `rounded` counts them. `float32` rounds to
/// nearest float32; the leaky_relu slope is a tensor of the same type.
package struct ONNXExport {
  package enum Precision: String, Sendable, CaseIterable {
    case float32, float64
    var dataType: Int32 { self == .float32 ? 1 : 11 }
  }

  /// The serialized model.
  package var data: Data
  /// How many numbers (weights, biases, slopes) were not exactly representable and were rounded.
  package var rounded: Int
  /// The largest relative rounding error among them (0 when none).
  package var maxRelativeError: Double

  package init(policy: Policy, precision: Precision, producerVersion: String) {
    var rounded = 0
    var maxRel = 0.0
    func note(_ exact: Rational, _ stored: Rational) {
      guard exact != stored else { return }
      rounded += 1
      let rel = exact.isZero ? 1 : ((stored - exact).magnitude / exact.magnitude).doubleNearest()
      maxRel = Swift.max(maxRel, rel)
    }
    func tensor(_ name: String, _ dims: [Int], _ values: [Rational]) -> Onnx_TensorProto {
      var t = Onnx_TensorProto()
      t.name = name
      t.dims = dims.map(Int64.init)
      t.dataType = precision.dataType
      var bytes: [UInt8] = []
      bytes.reserveCapacity(values.count * (precision == .float32 ? 4 : 8))
      for v in values {
        switch precision {
        case .float64:
          let d = v.doubleNearest()
          note(v, (try? Rational(exactly: d)) ?? v)
          bytes += (0..<8).map { UInt8(truncatingIfNeeded: d.bitPattern >> (8 * UInt64($0))) }
        case .float32:
          let f = v.floatNearest()
          note(v, (try? Rational(exactly: f)) ?? v)
          bytes += (0..<4).map { UInt8(truncatingIfNeeded: f.bitPattern >> (8 * UInt32($0))) }
        }
      }
      t.rawData = Data(bytes)
      return t
    }
    func valueInfo(_ name: String, _ width: Int) -> Onnx_ValueInfoProto {
      var v = Onnx_ValueInfoProto()
      v.name = name
      var tt = Onnx_TypeProto.Tensor()
      tt.elemType = precision.dataType
      var batch = Onnx_TensorShapeProto.Dimension()
      batch.dimParam = "batch"
      var features = Onnx_TensorShapeProto.Dimension()
      features.dimValue = Int64(width)
      tt.shape.dim = [batch, features]
      v.type.tensorType = tt
      return v
    }
    func node(_ op: String, _ name: String, _ inputs: [String], _ output: String,
              _ attributes: [Onnx_AttributeProto] = []) -> Onnx_NodeProto {
      var n = Onnx_NodeProto()
      n.opType = op
      n.name = name
      n.input = inputs
      n.output = [output]
      n.attribute = attributes
      return n
    }

    var graph = Onnx_GraphProto()
    graph.name = "aajr_policy"
    graph.input = [valueInfo("input", policy.inputDimension)]
    var current = "input"
    for (l, layer) in policy.layers.enumerated() {
      let last = l == policy.layers.count - 1
      let prefix = "layers.\(l)"
      graph.initializer.append(tensor("\(prefix).weight", [layer.outputCount, layer.inputCount], Array(layer.weights.joined())))
      graph.initializer.append(tensor("\(prefix).bias", [layer.outputCount], layer.bias))
      var transB = Onnx_AttributeProto()
      transB.name = "transB"
      transB.type = .int
      transB.i = 1
      let affineOut = last && layer.activation == .identity ? "output" : "\(prefix).affine"
      graph.node.append(node("Gemm", "\(prefix).gemm", [current, "\(prefix).weight", "\(prefix).bias"], affineOut, [transB]))
      current = affineOut
      let out = last ? "output" : "\(prefix).out"
      switch layer.activation {
      case .identity:
        break
      case .relu:
        graph.node.append(node("Relu", "\(prefix).relu", [current], out))
        current = out
      case .abs:
        graph.node.append(node("Abs", "\(prefix).abs", [current], out))
        current = out
      case .leakyReLU(let s):
        // PRelu with a scalar slope tensor: the slope is stored in the export precision
        // (LeakyRelu's alpha is a float32 attribute, and onnxruntime runs it on float only).
        graph.initializer.append(tensor("\(prefix).slope", [], [s]))
        graph.node.append(node("PRelu", "\(prefix).leaky_relu", [current, "\(prefix).slope"], out))
        current = out
      case .hardtanh:
        graph.initializer.append(tensor("\(prefix).clip_min", [], [-1]))
        graph.initializer.append(tensor("\(prefix).clip_max", [], [1]))
        graph.node.append(node("Clip", "\(prefix).hardtanh", [current, "\(prefix).clip_min", "\(prefix).clip_max"], out))
        current = out
      }
    }
    graph.output = [valueInfo("output", policy.outputDimension)]

    var model = Onnx_ModelProto()
    model.irVersion = 8
    model.producerName = "aajr"
    model.producerVersion = producerVersion
    model.docString = "An aajr-policy/1 piecewise-linear policy exported in \(precision.rawValue)."
    var opset = Onnx_OperatorSetIdProto()
    opset.domain = ""
    opset.version = 16
    model.opsetImport = [opset]
    model.graph = graph
    // Field order is fixed and there are no maps, so the bytes are deterministic.
    self.data = (try? model.serializedData()) ?? Data()
    self.rounded = rounded
    self.maxRelativeError = maxRel
  }
}
