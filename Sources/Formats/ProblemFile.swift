import Model
import Rational

extension Problem {
  /// The most trajectory coordinates (samples × (steps + 1) × input dimension) a problem file
  /// may ask for: every iterate is computed exactly and printed, so this bounds work and output.
  public static let maximumTrajectoryCoordinates = 500_000

  /// The format tag of problem files.
  public static let formatName = "aajr-problem/1"

  /// Reads an `aajr-problem/1` document (SPEC section 3). When `policy` is given,
  /// dimensions are checked against it (states against `input_dim`, targets and the
  /// loss against the output dimension).
  package init(reading r: FieldReader, policy: Policy? = nil) throws {
    let format = try r.field("format").string()
    guard format == Problem.formatName else {
      throw try r.field("format").fail("expected \"\(Problem.formatName)\", found \(InputError.quote(format))")
    }
    try r.requireKnownKeys(["format", "domain", "loss", "data", "attack"])
    let domain = try r.field("domain")
    try domain.requireKnownKeys(["lower", "upper"])
    let lowerField = try domain.field("lower")
    let lower = try lowerField.rationals(count: policy?.inputDimension)
    guard !lower.isEmpty else { throw lowerField.fail("the domain needs at least one coordinate") }
    let upperField = try domain.field("upper")
    let upper = try upperField.rationals(count: lower.count)
    for i in lower.indices where !(lower[i] < upper[i]) {
      throw InputError(file: r.file, field: "domain.upper[\(i)]",
                       message: "must be greater than domain.lower[\(i)] = \(lower[i]), found \(upper[i])")
    }
    let d = lower.count

    let dataField = try r.field("data")
    let items = try dataField.elements()
    guard !items.isEmpty else { throw dataField.fail("the data set is empty") }
    var samples: [Sample] = []
    var m = policy?.outputDimension
    for item in items {
      try item.requireKnownKeys(["state", "target"])
      let sf = try item.field("state")
      let s = try sf.rationals(count: d)
      for i in 0..<d where s[i] < lower[i] || s[i] > upper[i] {
        throw InputError(file: r.file, field: "\(sf.path)[\(i)]",
                         message: "state \(s[i]) lies outside the domain [\(lower[i]), \(upper[i])]")
      }
      let tf = try item.field("target")
      let y = try tf.rationals(count: m)
      if y.isEmpty { throw tf.fail("the target is empty") }
      m = y.count
      samples.append(Sample(state: s, target: y))
    }
    let outputs = m!

    let lf = try r.field("loss")
    let kindField = try lf.field("kind")
    let loss: QuadraticLoss
    switch try kindField.string() {
    case "squared_error":
      try lf.requireKnownKeys(["kind"])
      loss = .squaredError(dimension: outputs)
    case "quadratic":
      try lf.requireKnownKeys(["kind", "Q", "b"])
      let qf = try lf.field("Q")
      let rows = try qf.elements()
      guard rows.count == outputs else { throw qf.fail("expected \(outputs) rows, found \(rows.count)") }
      let Q = try rows.map { try $0.rationals(count: outputs) }
      for i in 0..<outputs {
        for j in 0..<i where Q[i][j] != Q[j][i] {
          throw InputError(file: r.file, field: "loss.Q[\(i)][\(j)]",
                           message: "Q must be symmetric: Q[\(i)][\(j)] = \(Q[i][j]) but Q[\(j)][\(i)] = \(Q[j][i])")
        }
      }
      let b = try lf.optionalField("b")?.rationals(count: outputs) ?? Array(repeating: 0, count: outputs)
      loss = QuadraticLoss(Q: Q, b: b)
    case let other:
      throw kindField.fail("unknown loss \(InputError.quote(other)) (expected squared_error or quadratic)")
    }

    let af = try r.field("attack")
    try af.requireKnownKeys(["radius", "step_size", "steps"])
    let radiusField = try af.field("radius")
    let radius = try radiusField.rational()
    guard radius.signum > 0 else { throw radiusField.fail("the radius must be positive, found \(radius)") }
    let etaField = try af.field("step_size")
    let eta = try etaField.rational()
    guard eta.signum > 0 else { throw etaField.fail("the step size must be positive, found \(eta)") }
    let steps = try af.field("steps").integer(atLeast: 0)
    guard steps <= 1_000_000 else { throw try af.field("steps").fail("at most 1000000 steps, found \(steps)") }
    let coordinates = samples.count.multipliedReportingOverflow(by: (steps + 1) * d)
    guard !coordinates.overflow, coordinates.partialValue <= Problem.maximumTrajectoryCoordinates else {
      throw try af.field("steps").fail(
        "\(samples.count) samples × \(steps + 1) iterates × \(d) coordinates exceed the limit of "
          + "\(Problem.maximumTrajectoryCoordinates) trajectory coordinates; use fewer samples or steps")
    }

    self.init(lower: lower, upper: upper, loss: loss, samples: samples,
              attack: Attack(radius: radius, stepSize: eta, steps: steps))
  }

  /// Reads a problem file's text, checked against `policy` when given.
  public init(file: String, text: String, policy: Policy? = nil) throws {
    try self.init(reading: FieldReader.load(file: file, text: text), policy: policy)
  }

  /// The problem as an `aajr-problem/1` JSON document.
  public var jsonText: String {
    let w = JSONWriter()
    w.object {
      w.member("format", string: Problem.formatName)
      w.member("domain") {
        w.object {
          w.member("lower") { w.rationalArray(lower) }
          w.member("upper") { w.rationalArray(upper) }
        }
      }
      w.member("loss") {
        w.object {
          if loss.isSquaredError {
            w.member("kind", string: "squared_error")
          } else {
            w.member("kind", string: "quadratic")
            w.member("Q") { w.array(loss.Q) { w.rationalArray($0) } }
            w.member("b") { w.rationalArray(loss.b) }
          }
        }
      }
      w.member("data") {
        w.array(samples) { s in
          w.object {
            w.member("state") { w.rationalArray(s.state) }
            w.member("target") { w.rationalArray(s.target) }
          }
        }
      }
      w.member("attack") {
        w.object {
          w.member("radius", string: attack.radius.description)
          w.member("step_size", string: attack.stepSize.description)
          w.member("steps", raw: String(attack.steps))
        }
      }
    }
    return w.text + "\n"
  }
}
