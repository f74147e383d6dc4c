import Bounds
import CrossCheck
import Formats
import Foundation
import LinearAlgebra
import Model
import Rational
import Testing
import Verification

/// `aajr import --safetensors` on checkpoint layouts beyond a bare Sequential: prefixes,
/// named layers, BatchNorm, bias-free Linear, per-layer activations.
@Suite struct SafeTensorsImportTests {
  typealias B = SafeTensorsBytes

  static func file(_ entries: [B.Entry]) throws -> SafeTensorsFile {
    try SafeTensorsFile(file: "ck.safetensors", data: B.file(entries))
  }

  @Test func biasFreeLinearGetsAZeroBias() throws {
    let e = B.twoLayers
    let imported = try SafeTensorsImport(try Self.file([e[0], e[2], e[3]]), activations: .hidden(.relu))
    #expect(imported.policy.layers[0].bias == [0, 0, 0])
    #expect(imported.notes.contains { $0.contains("0: no bias") })
  }

  @Test func actorCriticNeedsAPrefixAndThePrefixPicksTheActor() throws {
    let e = B.twoLayers
    func renamed(_ p: String) -> [B.Entry] { e.map { var x = $0; x.name = p + x.name; return x } }
    let both = try Self.file(renamed("actor.") + renamed("critic."))
    #expect(throws: InputError.self) { try SafeTensorsImport(both, activations: .hidden(.relu)) }
    do {
      _ = try SafeTensorsImport(both, activations: .hidden(.relu))
    } catch let err as InputError {
      #expect(err.message.contains("several sub-networks (actor, critic)"))
    }
    let actor = try SafeTensorsImport(both, prefix: "actor.", activations: .hidden(.relu)).policy
    #expect(actor == (try SafeTensorsImport(try Self.file(e), activations: .hidden(.relu)).policy))
  }

  @Test func namedLayersFollowTheirNumberOrTheExplicitList() throws {
    let e = B.twoLayers
    // fc2 is written first in the header; fc1, fc2 order by their number.
    let named = [B.f32("fc2.weight", [1, 3], B.w2), B.f32("fc2.bias", [1], B.b2),
                 B.f64("fc1.weight", [3, 2], B.w0), B.f64("fc1.bias", [3], B.b0)]
    let p = try SafeTensorsImport(try Self.file(named), activations: .hidden(.relu)).policy
    #expect(p == (try SafeTensorsImport(try Self.file(e), activations: .hidden(.relu)).policy))
    // "hidden" and "out": no numbers, header order unless --layers says otherwise.
    let words = [B.f64("hidden.weight", [3, 2], B.w0), B.f64("hidden.bias", [3], B.b0),
                 B.f32("out.weight", [1, 3], B.w2), B.f32("out.bias", [1], B.b2)]
    let q = try SafeTensorsImport(try Self.file(words), layers: ["hidden", "out"], activations: .hidden(.relu))
    #expect(q.policy == p)
    #expect(throws: InputError.self) {
      try SafeTensorsImport(try Self.file(words), layers: ["out", "hidden"], activations: .hidden(.relu))
    }
  }

  @Test func perLayerActivationsAreCheckedAgainstTheLayerCount() throws {
    let st = try Self.file(B.twoLayers)
    let p = try SafeTensorsImport(st, activations: .perLayer([.abs, .hardtanh])).policy
    #expect(p.layers.map(\.activation) == [.abs, .hardtanh])
    #expect(throws: InputError.self) { try SafeTensorsImport(st, activations: .perLayer([.relu])) }
  }

  /// BatchNorm1d in eval mode: y = γ(x − μ)/√(var + ε) + β, folded into the Linear before it.
  /// With var + ε a rational square the fold is exact: compare with the definition.
  @Test func batchNormIsFoldedExactlyWhenTheScaleIsRational() throws {
    let e = B.twoLayers
    // eps = 1/4 and var = 0, 2, 3/4 (exact doubles): var + eps = 1/4, 9/4, 1, whose roots are rational.
    let bn = [B.f64("1.weight", [3], [2, -1, 0.5]), B.f64("1.bias", [3], [0.25, 0, -1]),
              B.f64("1.running_mean", [3], [1, -0.5, 0]), B.f64("1.running_var", [3], [0, 2, 0.75]),
              B.Entry(name: "1.num_batches_tracked", dtype: "I64", shape: [], data: [7, 0, 0, 0, 0, 0, 0, 0])]
    let st = try Self.file([e[0], e[1]] + bn + [e[2], e[3]])
    let imported = try SafeTensorsImport(st, activations: .hidden(.relu), batchNormEpsilon: Rational(1, 4))
    let plain = try SafeTensorsImport(try Self.file(e), activations: .hidden(.relu)).policy
    let gamma: [Rational] = [2, -1, Rational(1, 2)], beta: [Rational] = [Rational(1, 4), 0, -1]
    let mean: [Rational] = [1, Rational(-1, 2), 0], root: [Rational] = [Rational(1, 2), Rational(3, 2), 1]
    let x: [Rational] = [Rational(3, 7), Rational(-2, 5)]
    let linear = zip(plain.layers[0].linear(x), plain.layers[0].bias).map { $0 + $1 }
    var expected: [Rational] = []
    for i in 0..<3 {
      let centred: Rational = linear[i] - mean[i]
      expected.append(gamma[i] * centred / root[i] + beta[i])
    }
    let folded = zip(imported.policy.layers[0].linear(x), imported.policy.layers[0].bias).map { $0 + $1 }
    #expect(folded == expected)
    #expect(imported.notes.contains { $0.contains("BatchNorm (eval) folded") && $0.contains("rational and exact") })
    // With PyTorch's eps the scales are irrational: folded as float64 and said so.
    let approx = try SafeTensorsImport(st, activations: .hidden(.relu))
    #expect(approx.notes.contains { $0.contains("irrational") })
  }
}
