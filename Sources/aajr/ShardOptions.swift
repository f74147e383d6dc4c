import ArgumentParser
import Model

/// `--shard i/n` with `--out PART.json` (`verify`, `theorems`), declared and checked once:
/// the part goes to --out, never with --json (that is the merged result's), and --out only
/// with --shard.
struct ShardOptions: ParsableArguments {
  @Option(parsing: .unconditional,
          help: "Compute only part i of n (0 ≤ i < n) and write it to --out as an aajr-partial/1 file (the command's description says what is split); `aajr merge` joins the parts.")
  var shard: String?

  @Option(help: "The partial result file of --shard (aajr-partial/1).")
  var out: String?

  /// The part asked for (nil without --shard); `check(json:)` has refused a malformed one.
  var part: Shard? { shard.flatMap { try? Shard(parsing: $0) } }

  func check(json: Bool) throws {
    let part = try shard.map { try Shard(parsing: $0) }
    if part != nil && json {
      throw InputError(file: "command line", field: "--shard", message: "writes its part to --out; --json is for the merged result (aajr merge)")
    }
    if part != nil && out == nil { throw InputError(file: "command line", field: "--out", message: "--shard needs --out PART.json") }
    if part == nil && out != nil {
      throw InputError(file: "command line", field: "--out", message: "only with --shard (the standard output is the result otherwise)")
    }
  }
}
