import Foundation
import Model
import Rational

/// A safetensors file (https://github.com/huggingface/safetensors): an 8-byte
/// little-endian header length N, N bytes of JSON header
/// `{"name": {"dtype", "shape", "data_offsets": [begin, end]}, "__metadata__": {…}}`,
/// then the data buffer; offsets are relative to the buffer's start.
///
/// - Every value is read exactly: a float tensor entry becomes the rational it denotes.
/// - Checked: the header length fits the file, the header is a JSON object, each
///   tensor has a supported dtype (F16, BF16, F32, F64), a shape of non-negative
///   integers, offsets inside the buffer and exactly `product(shape) · itemsize` bytes.
public struct SafeTensorsFile {
  public enum DType: String, Sendable {
    case f16 = "F16", bf16 = "BF16", f32 = "F32", f64 = "F64"
    public var itemSize: Int {
      switch self {
      case .f16, .bf16: return 2
      case .f32: return 4
      case .f64: return 8
      }
    }
  }

  public struct Tensor: Sendable {
    public var name: String
    public var dtype: DType
    public var shape: [Int]
    /// The entries in row-major order, exactly.
    public var values: [Rational]
  }

  public let file: String
  /// Tensors in header order.
  public var tensors: [Tensor]
  /// `__metadata__`, when present.
  public var metadata: [(key: String, value: String)]

  public subscript(name: String) -> Tensor? { tensors.first { $0.name == name } }

  /// Parses the bytes of a safetensors file; errors name `file`, the tensor and the problem.
  public init(file: String, data: Data) throws {
    self.file = file
    func fail(_ field: String, _ message: String) -> InputError { InputError(file: file, field: field, message: message) }
    let bytes = [UInt8](data)
    guard bytes.count >= 8 else {
      throw fail("header", "file too short for the 8-byte header length (\(bytes.count) bytes)")
    }
    var n: UInt64 = 0
    for k in (0..<8).reversed() { n = n << 8 | UInt64(bytes[k]) }
    guard n <= UInt64(bytes.count - 8) else {
      throw fail("header", "header length \(n) exceeds the \(bytes.count - 8) bytes after the length field")
    }
    let headerEnd = 8 + Int(n)
    guard let text = String(bytes: bytes[8..<headerEnd], encoding: .utf8) else {
      throw fail("header", "the header is not UTF-8 text")
    }
    let json: JSONValue
    do { json = try JSONValue.parse(text) } catch {
      throw fail("header", "the header is not JSON (\(error))")
    }
    guard case .object(let members) = json else {
      throw fail("header", "the header is \(json.kindName), expected an object")
    }
    let buffer = bytes[headerEnd...]
    let bufferSize = buffer.count
    var tensors: [Tensor] = [], metadata: [(key: String, value: String)] = []
    for (name, entry) in members {
      if name == "__metadata__" {
        guard case .object(let items) = entry else { throw fail(name, "expected an object of strings") }
        for (k, v) in items {
          guard case .string(let s) = v else { throw fail("\(name).\(k)", "expected a string, found \(v.kindName)") }
          metadata.append((k, s))
        }
        continue
      }
      let r = FieldReader(file: file, path: name, value: entry)
      let dtypeName = try r.field("dtype").string()
      guard let dtype = DType(rawValue: dtypeName) else {
        throw fail(name, "unsupported dtype \(dtypeName) (supported: F16, BF16, F32, F64)")
      }
      let shape = try r.field("shape").elements().map { try $0.integer(atLeast: 0) }
      let offsets = try r.field("data_offsets").elements().map { try $0.integer(atLeast: 0) }
      guard offsets.count == 2 else { throw fail("\(name).data_offsets", "expected [begin, end], found \(offsets.count) entries") }
      let (begin, end) = (offsets[0], offsets[1])
      guard begin <= end, end <= bufferSize else {
        throw fail("\(name).data_offsets", "[\(begin), \(end)] is out of range of the \(bufferSize)-byte data buffer")
      }
      var count = 1
      for d in shape {
        let (p, overflow) = count.multipliedReportingOverflow(by: d)
        guard !overflow else { throw fail("\(name).shape", "\(shape) has too many entries") }
        count = p
      }
      let (byteCount, overflow) = count.multipliedReportingOverflow(by: dtype.itemSize)
      guard !overflow, byteCount == end - begin else {
        throw fail("\(name).data_offsets", "[\(begin), \(end)] holds \(end - begin) bytes but shape \(shape) of \(dtype.rawValue) needs \(count) × \(dtype.itemSize)")
      }
      let start = buffer.startIndex + begin
      var values: [Rational] = []
      values.reserveCapacity(count)
      for k in 0..<count {
        let o = start + k * dtype.itemSize
        var bits: UInt64 = 0
        for b in (0..<dtype.itemSize).reversed() { bits = bits << 8 | UInt64(bytes[o + b]) }
        let value: Double
        switch dtype {
        case .f64: value = Double(bitPattern: bits)
        case .f32: value = Double(Float(bitPattern: UInt32(bits)))
        case .bf16: value = Double(Float(bitPattern: UInt32(bits) << 16))
        case .f16: value = SafeTensorsFile.halfToDouble(UInt16(bits))
        }
        guard let exact = try? Rational(exactly: value) else {
          throw fail("\(name)[\(k)]", "entry is not finite (\(value))")
        }
        values.append(exact)
      }
      tensors.append(Tensor(name: name, dtype: dtype, shape: shape, values: values))
    }
    self.tensors = tensors
    self.metadata = metadata
  }

