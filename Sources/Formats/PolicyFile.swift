import Model
import Rational

extension Policy {
  /// The format tag of policy files.
  public static let formatName = "aajr-policy/1"

  /// Reads an `aajr-policy/1` document (SPEC section 3), checking every field.
  package init(reading r: FieldReader) throws {
    let format = try r.field("format").string()
    guard format == Policy.formatName else {
      throw try r.field("format").fail("expected \"\(Policy.formatName)\", found \(InputError.quote(format))")
    }
    try r.requireKnownKeys(["format", "input_dim", "layers"])
    let d = try r.field("input_dim").integer(atLeast: 1)
    let layerReaders = try r.field("layers").elements()
    guard !layerReaders.isEmpty else { throw try r.field("layers").fail("a policy needs at least one layer") }
    var width = d
    var layers: [Layer] = []
    for lr in layerReaders {
      try lr.requireKnownKeys(["weights", "bias", "activation", "slope"])
      let rows = try lr.field("weights").elements()
      guard !rows.isEmpty else { throw try lr.field("weights").fail("a layer needs at least one output") }
      let weights = try rows.map { try $0.rationals(count: width) }
      let bias = try lr.field("bias").rationals(count: weights.count)
      let act = try Activation(reading: lr)
      layers.append(Layer(weights: weights, bias: bias, activation: act))
      width = weights.count
    }
    self.init(inputDimension: d, layers: layers)
  }

  /// Reads a policy file's text.
  public init(file: String, text: String) throws {
    try self.init(reading: FieldReader.load(file: file, text: text))
  }

  /// The policy as an `aajr-policy/1` JSON document (exact, canonical rationals).
  public var jsonText: String {
    let w = JSONWriter()
    w.object {
      w.member("format", string: Policy.formatName)
      w.member("input_dim", raw: String(inputDimension))
      w.member("layers") {
        w.array(layers) { layer in
          w.object {
            w.member("weights") { w.array(layer.weights) { row in w.rationalArray(row) } }
            w.member("bias") { w.rationalArray(layer.bias) }
            w.member("activation", string: layer.activation.name)
            if case .leakyReLU(let s) = layer.activation { w.member("slope", string: s.description) }
          }
        }
      }
    }
    return w.text + "\n"
  }
}

extension Activation {
  /// Reads `activation` (and `slope` for `leaky_relu`) from a layer object.
  init(reading layer: FieldReader) throws {
    let field = try layer.field("activation")
    let name = try field.string()
    if name != "leaky_relu", let slope = try layer.optionalField("slope") {
      throw slope.fail("a slope is only read with leaky_relu; this layer's activation is \(InputError.quote(name))")
    }
    guard let activation = try Activation(name: name, slope: { try layer.field("slope").rational() }) else {
      throw field.fail("unknown activation \(InputError.quote(name)) (expected identity, relu, leaky_relu, hardtanh or abs)")
    }
    self = activation
  }
}
