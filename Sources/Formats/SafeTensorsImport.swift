import Foundation
import Model
import Rational

/// A PyTorch checkpoint saved with safetensors, read as an exact policy (`aajr import --safetensors`).
///
/// Tensors are grouped by module (the name without its last component, after stripping
/// `prefix`): a module with a matrix `weight` [out, in] is a `Linear` (its `bias` [out] is
/// optional: `Linear(bias=False)` gets a zero bias); a module with `running_mean` and
/// `running_var` (and optional `weight` γ, `bias` β, `num_batches_tracked`) is a
/// `BatchNorm1d` in eval mode, folded into the Linear before it:
/// `y = a (x − μ) + β` with `a = γ/√(var + ε)` (exact when `var + ε` is the square of a
/// rational, otherwise the float64 value of the square root, which the notes say).
/// Module order: the explicit `layers` list; else, when every module name ends in an
/// integer (`0`, `2`, `net.4`, `fc1`, `fc2`), that integer; else the header order.
/// Activations: one per Linear (`activations`), or `hidden` for every Linear but the
/// last, which is `identity`. Every weight is the exact value of the stored float.
public struct SafeTensorsImport {
  public var policy: Policy
  /// What was assumed (modules, order, shapes, activations), one line each.
  public var notes: [String]

  public enum Activations {
    /// The same activation after every Linear but the last (identity).
    case hidden(Activation)
    /// One activation per Linear, in order.
    case perLayer([Activation])
  }

  struct Module {
    var name: String
    var order: Int?
    var firstIndex: Int
    var tensors: [String: SafeTensorsFile.Tensor] = [:]
  }

