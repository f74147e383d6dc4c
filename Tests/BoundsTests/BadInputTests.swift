import Bounds
import Formats
import Foundation
import LinearAlgebra
import Model
import Rational
import Testing
import Verification

/// Every malformed input is rejected with an `InputError` naming the file, the field
/// path and the problem.
@Suite struct BadInputTests {
  static let policy = """
    { "format": "aajr-policy/1", "input_dim": 2,
      "layers": [
        { "weights": [["1/2", "-3"], ["0.25", 1]], "bias": ["0", "1/3"], "activation": "relu" },
        { "weights": [["1", "-1"]], "bias": ["0"], "activation": "identity" } ] }
    """
  static let problem = """
    { "format": "aajr-problem/1",
      "domain": { "lower": ["-1", "-1"], "upper": ["1", "1"] },
      "loss": { "kind": "quadratic", "Q": [["2"]], "b": ["0"] },
      "data": [ { "state": ["1/2", "0"], "target": ["1"] } ],
      "attack": { "radius": "1/10", "step_size": "1/4", "steps": 5 } }
    """

  struct Case: CustomTestStringConvertible, Sendable {
    var name: String
    var replace: String
    var with: String
    var field: String
    var message: String
    var testDescription: String { name }
  }

  static let policyCases: [Case] = [
    Case(name: "unknown activation", replace: "\"identity\"", with: "\"softplus\"",
         field: "layers[1].activation", message: "unknown activation \"softplus\""),
    Case(name: "ragged weights", replace: "[\"1\", \"-1\"]", with: "[\"1\"]",
         field: "layers[1].weights[0]", message: "expected 2 entries, found 1"),
    Case(name: "mis-sized bias", replace: "\"bias\": [\"0\"]", with: "\"bias\": [\"0\", \"1\"]",
         field: "layers[1].bias", message: "expected 1 entries, found 2"),
    Case(name: "non-numeric string", replace: "\"-3\"", with: "\"abc\"",
         field: "layers[0].weights[0][1]", message: "is not a rational number"),
    Case(name: "zero denominator", replace: "\"-3\"", with: "\"1/0\"",
         field: "layers[0].weights[0][1]", message: "zero denominator"),
    Case(name: "missing field", replace: "\"bias\": [\"0\", \"1/3\"], ", with: "",
         field: "layers[0].bias", message: "missing field"),
    Case(name: "leaky relu without slope", replace: "\"relu\"", with: "\"leaky_relu\"",
         field: "layers[0].slope", message: "missing field"),
    Case(name: "wrong format", replace: "aajr-policy/1", with: "aajr-policy/9",
         field: "format", message: "expected \"aajr-policy/1\""),
    Case(name: "bad input_dim", replace: "\"input_dim\": 2", with: "\"input_dim\": 0",
         field: "input_dim", message: "must be at least 1"),
    Case(name: "not JSON", replace: "{ \"format\"", with: "{ format",
         field: "", message: "not valid JSON"),
  ]

  static let problemCases: [Case] = [
    Case(name: "state outside the domain", replace: "[\"1/2\", \"0\"]", with: "[\"3/2\", \"0\"]",
         field: "data[0].state[0]", message: "outside the domain"),
    Case(name: "zero radius", replace: "\"radius\": \"1/10\"", with: "\"radius\": \"0\"",
         field: "attack.radius", message: "must be positive"),
    Case(name: "negative step", replace: "\"step_size\": \"1/4\"", with: "\"step_size\": \"-1/4\"",
         field: "attack.step_size", message: "must be positive"),
    Case(name: "empty data set", replace: "[ { \"state\": [\"1/2\", \"0\"], \"target\": [\"1\"] } ]", with: "[]",
         field: "data", message: "the data set is empty"),
    Case(name: "target of the wrong size", replace: "\"target\": [\"1\"]", with: "\"target\": [\"1\", \"2\"]",
         field: "data[0].target", message: "expected 1 entries, found 2"),
    Case(name: "empty domain", replace: "\"upper\": [\"1\", \"1\"]", with: "\"upper\": [\"1\", \"-1\"]",
         field: "domain.upper[1]", message: "must be greater than"),
    Case(name: "fractional steps", replace: "\"steps\": 5", with: "\"steps\": 2.5",
         field: "attack.steps", message: "expected an integer"),
    Case(name: "unknown loss", replace: "\"quadratic\"", with: "\"hinge\"",
         field: "loss.kind", message: "unknown loss"),
    Case(name: "missing attack", replace: ",\n  \"attack\": { \"radius\": \"1/10\", \"step_size\": \"1/4\", \"steps\": 5 }", with: "",
         field: "attack", message: "missing field"),
  ]

  @Test func validFilesAreAccepted() throws {
    let p = try Policy(file: "p.json", text: Self.policy)
    let q = try Problem(file: "q.json", text: Self.problem, policy: p)
    #expect(p.layers[0].weights[1][0] == Rational(1, 4))
    #expect(q.attack.radius == Rational(1, 10))
  }

  @Test(arguments: policyCases)
  func badPolicyIsRejected(_ c: Case) {
    let text = Self.policy.replacingFirst(c.replace, with: c.with)
    #expect(text != Self.policy, "the mutation applies")
    do {
      _ = try Policy(file: "p.json", text: text)
      Issue.record("accepted: \(c.name)")
    } catch let e as InputError {
      #expect(e.file == "p.json")
      #expect(e.field == c.field, "\(c.name): \(e)")
      #expect(e.message.contains(c.message), "\(c.name): \(e)")
    } catch {
      Issue.record("unexpected error \(error)")
    }
  }

  @Test(arguments: problemCases)
  func badProblemIsRejected(_ c: Case) throws {
    let p = try Policy(file: "p.json", text: Self.policy)
    let text = Self.problem.replacingFirst(c.replace, with: c.with)
    #expect(text != Self.problem, "the mutation applies")
    do {
      _ = try Problem(file: "q.json", text: text, policy: p)
      Issue.record("accepted: \(c.name)")
    } catch let e as InputError {
      #expect(e.field == c.field, "\(c.name): \(e)")
      #expect(e.message.contains(c.message), "\(c.name): \(e)")
    }
  }

  @Test func nonSymmetricQIsRejected() throws {
    let p = try Policy(file: "p.json", text: Self.policy.replacingFirst("[[\"1\", \"-1\"]], \"bias\": [\"0\"]",
                                                                      with: "[[\"1\", \"-1\"], [\"1\", \"1\"]], \"bias\": [\"0\", \"0\"]"))
    let text = Self.problem
      .replacingFirst("[[\"2\"]], \"b\": [\"0\"]", with: "[[\"2\", \"1\"], [\"0\", \"1\"]], \"b\": [\"0\", \"0\"]")
      .replacingFirst("\"target\": [\"1\"]", with: "\"target\": [\"1\", \"0\"]")
    #expect(throws: InputError(file: "q.json", field: "loss.Q[1][0]",
                               message: "Q must be symmetric: Q[1][0] = 0 but Q[0][1] = 1")) {
      _ = try Problem(file: "q.json", text: text, policy: p)
    }
  }
}

extension String {
  func replacingFirst(_ target: String, with replacement: String) -> String {
    guard let r = range(of: target) else { return self }
    return replacingCharacters(in: r, with: replacement)
  }
}
