import Bounds
import CrossCheck
import Formats
import Foundation
import LinearAlgebra
import Model
import Rational
import Testing
import Verification

/// Builds safetensors bytes in Swift: header length, JSON header, little-endian data.
enum SafeTensorsBytes {
  struct Entry {
    var name: String
    var dtype: String
    var shape: [Int]
    var data: [UInt8]
  }

  static func f64(_ name: String, _ shape: [Int], _ values: [Double]) -> Entry {
    Entry(name: name, dtype: "F64", shape: shape,
          data: values.flatMap { v in (0..<8).map { UInt8(truncatingIfNeeded: v.bitPattern >> (8 * $0)) } })
  }

  static func f32(_ name: String, _ shape: [Int], _ values: [Float]) -> Entry {
    Entry(name: name, dtype: "F32", shape: shape,
          data: values.flatMap { v in (0..<4).map { UInt8(truncatingIfNeeded: v.bitPattern >> (8 * $0)) } })
  }

  /// The file; `offsets` overrides an entry's data_offsets, `headerText` the whole header.
  static func file(_ entries: [Entry], offsets: [String: (Int, Int)] = [:], headerText: String? = nil,
                   lengthOverride: UInt64? = nil) -> Data {
    var parts: [String] = ["\"__metadata__\":{\"format\":\"pt\"}"]
    var data: [UInt8] = []
    for e in entries {
      let (b, end) = offsets[e.name] ?? (data.count, data.count + e.data.count)
      parts.append("\"\(e.name)\":{\"dtype\":\"\(e.dtype)\",\"shape\":\(e.shape),\"data_offsets\":[\(b),\(end)]}")
      data += e.data
    }
    var header = Array((headerText ?? "{" + parts.joined(separator: ",") + "}").utf8)
    while header.count % 8 != 0 { header.append(0x20) }  // padded with spaces, as the writer does
    let n = lengthOverride ?? UInt64(header.count)
    return Data((0..<8).map { UInt8(truncatingIfNeeded: n >> (8 * $0)) } + header + data)
  }

  /// A two-layer Sequential (Linear(2, 3), act, Linear(3, 1)) with non-dyadic decimals.
  static let w0: [Double] = [0.1, -0.2, 0.3, 1.0 / 3.0, -2.5, 1e-30]
  static let b0: [Double] = [0.7, 0, -0.0]
  static let w2: [Float] = [0.1, -1.5, 3.25]
  static let b2: [Float] = [-0.3]
  static var twoLayers: [Entry] {
    [f64("0.weight", [3, 2], w0), f64("0.bias", [3], b0), f32("2.weight", [1, 3], w2), f32("2.bias", [1], b2)]
  }
}

/// `aajr import`'s reader: exact values, Sequential order, and one named error per malformed file.
@Suite struct SafeTensorsTests {
  static func policy(_ data: Data, activation: Activation = .relu) throws -> Policy {
    try Policy(safeTensors: SafeTensorsFile(file: "m.safetensors", data: data), hiddenActivation: activation)
  }

  static func rejection(_ data: Data) -> InputError? {
    do {
      _ = try policy(data)
      return nil
    } catch let e as InputError { return e } catch { return InputError(file: "?", field: "?", message: "\(error)") }
  }

  @Test func importReadsTheExactFloats() throws {
    let p = try Self.policy(SafeTensorsBytes.file(SafeTensorsBytes.twoLayers))
    #expect(p.inputDimension == 2)
    #expect(p.layers.count == 2)
    #expect(p.layers[0].activation == .relu)
    #expect(p.layers[1].activation == .identity)
    let w0 = try SafeTensorsBytes.w0.map { try Rational(exactly: $0) }
    #expect(p.layers[0].weights == [Array(w0[0..<2]), Array(w0[2..<4]), Array(w0[4..<6])])
    #expect(p.layers[0].bias == (try SafeTensorsBytes.b0.map { try Rational(exactly: $0) }))
    #expect(p.layers[1].weights == [try SafeTensorsBytes.w2.map { try Rational(exactly: $0) }])
    #expect(p.layers[1].bias == [try Rational(exactly: Float(-0.3))])
    // The value of the float, not the decimal it was typed as.
    #expect(p.layers[0].weights[0][0] != Rational(1, 10))
    #expect(p.layers[0].weights[0][0].doubleNearest() == 0.1)
    #expect(p.layers[1].bias[0].doubleNearest() == Double(Float(-0.3)))
  }

  @Test func importRoundTripsThroughThePolicyFile() throws {
    let p = try Self.policy(SafeTensorsBytes.file(SafeTensorsBytes.twoLayers), activation: .leakyReLU(slope: Rational(1, 100)))
    let back = try Policy(file: "policy.json", text: p.jsonText)
    #expect(back == p)
  }

  @Test func sequentialIndexOrdersLayersNotHeaderOrder() throws {
    let e = SafeTensorsBytes.twoLayers
    let p = try Self.policy(SafeTensorsBytes.file([e[3], e[2], e[1], e[0]]))
    #expect(p.layers.map(\.outputCount) == [3, 1])
    // A module prefix (`net.0.weight`) is accepted too, ordered numerically (10 after 2).
    let renamed = [("0", "net.2"), ("2", "net.10")].reduce(e) { es, r in
      es.map { var x = $0; x.name = x.name.replacingOccurrences(of: r.0 + ".", with: r.1 + ".", options: .anchored); return x }
    }
    let q = try Self.policy(SafeTensorsBytes.file(renamed.reversed()))
    #expect(q == p)
  }

