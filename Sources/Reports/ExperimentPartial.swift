import Experiments
import Formats
import Foundation

/// One shard of `aajr experiment --shard i/n`: an `aajr-partial/1` file.
///
/// The sweep's runs, in the sweep's fixed order (`Sweep.points`), are dealt out: run `k`
/// belongs to shard `k mod n`. A shard trains and verifies its runs exactly as the unsharded
/// command would (each run depends only on its own settings and seed) and records, per run,
/// its key and its row as the exact `ExperimentRow` JSON (the text the run cache holds).
/// `aajr merge` checks that the parts share the sweep and cover every run once, and builds
/// the report from the rows in sweep order: the unsharded command's files, byte for byte.
package struct ExperimentPartial: Sendable {
  /// One run: its position in the sweep, cache key and row (`ExperimentRow.jsonText`).
  package struct Entry: Sendable {
    package var index: Int
    package var key: String
    package var row: String

    package init(index: Int, key: String, row: String) {
      self.index = index
      self.key = key
      self.row = row
    }
  }

  package var shard: Int
  package var shardCount: Int
  /// Runs in the whole sweep.
  package var runCount: Int
  /// The sweep file as named on the command line (it appears in the report's command).
  package var sweepPath: String
  /// The sweep file's text.
  package var sweepText: String
  package var entries: [Entry]

  package init(shard: Int, shardCount: Int, runCount: Int, sweepPath: String, sweepText: String, entries: [Entry]) {
    self.shard = shard
    self.shardCount = shardCount
    self.runCount = runCount
    self.sweepPath = sweepPath
    self.sweepText = sweepText
    self.entries = entries
  }

  package var jsonText: String {
    let w = JSONWriter()
    w.object {
      w.partialHeader(command: "experiment", shard: shard, shards: shardCount)
      w.member("runs", raw: String(runCount))
      w.member("sweep", string: sweepPath)
      w.member("sweep_text", string: sweepText)
      w.member("rows") {
        w.array(entries) { e in
          w.object {
            w.member("index", raw: String(e.index))
            w.member("key", string: e.key)
            w.member("row", string: e.row)
          }
        }
      }
    }
    return w.text + "\n"
  }

  /// Reads the experiment-specific part of an `aajr-partial/1` file whose header was read.
  package init(reader f: FieldReader, shard: Int, shardCount: Int) throws {
    try f.requireKnownKeys(["format", "command", "shard", "shards", "runs", "sweep", "sweep_text", "rows"])
    self.shard = shard
    self.shardCount = shardCount
    runCount = try f.field("runs").integer(atLeast: 1)
    sweepPath = try f.field("sweep").string()
    sweepText = try f.field("sweep_text").string()
    entries = try f.field("rows").elements().map { e in
      try e.requireKnownKeys(["index", "key", "row"])
      return Entry(index: try e.field("index").integer(), key: try e.field("key").string(), row: try e.field("row").string())
    }
  }
}
