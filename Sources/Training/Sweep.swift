import Bounds
import Formats
import Foundation
import LinearAlgebra
import Model
import Rational

/// A declared experiment (`aajr-sweep/1`): the product of tasks × regularizers × seeds ×
/// λ × γ × ε × K of float training runs, each verified exactly by `aajr experiment`.
///
/// File:
/// ```json
/// { "format": "aajr-sweep/1",
///   "tasks": ["teacher", "game"], "regularizers": ["none", "global", "aajr"],
///   "seeds": {"from": 0, "count": 10},          // or a list of integers
///   "lambda": ["default"], "gamma": ["default"],  // exact rationals or "default" (the task's)
///   "epsilon": ["default"], "K": ["default"],     // attack radius and PGA steps
///   "epochs": "default",                          // or an integer
///   "global": "auto" }                            // exact | bound | auto (exact when d ≤ 3)
/// ```
/// The runs are listed in a fixed order (task, λ, γ, ε, K, seed, regularizer), the order
/// of every table written from them.
package struct Sweep: Sendable {
  package struct Point: Sendable {
    package var configuration: TrainingConfiguration
    /// The regularizer as the sweep names it (`aajr`, or `aajr+schedule` for the constrained mode).
    package var regularizerName: String
    /// The exact texts of the swept settings (what tables and cache keys record).
    package var lambdaText: String
    package var epsilonText: String
    package var steps: Int
    /// The global-bound mode for this run's task: "exact" or "bound".
    package var globalMode: String
    /// A file-name-safe unique key of the run.
    package var key: String
  }

  package var points: [Point]
  package var tasks: [String]
  package var regularizers: [String]
  package var seeds: [UInt64]

  package static let formatName = "aajr-sweep/1"
  package static let scheduleSuffix = "+schedule"

  package init(reading r: FieldReader) throws {
    let format = try r.field("format").string()
    guard format == Sweep.formatName else { throw try r.field("format").fail("expected \"\(Sweep.formatName)\", found \"\(format)\"") }
    if case .object(let members) = r.value {
      let known: Set<String> = ["format", "tasks", "regularizers", "seeds", "lambda", "gamma", "epsilon", "K", "epochs", "global"]
      if let unknown = members.first(where: { !known.contains($0.key) }) {
        throw InputError(file: r.file, field: unknown.key, message: "unknown field (known: \(known.sorted().joined(separator: ", ")))")
      }
    }
    let taskField = try r.field("tasks")
    let taskList: [TrainingTask] = try taskField.elements().map { f in
      let name = try f.string()
      guard let t = TrainingTask.named(name) else {
        throw f.fail("unknown task \"\(name)\" (known: \(TrainingTask.all.map(\.name).joined(separator: ", ")))")
      }
      return t
    }
    guard !taskList.isEmpty else { throw taskField.fail("no task") }
    let regField = try r.field("regularizers")
    // A name `R+schedule` is regularizer R in the constrained mode (λ doubled after every
    // epoch whose penalty is positive).
    let regs: [(reg: Regularizer, name: String)] = try regField.elements().map { f in
      let name = try f.string()
      let base = name.hasSuffix(Sweep.scheduleSuffix) ? String(name.dropLast(Sweep.scheduleSuffix.count)) : name
      guard let reg = Regularizer(rawValue: base), !(reg == .none && base != name) else {
        throw f.fail("unknown regularizer \"\(name)\" (known: \(Regularizer.allCases.map(\.rawValue).joined(separator: ", ")), or a penalty followed by \(Sweep.scheduleSuffix))")
      }
      return (reg, name)
    }
    guard Set(regs.map(\.name)).count == regs.count else { throw regField.fail("a regularizer is listed twice") }
    guard !regs.isEmpty else { throw regField.fail("no regularizer") }
    let seedField = try r.field("seeds")
    var seedList: [UInt64] = []
    if case .array = seedField.value {
      seedList = try seedField.elements().map { UInt64(try $0.integer(atLeast: 0)) }
    } else {
      let from = try seedField.field("from").integer(atLeast: 0), count = try seedField.field("count").integer(atLeast: 1)
      seedList = (0..<count).map { UInt64(from + $0) }
    }
    guard !seedList.isEmpty else { throw seedField.fail("no seed") }
    guard Set(seedList).count == seedList.count else { throw seedField.fail("a seed is listed twice") }

    /// A list of exact rationals or "default" (nil).
    func settings(_ key: String, positive: Bool) throws -> [Rational?] {
      guard let f = try r.optionalField(key) else { return [nil] }
      let out: [Rational?] = try f.elements().map { e in
        if case .string("default") = e.value { return nil }
        let v = try e.rational()
        if positive ? v.signum <= 0 : v.signum < 0 { throw e.fail(positive ? "must be positive, found \(v)" : "must be non-negative, found \(v)") }
        return v
      }
      guard !out.isEmpty else { throw f.fail("empty list (use [\"default\"])") }
      return out
    }
    let lambdas = try settings("lambda", positive: false)
    let gammas = try settings("gamma", positive: false)
    let epsilons = try settings("epsilon", positive: true)
    var stepList: [Int?] = [nil]
    if let f = try r.optionalField("K") {
      stepList = try f.elements().map { e in
        if case .string("default") = e.value { return nil }
        return try e.integer(atLeast: 1)
      }
      guard !stepList.isEmpty else { throw f.fail("empty list (use [\"default\"])") }
    }
    var epochs: Int?
    if let f = try r.optionalField("epochs") {
      if case .string("default") = f.value { epochs = nil } else { epochs = try f.integer(atLeast: 1) }
    }
    var globalChoice = "auto"
    if let f = try r.optionalField("global") {
      globalChoice = try f.string()
      guard ["auto", "exact", "bound"].contains(globalChoice) else { throw f.fail("expected auto, exact or bound, found \"\(globalChoice)\"") }
    }

    func safe(_ s: String) -> String {
      s.replacingOccurrences(of: "/", with: "over").replacingOccurrences(of: "-", with: "m").replacingOccurrences(of: "+", with: "-")
    }
    var points: [Point] = []
    for task in taskList {
      let base = try task.instance(seed: 0, trainingSamples: 1, evaluationSamples: 1).evaluation
      let dimension = base.lower.count
      for lambda in lambdas {
        for gamma in gammas {
          for eps in epsilons {
            for steps in stepList {
              for seed in seedList {
                for (reg, regName) in regs {
                  var c = TrainingConfiguration(task: task, regularizer: reg, gamma: gamma, lambda: lambda?.doubleNearest(),
                                                epochs: epochs, seed: seed)
                  if regName != reg.rawValue { c.lambdaGrowth = 2 }
                  let attack = Attack(radius: eps ?? base.attack.radius, stepSize: base.attack.stepSize,
                                      steps: steps ?? base.attack.steps)
                  if attack != base.attack { c.attack = attack }
                  let lambdaText = lambda?.description ?? (try! Rational(exactly: task.defaultLambda)).description
                  let mode = globalChoice == "auto" ? (dimension <= 3 ? "exact" : "bound") : globalChoice
                  let key = [task.name, safe(regName), "seed\(seed)", "lambda\(safe(lambdaText))", "gamma\(safe(c.gammaText))",
                             "eps\(safe(attack.radius.description))", "K\(attack.steps)", "epochs\(c.epochs)", mode].joined(separator: "_")
                  points.append(Point(configuration: c, regularizerName: regName, lambdaText: lambdaText, epsilonText: attack.radius.description,
                                      steps: attack.steps, globalMode: mode, key: key))
                }
              }
            }
          }
        }
      }
    }
    self.points = points
    tasks = taskList.map(\.name)
    regularizers = regs.map(\.name)
    seeds = seedList
  }
}
