/// The members every `aajr-partial/1` file starts with (docs/cluster.md): the format tag, the
/// command that wrote the part, and which of how many shards it holds (`--shard i/n`: `shard` = i,
/// `shards` = n). `aajr merge` reads them back before the command's own members.
extension JSONWriter {
  package func partialHeader(command: String, shard: Int, shards: Int) {
    member("format", string: "aajr-partial/1")
    member("command", string: command)
    member("shard", raw: String(shard))
    member("shards", raw: String(shards))
  }
}
