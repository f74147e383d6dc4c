import Bounds
import Formats
import LinearAlgebra
import Model
import Rational
import TestSupport
import Testing
import Verification

/// The double-description cuts (the fast path of region enumeration) against the exact
/// interior-point LP (the slow path), on seeded random polytopes in 1 to 4 dimensions.
@Suite struct PolytopeTests {
  @Test func cutAgreesWithTheExactLP() {
    forEachSeededCase(count: 60, seed: 77_001) { rng, caseSeed in
      let d = Int.random(in: 1...4, using: &rng)
      let lower = [Rational](repeating: -1, count: d), upper = [Rational](repeating: 1, count: d)
      var polytope = Polytope(lower: lower, upper: upper)
      var constraints: [(normal: [Rational], bound: Rational)] = []
      for _ in 0..<8 {
        let a = (0..<d).map { _ in Rational(Int.random(in: -4...4, using: &rng), Int.random(in: 1...3, using: &rng)) }
        let c = Rational(Int.random(in: -4...4, using: &rng), Int.random(in: 1...4, using: &rng))
        // Keep a·x + c ≤ 0, i.e. a·x ≤ −c.
        let cut = polytope.cut(keeping: a, plus: c)
        let lp = InteriorPointLP.interiorPoint(constraints: constraints + [(a, -c)], lower: lower, upper: upper)
        #expect((cut != nil) == (lp != nil), "seed \(caseSeed)")
        guard let cut else { continue }
        polytope = cut
        constraints.append((a, -c))
        let w = polytope.centroid
        #expect(constraints.allSatisfy { dot($0.normal, w) < $0.bound } || a.allSatisfy(\.isZero),
                "seed \(caseSeed): centroid strictly inside")
        #expect(zip(w, lower).allSatisfy { $0 > $1 } && zip(w, upper).allSatisfy { $0 < $1 }, "seed \(caseSeed)")
        for v in polytope.vertices {
          #expect(constraints.allSatisfy { dot($0.normal, v) <= $0.bound }, "seed \(caseSeed): vertex feasible")
        }
      }
    }
  }

  /// A cut through the middle of the square gives the expected 4 vertices.
  @Test func halfSquare() throws {
    let square = Polytope(lower: [0, 0], upper: [2, 2])
    let half = try #require(square.cut(keeping: [1, 0], plus: -1))  // x ≤ 1
    #expect(Set(half.vertices) == [[0, 0], [0, 2], [1, 0], [1, 2]])
    #expect(half.centroid == [Rational(1, 2), 1])
    #expect(square.cut(keeping: [1, 0], plus: 0) == nil)  // x ≤ 0 has empty interior
  }
}
