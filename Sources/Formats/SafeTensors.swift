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
    /// Integer tensors (e.g. BatchNorm's `num_batches_tracked`, I64): read, never used as weights.
    case i64 = "I64", i32 = "I32", i16 = "I16", i8 = "I8", u8 = "U8", bool = "BOOL"
    public var itemSize: Int {
      switch self {
      case .f16, .bf16, .i16: return 2
      case .f32, .i32: return 4
      case .f64, .i64: return 8
      case .i8, .u8, .bool: return 1
      }
    }
    public var isFloat: Bool { [.f16, .bf16, .f32, .f64].contains(self) }
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
        throw fail(name, "unsupported dtype \(dtypeName) (supported: F16, BF16, F32, F64; I64, I32, I16, I8, U8, BOOL for non-weights)")
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
        case .i64, .i32, .i16, .i8, .u8, .bool:
          let width = dtype.itemSize * 8
          let signed = dtype != .u8 && dtype != .bool
          let v = signed && width < 64 ? Int64(bitPattern: bits << UInt64(64 - width)) >> Int64(64 - width) : Int64(bitPattern: bits)
          values.append(Rational(Int(v)))
          continue
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
  /// The policy of a PyTorch `nn.Sequential` of `Linear` layers saved with safetensors
  /// (`SafeTensorsImport` with hidden activation `hidden` and the last layer identity).
  public init(safeTensors st: SafeTensorsFile, hiddenActivation hidden: Activation) throws {
    self = try SafeTensorsImport(st, activations: .hidden(hidden)).policy
  }
}