  /// Reads and parses a file.
  public init(contentsOf path: String) throws {
    guard let data = FileManager.default.contents(atPath: path) else {
      throw InputError(file: path, field: "", message: "cannot read the file")
    }
    try self.init(file: path, data: data)
  }

  /// IEEE binary16 bits to the double of the same value (exact: every half is a double).
  static func halfToDouble(_ h: UInt16) -> Double {
    let sign: Double = h & 0x8000 != 0 ? -1 : 1
    let e = Int(h >> 10 & 0x1F), f = Double(h & 0x3FF)
    switch e {
    case 0: return sign * f * 0x1p-24
    case 31: return f == 0 ? sign * .infinity : .nan
    default: return sign * (1 + f / 1024) * Double(sign: .plus, exponent: e - 15, significand: 1)
    }
  }
}

extension Policy {
  /// The policy of a PyTorch `nn.Sequential` of `Linear` layers saved with safetensors:
  /// tensors `P.weight` (shape [out, in]) and `P.bias` (shape [out]) for each layer
  /// prefix P, ordered by P's last integer component (`0`, `2`, … or `net.0`, `net.2`, …).
  /// Hidden layers get `hidden`, the last layer `identity`; every weight is the exact
  /// value of the stored float.
  ///
  /// Rejected, naming the tensor: a tensor that is not a `.weight`/`.bias`, a prefix
  /// without a trailing integer, a missing bias or weight, a weight that is not a
  /// matrix, a bias whose length is not the weight's row count, and consecutive
  /// layers whose shapes do not chain.
  public init(safeTensors st: SafeTensorsFile, hiddenActivation hidden: Activation) throws {
    func fail(_ field: String, _ message: String) -> InputError { InputError(file: st.file, field: field, message: message) }
    var groups: [String: (order: Int, weight: SafeTensorsFile.Tensor?, bias: SafeTensorsFile.Tensor?)] = [:]
    for t in st.tensors {
      let parts = t.name.split(separator: ".", omittingEmptySubsequences: false)
      guard parts.count >= 2, let role = parts.last, role == "weight" || role == "bias" else {
        throw fail(t.name, "not a Linear layer's weight or bias (expected names like 0.weight, 0.bias)")
      }
      let prefix = parts.dropLast().joined(separator: ".")
      guard let last = parts.dropLast().last, let order = Int(last), order >= 0 else {
        throw fail(t.name, "the layer prefix \"\(prefix)\" does not end in a Sequential index")
      }
      var g = groups[prefix] ?? (order, nil, nil)
      if role == "weight" { g.weight = t } else { g.bias = t }
      groups[prefix] = g
    }
    guard !groups.isEmpty else { throw fail("", "no tensors: expected Linear layers (0.weight, 0.bias, …)") }
    let ordered = groups.sorted { ($0.value.order, $0.key) < ($1.value.order, $1.key) }
    var layers: [Layer] = []
    var previous: (name: String, outputs: Int)?
    for (k, (prefix, g)) in ordered.enumerated() {
      guard let w = g.weight else { throw fail("\(prefix).weight", "missing (\(prefix).bias has no weight)") }
      guard w.shape.count == 2 else {
        throw fail(w.name, "shape \(w.shape) is not [out, in]")
      }
      let (rows, cols) = (w.shape[0], w.shape[1])
      guard rows >= 1, cols >= 1 else { throw fail(w.name, "shape \(w.shape) is empty") }
      guard let b = g.bias else {
        throw fail("\(prefix).bias", "missing: every Linear layer needs a bias (nn.Linear(bias=True))")
      }
      guard b.shape == [rows] else {
        throw fail(b.name, "shape \(b.shape) does not match \(w.name)'s \(rows) outputs")
      }
      if let p = previous, p.outputs != cols {
        throw fail(w.name, "shape \(w.shape) takes \(cols) inputs but the previous layer \(p.name) has \(p.outputs) outputs")
      }
      let weights = (0..<rows).map { i in Array(w.values[(i * cols)..<((i + 1) * cols)]) }
      let last = k == ordered.count - 1
      layers.append(Layer(weights: weights, bias: b.values, activation: last ? .identity : hidden))
      previous = (w.name, rows)
    }
    self.init(inputDimension: layers[0].inputCount, layers: layers)
  }
}
