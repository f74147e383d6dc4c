import Formats
import Model
import Foundation
import Rational

/// The exact contents of an ONNX `TensorProto` (an initializer or a `Constant`).
///
/// Floating-point element types (FLOAT16, BFLOAT16, FLOAT, DOUBLE) become the exact
/// rational each stored float denotes (every finite binary float is a dyadic rational);
/// integer types (INT8…INT64, UINT8…UINT32) become integers. Data is read from
/// `raw_data` (little-endian, as ONNX specifies) or from the typed field
/// (`float_data`, `double_data`, `int32_data` — which also holds FLOAT16/BFLOAT16 bit
/// patterns and small integer types —, `int64_data`, `uint64_data`).
struct ExactTensor {
  var name: String
  /// ONNX `TensorProto.DataType` code.
  var dataType: Int32
  var shape: [Int]
  /// Row-major entries, exactly.
  var values: [Rational]

  var count: Int { values.count }

  /// The ONNX name of a data type code, for messages.
  static func typeName(_ code: Int32) -> String {
    switch code {
    case 1: return "FLOAT"
    case 2: return "UINT8"
    case 3: return "INT8"
    case 4: return "UINT16"
    case 5: return "INT16"
    case 6: return "INT32"
    case 7: return "INT64"
    case 8: return "STRING"
    case 9: return "BOOL"
    case 10: return "FLOAT16"
    case 11: return "DOUBLE"
    case 12: return "UINT32"
    case 13: return "UINT64"
    case 14: return "COMPLEX64"
    case 15: return "COMPLEX128"
    case 16: return "BFLOAT16"
    default: return "type \(code)"
    }
  }

  /// Whether `code` is one of the floating-point types read exactly.
  static func isFloat(_ code: Int32) -> Bool { [1, 10, 11, 16].contains(code) }

  /// Decodes `t`; a failure is an `InputError` naming `file` and `field`. External data
  /// (`data_location = EXTERNAL`, as torch.onnx.export writes beside large models: keys
  /// `location`, `offset`, `length`) is read from `location` relative to the model's
  /// directory `baseDirectory`; absolute locations and `..` components are refused.
  init(_ t: Onnx_TensorProto, file: String, field: String, baseDirectory: String? = nil) throws {
    func fail(_ message: String) -> InputError { InputError(file: file, field: field, message: message) }
    name = t.name
    dataType = t.dataType
    var rawData = t.rawData
    if t.dataLocation == .external {
      let keys = Dictionary(t.externalData.map { ($0.key, $0.value) }, uniquingKeysWith: { a, _ in a })
      guard let location = keys["location"], !location.isEmpty else { throw fail("external data without a location") }
      guard !location.hasPrefix("/"), !location.split(separator: "/").contains("..") else {
        throw fail("external data location \"\(location)\" must be a path inside the model's folder")
      }
      guard let offset = Int(keys["offset"] ?? "0"), offset >= 0 else { throw fail("external data offset \(keys["offset"] ?? "") is not an integer") }
      let path = (baseDirectory.map { $0 + "/" } ?? "") + location
      guard let handle = FileHandle(forReadingAtPath: path) else {
        throw fail("cannot read the external data file \(path)")
      }
      defer { try? handle.close() }
      let size = Int((try? handle.seekToEnd()) ?? 0)
      let length = Int(keys["length"] ?? "") ?? (size - offset)
      guard length >= 0, offset <= size, length <= size - offset else {
        throw fail("external data [\(offset), \(offset + length)) is out of range of \(path) (\(size) bytes)")
      }
      do {
        try handle.seek(toOffset: UInt64(offset))
        rawData = try handle.read(upToCount: length) ?? Data()
      } catch {
        throw fail("cannot read the external data file \(path) (\(error.localizedDescription))")
      }
      guard !rawData.isEmpty || t.dims.contains(0) else { throw fail("external data is empty") }
    }
    var count = 1
    var shape: [Int] = []
    for d in t.dims {
      guard d >= 0, d <= Int64(Int32.max) else { throw fail("dimension \(d) is out of range") }
      let (p, overflow) = count.multipliedReportingOverflow(by: Int(d))
      guard !overflow, p <= 100_000_000 else { throw fail("shape \(t.dims) has too many entries") }
      count = p
      shape.append(Int(d))
    }
    self.shape = shape
    let itemSize: Int
    switch dataType {
    case 2, 3, 9: itemSize = 1
    case 4, 5, 10, 16: itemSize = 2
    case 1, 6, 12: itemSize = 4
    case 7, 11, 13: itemSize = 8
    default: throw fail("unsupported element type \(ExactTensor.typeName(dataType)) (expected a float or integer tensor)")
    }
    var values: [Rational] = []
    if !rawData.isEmpty || t.dataLocation == .external {
      let bytes = [UInt8](rawData)
      guard bytes.count == count * itemSize else {
        throw fail("raw_data holds \(bytes.count) bytes but shape \(shape) of \(ExactTensor.typeName(dataType)) needs \(count) × \(itemSize)")
      }
      values.reserveCapacity(count)
      for k in 0..<count {
        var bits: UInt64 = 0
        for b in (0..<itemSize).reversed() { bits = bits << 8 | UInt64(bytes[k * itemSize + b]) }
        values.append(try ExactTensor.value(bits: bits, type: dataType, index: k, fail: fail))
      }
    } else {
      // Typed fields, by the ONNX rules of which field holds which type.
      let n: Int
      switch dataType {
      case 1: n = t.floatData.count
      case 11: n = t.doubleData.count
      case 7: n = t.int64Data.count
      case 12, 13: n = t.uint64Data.count
      default: n = t.int32Data.count
      }
      guard n == count else {
        throw fail("holds \(n) entries but shape \(shape) needs \(count)")
      }
      values.reserveCapacity(count)
      for k in 0..<count {
        let bits: UInt64
        switch dataType {
        case 1: bits = UInt64(t.floatData[k].bitPattern)
        case 11: bits = t.doubleData[k].bitPattern
        case 7: bits = UInt64(bitPattern: t.int64Data[k])
        case 12, 13: bits = t.uint64Data[k]
        case 10, 16, 4, 2: bits = UInt64(UInt32(bitPattern: t.int32Data[k]) & 0xFFFF)
        default: bits = UInt64(bitPattern: Int64(t.int32Data[k]))
        }
        values.append(try ExactTensor.value(bits: bits, type: dataType, index: k, fail: fail, signExtended: true))
      }
    }
    self.values = values
  }

