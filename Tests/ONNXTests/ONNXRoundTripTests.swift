import Bounds
import CrossCheck
import Formats
import Foundation
import LinearAlgebra
import Model
import ONNXFormat
import Rational
import TestSupport
import Testing
import Verification

/// `aajr export --onnx` followed by `aajr import --onnx`: the policy comes back byte for byte.
@Suite struct ONNXRoundTripTests {
  @Test func exportThenImportIsByteStableOnRandomDyadicPolicies() throws {
    let seed: UInt64 = 20261129
    try forEachSeededCase(count: 40, seed: seed) { rng, caseSeed in
      let d = Int.random(in: 1...4, using: &rng), m = Int.random(in: 1...3, using: &rng)
      var p = RandomInstances.policy(inputs: d, outputs: m, dyadic: true, using: &rng)
      // The last layer's activation too (the generator leaves it identity).
      p.layers[p.layers.count - 1].activation = RandomInstances.activation(dyadic: true, using: &rng)
      let first = ONNXExport(policy: p, precision: .float64, producerVersion: "test")
      #expect(first.rounded == 0, "seed \(caseSeed)")
      let back = try ONNXImport(file: "m.onnx", data: first.data).policy
      #expect(back.jsonText == p.jsonText, "seed \(caseSeed): import(export(P)) differs from P")
      let second = ONNXExport(policy: back, precision: .float64, producerVersion: "test")
      #expect(second.data == first.data, "seed \(caseSeed): export is not byte-stable")
      // float32: the weights here are small dyadics, exact in float32 too.
      let f32 = ONNXExport(policy: p, precision: .float32, producerVersion: "test")
      #expect(f32.rounded == 0)
      #expect(try ONNXImport(file: "m.onnx", data: f32.data).policy == p, "seed \(caseSeed)")
    }
  }

  @Test func nonDyadicWeightsAreRoundedAndCounted() throws {
    let p = Policy(inputDimension: 1, layers: [Layer(weights: [[Rational(1, 3)]], bias: [Rational(1, 10)], activation: .relu)])
    let e64 = ONNXExport(policy: p, precision: .float64, producerVersion: "test")
    #expect(e64.rounded == 2)
    #expect(e64.maxRelativeError > 0 && e64.maxRelativeError <= 0x1p-53)
    let back = try ONNXImport(file: "m.onnx", data: e64.data).policy
    #expect(back.layers[0].weights[0][0] == (try Rational(exactly: (1.0 / 3.0))))
    let e32 = ONNXExport(policy: p, precision: .float32, producerVersion: "test")
    #expect(e32.rounded == 2)
    #expect(e32.maxRelativeError <= 0x1p-24)
  }

  @Test func floatNearestRoundsOnceNotTwice() throws {
    // 1 + 2⁻²⁴ + 2⁻⁶⁰: the nearest double is 1 + 2⁻²⁴ (a float32 tie), whose tie-to-even
    // float is 1; the exact value is above the tie, so the nearest float is 1 + 2⁻²³.
    let x = Rational(1) + Rational(1).scaled(byPowerOfTwo: -24) + Rational(1).scaled(byPowerOfTwo: -60)
    #expect(Float(x.doubleNearest()) == 1)
    #expect(x.floatNearest() == 1 + 0x1p-23)
    #expect(Rational(1, 3).floatNearest() == Float(1.0 / 3.0))
    #expect((Rational(1) + Rational(1).scaled(byPowerOfTwo: -24)).floatNearest() == 1)
  }
}
