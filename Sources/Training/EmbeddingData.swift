import Formats
import Foundation
import Model
import Rational

/// The committed data of the `embedding` task (`aajr-embedding-data/1`,
/// `experiments/embeddings/embedding-data.json`, written once by
/// `experiments/embeddings/make-embeddings.py`): short texts describing latent game states, each
/// with its state — the text's all-MiniLM-L6-v2 sentence embedding (384 numbers) projected by a
/// fixed linear map to `dimension` coordinates in `[−1, 1]` on the 1/256 grid — and its target
/// action, a known function of the latent state on the 1/1024 grid.
///
/// Every number is read exactly from its decimal text and checked to lie on its grid, so the
/// doubles training uses hold the very rationals the file states. The file also records where
/// its numbers come from (model name, package and version, the SHA-256 of the weights); the
/// projection's own parameters are kept in the file for provenance and are not read here.
package struct EmbeddingData: Sendable {
  /// The latent game state a text describes (see `make-embeddings.py`).
  package struct Latent: Sendable, Equatable {
    /// The rover's cell, each in −2…2 (west and south negative).
    package var x: Int, y: Int
    /// The contact's bearing from the rover as a king move, each in −1…1, not both 0.
    package var bearing: [Int]
    /// Distance 1…3, threat 1…3, approach factor 1, 1/2 or 0 (closing in, across, away).
    package var distance: Int, threat: Int
    package var approach: Rational
  }

  package struct Item: Sendable {
    package var text: String
    package var latent: Latent
    package var state: [Rational]
    package var action: [Rational]
  }

  package static let formatName = "aajr-embedding-data/1"
  package static let stateGrid = 256, actionGrid = 1024

  package var modelName: String
  package var package: String
  package var packageVersion: String
  package var weightsSHA256: String
  package var generatorSeed: Int
  /// The state dimension (the projection's output).
  package var dimension: Int
  package var items: [Item]

  /// Reads and checks the file's text; an error names the file, the field and the problem.
  package init(file: String, text: String) throws {
    let r = try FieldReader.load(file: file, text: text)
    let format = try r.field("format").string()
    guard format == EmbeddingData.formatName else {
      throw try r.field("format").fail("expected \"\(EmbeddingData.formatName)\", found \(InputError.quote(format))")
    }
    let model = try r.field("model")
    modelName = try model.field("name").string()
    package = try model.field("package").string()
    packageVersion = try model.field("package_version").string()
    weightsSHA256 = try model.field("weights_sha256").string()
    generatorSeed = try r.field("generator").field("seed").integer()
    let projection = try r.field("projection")
    dimension = try projection.field("dimension").integer(atLeast: 1)
    for (key, grid) in [("state_grid", EmbeddingData.stateGrid), ("action_grid", EmbeddingData.actionGrid)] {
      let g = try projection.field(key).integer()
      guard g == grid else { throw try projection.field(key).fail("expected \(grid), found \(g)") }
    }
    let dimension = dimension
    /// Entries of `field`, each a multiple of 1/grid in [−1, 1].
    func onGrid(_ field: FieldReader, count: Int, grid: Int) throws -> [Rational] {
      let values = try field.rationals(count: count)
      for (i, v) in values.enumerated() {
        guard (v * Rational(grid)).isInteger, v >= -1, v <= 1 else {
          throw InputError(file: field.file, field: "\(field.path)[\(i)]", message: "\(v) is not a multiple of 1/\(grid) in [-1, 1]")
        }
      }
      return values
    }
    func bounded(_ f: FieldReader, _ range: ClosedRange<Int>) throws -> Int {
      let v = try f.rational()
      guard v.isInteger, let i = v.numerator.intValue, range.contains(i) else {
        throw f.fail("expected an integer in \(range.lowerBound)...\(range.upperBound), found \(v)")
      }
      return i
    }
    let sampleField = try r.field("samples")
    items = try sampleField.elements().map { s in
      let l = try s.field("latent")
      let bearingField = try l.field("bearing")
      let bearing = try bearingField.elements().map { try bounded($0, -1...1) }
      guard bearing.count == 2, bearing != [0, 0] else { throw bearingField.fail("expected a king move [bx, by], not [0, 0]") }
      let approachField = try l.field("approach")
      let approach = try approachField.rational()
      guard [Rational(1), Rational(1, 2), Rational(0)].contains(approach) else { throw approachField.fail("expected 1, 1/2 or 0, found \(approach)") }
      let latent = Latent(x: try bounded(l.field("x"), -2...2), y: try bounded(l.field("y"), -2...2), bearing: bearing,
                          distance: try bounded(l.field("distance"), 1...3), threat: try bounded(l.field("threat"), 1...3),
                          approach: approach)
      return Item(text: try s.field("text").string(), latent: latent,
                  state: try onGrid(s.field("state"), count: dimension, grid: EmbeddingData.stateGrid),
                  action: try onGrid(s.field("action"), count: 2, grid: EmbeddingData.actionGrid))
    }
    guard !items.isEmpty else { throw sampleField.fail("no sample") }
  }

  /// The committed file in the source checkout this binary was built from.
  package static let committedPath: String = {
    let source = URL(fileURLWithPath: #filePath)  // …/Sources/Training/EmbeddingData.swift
    return source.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
      .appendingPathComponent("experiments/embeddings/embedding-data.json").path
  }()

  /// The file the task reads: `AAJR_EMBEDDING_DATA` when set, else the committed one.
  package static var path: String {
    if let p = ProcessInfo.processInfo.environment["AAJR_EMBEDDING_DATA"], !p.isEmpty { return p }
    return committedPath
  }

  /// Reads the file at `path`.
  package static func load(path: String) throws -> EmbeddingData {
    guard let data = FileManager.default.contents(atPath: path) else {
      throw InputError(file: path, field: "", message: "cannot read the embedding task's data file (set AAJR_EMBEDDING_DATA to its path)")
    }
    guard let text = String(data: data, encoding: .utf8) else { throw InputError(file: path, field: "", message: "not UTF-8 text") }
    return try EmbeddingData(file: path, text: text)
  }

  /// The task's data, read once per process.
  static let shared: Result<EmbeddingData, InputError> = {
    do { return .success(try load(path: path)) } catch let e as InputError { return .failure(e) } catch {
      return .failure(InputError(file: path, field: "", message: "\(error)"))
    }
  }()
}
