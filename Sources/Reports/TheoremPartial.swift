import Bounds
import CrossCheck
import Experiments
import Formats
import LinearAlgebra
import Model
import Rational
import Theorems
import Training
import Verification

/// One shard of `aajr theorems --shard i/n`: an `aajr-partial/1` file.
///
/// The theorem files, sorted by name, are dealt out: file `k` belongs to shard `k mod n`. A
/// shard checks its files exactly as the unsharded run would (each file's instances come from
/// its own seed, so a file's verdict does not depend on which machine checks it) and records,
/// per file, its entry of the `aajr-theorems/1` object as text. `aajr merge` checks that the
/// parts agree and cover every file once and joins the entries in file order: the unsharded
/// run's `--json` output byte for byte.
package struct TheoremPartial: Sendable {
  /// One checked file: its position among all files, id, verdict against `expect`, and JSON entry.
  package struct Entry: Sendable {
    package var index: Int
    package var id: String
    package var matchesExpectation: Bool
    package var json: String
  }

  package var shard: Int
  package var shardCount: Int
  /// Theorem files in the whole run.
  package var fileCount: Int
  /// The options every shard must share (`--cases`, `--seed`, the counterexample folder).
  package var options: [(key: String, value: String)]
  package var entries: [Entry]

  package init(shard: Int, shardCount: Int, fileCount: Int, options: [(key: String, value: String)], entries: [Entry]) {
    self.shard = shard
    self.shardCount = shardCount
    self.fileCount = fileCount
    self.options = options
    self.entries = entries
  }

  /// The entries of `run` (results in file order), numbered by `indices`.
  package init(shard: Int, shardCount: Int, fileCount: Int, options: [(key: String, value: String)],
              run: TheoremRun, indices: [Int]) {
    let texts = run.jsonEntries
    self.init(shard: shard, shardCount: shardCount, fileCount: fileCount, options: options,
              entries: zip(indices, zip(run.results, texts)).map { k, rt in
                Entry(index: k, id: rt.0.file.id, matchesExpectation: rt.0.matchesExpectation, json: rt.1)
              })
  }

  package var jsonText: String {
    let w = JSONWriter()
    w.object {
      w.partialHeader(command: "theorems", shard: shard, shards: shardCount)
      w.member("files", raw: String(fileCount))
      w.member("options") { w.object { for (k, v) in options { w.member(k, string: v) } } }
      w.member("theorems") {
        w.array(entries) { e in
          w.object {
            w.member("index", raw: String(e.index))
            w.member("id", string: e.id)
            w.member("matches_expectation", bool: e.matchesExpectation)
            w.member("entry", string: e.json)
          }
        }
      }
    }
    return w.text + "\n"
  }

  /// Reads the theorems-specific part of an `aajr-partial/1` file whose header was read.
  package init(reader f: FieldReader, shard: Int, shardCount: Int) throws {
    try f.requireKnownKeys(["format", "command", "shard", "shards", "files", "options", "theorems"])
    self.shard = shard
    self.shardCount = shardCount
    fileCount = try f.field("files").integer()
    let o = try f.field("options")
    guard case .object(let members) = o.value else { throw o.fail("expected an object, found \(o.value.kindName)") }
    options = try members.map { m in (m.key, try o.field(m.key).string()) }
    entries = try f.field("theorems").elements().map { e in
      try e.requireKnownKeys(["index", "id", "matches_expectation", "entry"])
      let m = try e.field("matches_expectation")
      guard case .bool(let b) = m.value else { throw m.fail("expected true or false, found \(m.value.kindName)") }
      return Entry(index: try e.field("index").integer(), id: try e.field("id").string(), matchesExpectation: b,
                   json: try e.field("entry").string())
    }
  }
}

extension TheoremRun {
  /// Each result's entry of `jsonText`, exactly as it appears there (indented for its depth),
  /// without the separators around it.
  package var jsonEntries: [String] {
    let (prefix, suffix) = Self.entryFrame
    return results.map { r in
      let one = TheoremRun(results: [r], counterexampleBase: counterexampleBase).jsonText
      precondition(one.hasPrefix(prefix) && one.hasSuffix(suffix), "aajr-theorems/1 layout changed")
      return String(one.dropFirst(prefix.count).dropLast(suffix.count))
    }
  }

  /// The `aajr-theorems/1` text made of entries (from `jsonEntries`), in order: `jsonText`
  /// of the run those entries came from.
  package static func jsonText(entries: [String]) -> String {
    let w = JSONWriter()
    w.object {
      w.member("format", string: "aajr-theorems/1")
      w.member("theorems") { w.array(entries) { w.element(raw: $0) } }
    }
    return w.text + "\n"
  }

  /// What surrounds the single entry of a one-result `jsonText`.
  static var entryFrame: (prefix: String, suffix: String) {
    let marker = "\u{1}"
    let framed = jsonText(entries: [marker])
    let parts = framed.components(separatedBy: marker)
    return (parts[0], parts[1])
  }
}