  public init(_ st: SafeTensorsFile, prefix: String? = nil, layers explicit: [String]? = nil,
              activations: Activations, batchNormEpsilon eps: Rational = Rational(1, 100_000)) throws {
    func fail(_ field: String, _ message: String) -> InputError { InputError(file: st.file, field: field, message: message) }
    var notes: [String] = []
    // Select and group.
    var modules: [String: Module] = [:]
    var ignored = 0
    for (index, t) in st.tensors.enumerated() {
      var name = t.name
      if let prefix {
        guard name.hasPrefix(prefix) else { ignored += 1; continue }
        name = String(name.dropFirst(prefix.count))
      }
      let parts = name.split(separator: ".", omittingEmptySubsequences: false)
      guard parts.count >= 2, let role = parts.last,
        ["weight", "bias", "running_mean", "running_var", "num_batches_tracked"].contains(role)
      else {
        throw fail(t.name, "not a Linear layer's weight or bias nor a BatchNorm statistic (expected names like 0.weight, 0.bias, fc1.weight)")
      }
      let module = parts.dropLast().joined(separator: ".")
      var m = modules[module] ?? Module(name: module, order: trailingInteger(module), firstIndex: index)
      m.tensors[String(role)] = t
      modules[module] = m
    }
    if let prefix {
      guard !modules.isEmpty else { throw fail("", "no tensor name starts with the prefix \"\(prefix)\"") }
      notes.append("prefix \"\(prefix)\": \(st.tensors.count - ignored) tensors kept, \(ignored) others ignored")
    }
    guard !modules.isEmpty else { throw fail("", "no tensors: expected Linear layers (0.weight, 0.bias, …)") }

    // Several sub-networks side by side (actor., critic.) must be chosen, not merged.
    if prefix == nil && explicit == nil {
      let heads = Set(modules.keys.compactMap { $0.contains(".") ? String($0.split(separator: ".")[0]) : nil })
      let roots = Set(modules.keys.map { String($0.split(separator: ".")[0]) })
      if heads.count > 1 && roots.count > 1 && roots.allSatisfy({ Int($0) == nil }) {
        throw fail("", "tensors of several sub-networks (\(roots.sorted().joined(separator: ", "))): choose one with --prefix, e.g. --prefix \(roots.sorted()[0]).")
      }
    }

    // Order.
    var ordered: [Module]
    if let explicit {
      ordered = try explicit.map { name in
        guard let m = modules[name] else {
          throw fail("--layers", "no module \(name) (modules: \(modules.keys.sorted().joined(separator: ", ")))")
        }
        return m
      }
      let rest = Set(modules.keys).subtracting(explicit)
      if !rest.isEmpty { notes.append("modules not in --layers, ignored: \(rest.sorted().joined(separator: ", "))") }
      notes.append("order: as given by --layers")
    } else if modules.values.allSatisfy({ $0.order != nil }) {
      ordered = modules.values.sorted { ($0.order!, $0.name) < ($1.order!, $1.name) }
      notes.append("order: by the integer ending each module name (\(ordered.map(\.name).joined(separator: ", ")))")
    } else {
      ordered = modules.values.sorted { $0.firstIndex < $1.firstIndex }
      notes.append("order: the header's (\(ordered.map(\.name).joined(separator: ", "))); give --layers to choose")
    }

    // Build Linear layers, folding BatchNorms into the Linear before them.
    var weights: [[[Rational]]] = [], biases: [[Rational]] = [], names: [[String]] = []
    for m in ordered {
      func tensor(_ role: String) -> SafeTensorsFile.Tensor? { m.tensors[role] }
      func floats(_ t: SafeTensorsFile.Tensor) throws -> [Rational] {
        guard t.dtype.isFloat else {
          throw fail(t.name, "unsupported dtype \(t.dtype.rawValue) for a weight (expected F16, BF16, F32 or F64)")
        }
        return t.values
      }
      let full = (prefix ?? "") + m.name
      if let rm = tensor("running_mean"), let rv = tensor("running_var") {
        let n = rm.shape.last ?? 0
        guard rm.shape == [n], rv.shape == [n] else { throw fail(rv.name, "shape \(rv.shape) does not match \(rm.name)'s \(rm.shape)") }
        guard let last = weights.indices.last, weights[last].count == n else {
          throw fail(rm.name, "a BatchNorm of \(n) features must follow a Linear layer with \(n) outputs")
        }
        let gamma = try tensor("weight").map { t -> [Rational] in
          guard t.shape == [n] else { throw fail(t.name, "shape \(t.shape), expected [\(n)]") }
          return try floats(t)
        } ?? Array(repeating: 1, count: n)
        let beta = try tensor("bias").map { t -> [Rational] in
          guard t.shape == [n] else { throw fail(t.name, "shape \(t.shape), expected [\(n)]") }
          return try floats(t)
        } ?? Array(repeating: 0, count: n)
        let mean = try floats(rm), variance = try floats(rv)
        var rounded = 0
        for i in 0..<n {
          let d = variance[i] + eps
          guard d.signum > 0 else { throw fail(rv.name, "var + eps = \(d) is not positive at feature \(i)") }
          let a: Rational
          let n2 = d.numerator.squareRootFloor(), d2 = d.denominator.squareRootFloor()
          if n2.exact && d2.exact, let root = try? Rational(numerator: n2.root, denominator: d2.root) {
            a = gamma[i] / root
          } else {
            a = try Rational(exactly: gamma[i].doubleNearest() / d.doubleNearest().squareRoot())
            rounded += 1
          }
          weights[last][i] = weights[last][i].map { a * $0 }
          biases[last][i] = a * (biases[last][i] - mean[i]) + beta[i]
        }
        names[last].append(full)
        notes.append("\(full): BatchNorm (eval) folded into the Linear before it, eps = \(eps); "
          + (rounded == 0 ? "every scale γ/√(var+eps) is rational and exact"
            : "\(rounded) of \(n) scales γ/√(var+eps) are irrational and were folded as their float64 value"))
        continue
      }
      guard let w = tensor("weight") else {
        let some = m.tensors.values.first!.name
        throw fail(some, "module \(full) has no weight: not a Linear layer, and not a complete BatchNorm (running_mean and running_var)")
      }
      guard w.shape.count == 2 else {
        throw fail(w.name, "shape \(w.shape) is not [out, in] (and \(full) has no running_mean/running_var of a BatchNorm)")
      }
      let (rows, cols) = (w.shape[0], w.shape[1])
      guard rows >= 1, cols >= 1 else { throw fail(w.name, "shape \(w.shape) is empty") }
      if let previous = weights.last, previous.count != cols {
        throw fail(w.name, "shape \(w.shape) takes \(cols) inputs but the previous layer \(names.last![0]).weight has \(previous.count) outputs")
      }
      let values = try floats(w)
      var bias = Array(repeating: Rational.zero, count: rows)
      if let b = tensor("bias") {
        guard b.shape == [rows] else { throw fail(b.name, "shape \(b.shape) does not match \(w.name)'s \(rows) outputs") }
        bias = try floats(b)
      } else {
        notes.append("\(full): no bias (Linear(bias=False)): zero bias")
      }
      weights.append((0..<rows).map { i in Array(values[(i * cols)..<((i + 1) * cols)]) })
      biases.append(bias)
      names.append([full])
    }
    guard !weights.isEmpty else { throw fail("", "no Linear layer (a weight of shape [out, in])") }

    let acts: [Activation]
    switch activations {
    case .hidden(let a):
      acts = weights.indices.map { $0 == weights.count - 1 ? .identity : a }
    case .perLayer(let list):
      guard list.count == weights.count else {
        throw InputError(file: "command line", field: "--activation",
                         message: "\(list.count) activations for \(weights.count) Linear layers (\(names.map { $0[0] }.joined(separator: ", ")))")
      }
      acts = list
    }
    let layers = weights.indices.map { Layer(weights: weights[$0], bias: biases[$0], activation: acts[$0]) }
    policy = Policy(inputDimension: layers[0].inputCount, layers: layers)
    var summary = ["safetensors \(st.file): \(layers.count) layer\(layers.count == 1 ? "" : "s"), input width \(policy.inputDimension)"]
    for (l, layer) in layers.enumerated() {
      summary.append("  layer \(l) (\(names[l].joined(separator: " + "))): \(layer.inputCount) -> \(layer.outputCount), \(layer.activation.name)"
        + (l == layers.count - 1 && { if case .hidden = activations { return true } else { return false } }() ? " (last layer)" : ""))
    }
    summary.append("  weights: the exact values of the stored floats; activations are not stored in a state dict: check them")
    self.notes = summary + notes
  }
}

/// The integer a module name ends with (`0`, `net.4` → 4, `fc12` → 12), nil when none.
private func trailingInteger(_ name: String) -> Int? {
  let digits = name.reversed().prefix { $0.isNumber }
  return digits.isEmpty ? nil : Int(String(digits.reversed()))
}
