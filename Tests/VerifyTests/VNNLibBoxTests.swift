import Bounds
import CrossCheck
import Formats
import Foundation
import LinearAlgebra
import Model
import Rational
import Testing
import Verification

/// VNN-LIB input boxes as the domain X or as one sample's ℓ∞ ball.
@Suite struct VNNLibBoxTests {
  static let property = """
    ; VNN-COMP style: inputs, outputs, a box and an output property
    (declare-const X_0 Real)
    (declare-const X_1 Real)
    (declare-const Y_0 Real)
    (assert (<= X_0 0.5))
    (assert (>= X_0 -0.5))
    (assert (and (<= X_1 1e-1) (>= X_1 (- 0.3)) (<= X_1 0.2)))
    (assert (>= Y_0 0))
    """

  static let problem = Problem(lower: [-2, -2], upper: [2, 2], loss: .squaredError(dimension: 1),
                               samples: [Sample(state: [0, 0], target: [1])],
                               attack: Attack(radius: Rational(1, 8), stepSize: Rational(1, 4), steps: 3))

  @Test func boundsAreReadExactlyAndIntersected() throws {
    let box = try VNNLibBox(file: "p.vnnlib", text: Self.property)
    #expect(box.lower == [Rational(-1, 2), Rational(-3, 10)])
    #expect(box.upper == [Rational(1, 2), Rational(1, 10)])  // min(1e-1, 0.2)
    #expect(box.ignoredOutputConstraints == 1)
    let p = try Self.problem.withDomain(box, file: "p.vnnlib")
    #expect(p.lower == box.lower && p.upper == box.upper && p.samples == Self.problem.samples)
  }

  @Test func aCubeBecomesOneSampleAndItsRadius() throws {
    let text = "(declare-const X_0 Real)(declare-const X_1 Real)(assert (<= X_0 0.75))(assert (>= X_0 0.25))(assert (<= 0.25 X_1))(assert (>= 0.75 X_1))"
    let box = try VNNLibBox(file: "c.vnnlib", text: text)
    let p = try Self.problem.withBall(box, file: "c.vnnlib")
    #expect(p.samples == [Sample(state: [Rational(1, 2), Rational(1, 2)], target: [1])])
    #expect(p.attack.radius == Rational(1, 4))
    #expect(throws: InputError.self) { try Self.problem.withBall(try VNNLibBox(file: "p", text: Self.property), file: "p") }
  }

  @Test func constraintsThatAreNotABoxAreRefusedWithTheirLine() {
    func message(_ text: String) -> String? {
      do { _ = try VNNLibBox(file: "bad.vnnlib", text: text); return nil } catch let e as InputError { return e.description } catch { return nil }
    }
    let head = "(declare-const X_0 Real)\n(declare-const X_1 Real)\n"
    #expect(message(head + "(assert (<= (+ X_0 X_1) 1))")?.contains("line 3") == true)
    #expect(message(head + "(assert (<= (+ X_0 X_1) 1))")?.contains("not a box") == true)
    #expect(message(head + "(assert (or (<= X_0 1) (>= X_0 2)))")?.contains("not a box") == true)
    #expect(message(head + "(assert (< X_0 1))")?.contains("not a box") == true)
    #expect(message(head + "(assert (<= X_0 1))(assert (>= X_0 0))(assert (<= X_1 1))")?.contains("X_1") == true)
    #expect(message(head + "(assert (<= X_0 1)") != nil)  // unbalanced
    #expect(message(head + "(assert (<= X_0 0))(assert (>= X_0 1))(assert (<= X_1 1))(assert (>= X_1 0))")?.contains("not below") == true)
  }
}