  init(name: String, dataType: Int32, shape: [Int], values: [Rational]) {
    self.name = name
    self.dataType = dataType
    self.shape = shape
    self.values = values
  }

  /// One element from its little-endian bit pattern. Integer types narrower than 64 bits
  /// are sign- or zero-extended from their width (typed `int32_data` values are already
  /// sign-extended when `signExtended`).
  static func value(bits: UInt64, type: Int32, index k: Int, fail: (String) -> InputError,
                    signExtended: Bool = false) throws -> Rational {
    func finite<F: BinaryFloatingPoint>(_ x: F) throws -> Rational {
      guard let r = try? Rational(exactly: x) else { throw fail("entry \(k) is not finite (\(x))") }
      return r
    }
    switch type {
    case 1: return try finite(Float(bitPattern: UInt32(truncatingIfNeeded: bits)))
    case 11: return try finite(Double(bitPattern: bits))
    case 10: return try finite(Float(Float16(bitPattern: UInt16(truncatingIfNeeded: bits))))
    case 16: return try finite(Float(bitPattern: UInt32(truncatingIfNeeded: bits) << 16))
    case 2, 4, 12, 13, 9:
      let width: UInt64 = type == 2 || type == 9 ? 8 : (type == 4 ? 16 : (type == 12 ? 32 : 64))
      let v = width == 64 ? bits : bits & ((1 << width) - 1)
      return try Rational(parsing: String(v))
    default:
      let width: Int = type == 3 ? 8 : (type == 5 ? 16 : (type == 6 ? 32 : 64))
      if signExtended || width == 64 { return Rational(BigInt(Int(Int64(bitPattern: bits)))) }
      let shifted = Int64(bitPattern: bits << UInt64(64 - width)) >> Int64(64 - width)
      return Rational(BigInt(Int(shifted)))
    }
  }

  /// The entries as integers (for shapes and axes), or nil when one is not an integer.
  var integers: [Int]? {
    var out: [Int] = []
    for v in values {
      guard let i = Int(exactly: v) else { return nil }
      out.append(i)
    }
    return out
  }
}

extension Int {
  /// The integer value of an integral rational that fits an `Int`.
  init?(exactly r: Rational) {
    guard r.denominator == BigInt(1), let i = r.numerator.intValue else { return nil }
    self = i
  }
}