  @Test func pythonFixtureMatchesItsHexSpelling() throws {
    let dir = try #require(Bundle.module.url(forResource: "Fixtures", withExtension: nil))
    let st = try SafeTensorsFile(contentsOf: dir.appendingPathComponent("sequential.safetensors").path)
    let expectedText = try String(contentsOf: dir.appendingPathComponent("sequential.expected.json"), encoding: .utf8)
    guard case .object(let expected) = try JSONValue.parse(expectedText) else { Issue.record("not an object"); return }
    #expect(st.tensors.count == expected.count)
    #expect(st.metadata.first?.key == "format")
    for (name, spec) in expected {
      let t = try #require(st[name], "tensor \(name)")
      guard case .string(let dtype)? = spec["dtype"], case .array(let hex)? = spec["hex"] else {
        Issue.record("bad expected entry \(name)"); continue
      }
      #expect(t.dtype.rawValue == dtype)
      #expect(t.values.count == hex.count)
      for (v, h) in zip(t.values, hex) {
        guard case .string(let text) = h, let d = Double(text) else { Issue.record("bad hex \(h)"); continue }
        #expect(v == (try Rational(exactly: d)), "\(name): \(text)")
      }
    }
    let p = try Policy(safeTensors: st, hiddenActivation: .relu)
    #expect(p.inputDimension == 2)
    #expect(p.layers.map(\.outputCount) == [4, 3, 1])
    #expect(p.layers.map(\.activation) == [.relu, .relu, .identity])
    #expect(p.layers.allSatisfy { $0.weights.joined().allSatisfy(\.isDyadic) })
  }

  @Test func halfPrecisionValuesAreExact() throws {
    // 0x3C00 = 1, 0xC000 = −2, 0x0001 = 2⁻²⁴ (smallest subnormal), 0x3555 ≈ 1/3.
    let halves: [UInt16] = [0x3C00, 0xC000, 0x0001, 0x3555]
    let bytes = halves.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
    let bf: [UInt16] = [0x3F80, 0xBE80]  // 1, −0.25
    let data = SafeTensorsBytes.file([
      .init(name: "0.weight", dtype: "F16", shape: [2, 2], data: bytes),
      .init(name: "0.bias", dtype: "BF16", shape: [2], data: bf.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }),
    ])
    let p = try Self.policy(data)
    #expect(p.layers[0].weights == [[1, -2], [Rational(1, 1 << 24), Rational(1365, 4096)]])
    #expect(p.layers[0].bias == [1, Rational(-1, 4)])
  }

  @Test func malformedFilesAreRejectedNamingTheTensor() throws {
    let e = SafeTensorsBytes.twoLayers
    func expectRejected(_ data: Data, field: String, _ words: String, sourceLocation: SourceLocation = #_sourceLocation) {
      guard let err = Self.rejection(data) else {
        Issue.record("accepted a malformed file (\(words))", sourceLocation: sourceLocation)
        return
      }
      #expect(err.file == "m.safetensors", sourceLocation: sourceLocation)
      #expect(err.field == field, "\(err)", sourceLocation: sourceLocation)
      #expect(err.message.contains(words), "\(err)", sourceLocation: sourceLocation)
      #expect(!err.description.contains("\n"), sourceLocation: sourceLocation)
    }
    expectRejected(Data([1, 0, 0]), field: "header", "too short")
    expectRejected(SafeTensorsBytes.file(e, lengthOverride: 1 << 40), field: "header", "exceeds")
    expectRejected(SafeTensorsBytes.file(e, headerText: "{\"0.weight\": [1, 2"), field: "header", "not JSON")
    expectRejected(SafeTensorsBytes.file(e, headerText: "[1, 2]"), field: "header", "expected an object")
    var i64 = e
    i64[1].dtype = "I64"
    expectRejected(SafeTensorsBytes.file(i64), field: "0.bias", "unsupported dtype I64")
    expectRejected(SafeTensorsBytes.file(e, offsets: ["2.weight": (48, 4096)]), field: "2.weight.data_offsets", "out of range")
    expectRejected(SafeTensorsBytes.file(e, offsets: ["2.weight": (20, 10)]), field: "2.weight.data_offsets", "out of range")
    expectRejected(SafeTensorsBytes.file(e, offsets: ["0.bias": (48, 64)]), field: "0.bias.data_offsets", "needs 3 × 8")
    // Layer 2 takes 4 inputs, layer 0 has 3 outputs.
    let mismatch = [e[0], e[1], SafeTensorsBytes.f32("2.weight", [1, 4], [1, 2, 3, 4]), e[3]]
    expectRejected(SafeTensorsBytes.file(mismatch), field: "2.weight", "previous layer 0.weight has 3 outputs")
    // A bias alone is not a layer; a weight alone is Linear(bias=False) (see biasFreeLinearGetsAZeroBias).
    expectRejected(SafeTensorsBytes.file([e[0], e[1], e[3]]), field: "2.bias", "has no weight")
    expectRejected(SafeTensorsBytes.file([e[0], SafeTensorsBytes.f64("0.bias", [2], [0, 0]), e[2], e[3]]),
                   field: "0.bias", "does not match")
    expectRejected(SafeTensorsBytes.file([SafeTensorsBytes.f64("0.weight", [6], SafeTensorsBytes.w0)] + e[1...]),
                   field: "0.weight", "is not [out, in]")
    expectRejected(SafeTensorsBytes.file([SafeTensorsBytes.f64("0.weight", [3, 2], [0, .nan, 0, 0, 0, 0])] + e[1...]),
                   field: "0.weight[1]", "not finite")
    expectRejected(SafeTensorsBytes.file(e + [SafeTensorsBytes.f64("1.running_mean", [1], [0])]),
                   field: "1.running_mean", "not a Linear layer")
    expectRejected(SafeTensorsBytes.file([]), field: "", "no tensors")
  }
}
