import Bounds
import CrossCheck
import Formats
import Foundation
import LinearAlgebra
import Model
import Rational
import Testing
import Verification

@testable import ONNXFormat

/// Tensor decoding details that fixtures do not reach: external data paths, sizes, integers.
@Suite struct ONNXTensorTests {
  @Test func externalDataOutsideTheModelFolderIsRefused() {
    for location in ["../secret.bin", "/etc/passwd", "a/../../b"] {
      var t = Onnx_TensorProto()
      t.name = "W"
      t.dataType = 1
      t.dims = [1]
      t.dataLocation = .external
      var entry = Onnx_StringStringEntryProto()
      entry.key = "location"
      entry.value = location
      t.externalData = [entry]
      #expect(throws: InputError.self, "\(location)") { try ExactTensor(t, file: "m.onnx", field: "W", baseDirectory: "/tmp") }
    }
  }

  @Test func sizesAreCheckedBeforeAnythingIsAllocated() {
    var t = Onnx_TensorProto()
    t.dataType = 1
    t.dims = [100_000_000]
    t.rawData = Data([0, 0, 128, 63])
    #expect(throws: InputError.self) { try ExactTensor(t, file: "m.onnx", field: "W") }
    t.dims = [Int64(Int32.max), Int64(Int32.max)]
    #expect(throws: InputError.self) { try ExactTensor(t, file: "m.onnx", field: "W") }
    t.dims = [-1]
    #expect(throws: InputError.self) { try ExactTensor(t, file: "m.onnx", field: "W") }
  }

  @Test func integerAndFloatEncodingsAreExact() throws {
    var t = Onnx_TensorProto()
    t.dataType = 7  // INT64, typed
    t.dims = [3]
    t.int64Data = [-1, 0, Int64.max]
    #expect(try ExactTensor(t, file: "m", field: "s").values == [-1, 0, try Rational(parsing: String(Int64.max))])
    var u = Onnx_TensorProto()
    u.dataType = 3  // INT8, raw
    u.dims = [2]
    u.rawData = Data([0xFF, 0x7F])
    #expect(try ExactTensor(u, file: "m", field: "s").values == [-1, 127])
    var h = Onnx_TensorProto()
    h.dataType = 16  // BFLOAT16 in int32_data
    h.dims = [2]
    h.int32Data = [0x3F80, 0xBE80]
    #expect(try ExactTensor(h, file: "m", field: "s").values == [1, Rational(-1, 4)])
    var nan = Onnx_TensorProto()
    nan.dataType = 1
    nan.dims = [1]
    nan.floatData = [.nan]
    #expect(throws: InputError.self) { try ExactTensor(nan, file: "m", field: "s") }
  }
}
