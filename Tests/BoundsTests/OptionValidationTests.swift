import Foundation
import TestSupport
import Testing

/// Every option check happens before any file is read (`validate()`): a bad value exits 2 with
/// one line on stderr naming the option, writes nothing on stdout, and is refused even when the
/// input files do not exist. Rational options are read exactly by the argument parser, so a
/// value that is not a rational number gets its one-line message.
@Suite struct OptionValidationTests {
  static let missing = "/nonexistent/aajr-option-tests"

  /// (arguments, a word stderr must contain).
  static let refused: [([String], String)] = {
    let v = ["verify", "--policy", missing + "/p.json", "--problem", missing + "/q.json"]
    let r = ["report", "--policy", missing + "/p.json", "--problem", missing + "/q.json"]
    let t = ["train", "--reg", "none", "--out", missing + "/out"]
    return [
      (v + ["--gamma", "abc"], "--gamma"), (v + ["--gamma", "-1"], "non-negative"), (v + ["--gamma", "1/0"], "--gamma"),
      (v + ["--gamma-sq", "x"], "--gamma-sq"), (v + ["--gamma-sq", "-1/4"], "non-negative"),
      (v + ["--gamma", "1", "--gamma-sq", "1"], "not both"), (v + ["--conv-lps", "-1"], "--conv-lps"),
      (v + ["--jobs", "0"], "--jobs"), (v + ["--time-limit", "0"], "--time-limit"), (v + ["--max-regions", "x"], "--max-regions"),
      (v + ["--out", missing + "/part.json"], "--out"), (v + ["--shard", "0/2"], "--out"),
      (v + ["--shard", "0/2", "--out", missing + "/part.json", "--time-limit", "5"], "--time-limit"),
      (r + ["--gamma", "-2"], "non-negative"), (r + ["--gamma", "0.1.2"], "--gamma"), (r + ["--time-limit", "-1"], "--time-limit"),
      (t + ["--gamma", "-1"], "--gamma"), (t + ["--lambda", "1/x"], "--lambda"), (t + ["--lambda-growth", "1"], "--lambda-growth"),
      (t + ["--lambda-growth", "0.5"], "--lambda-growth"), (t + ["--task", "nope"], "--task"), (t + ["--epochs", "0"], "--epochs"),
      (["train", "--reg", "none"], "--out"), (["train", "--out", missing], "--reg"),
      (["demo", "--epochs", "0", "--out", missing + "/demo.md"], "--epochs"),
      (["theorems", "--dir", missing, "--cases", "0"], "--cases"), (["theorems", "--dir", missing, "--budget", "-1"], "--budget"),
      (["theorems", "--dir", missing, "--shard", "2/2", "--out", missing + "/p.json"], "--shard"),
      (["theorems", "--dir", missing, "--shard", "0/2", "--out", missing + "/p.json", "--json"], "--json"),
      (["merge", "--jobs", "-3", missing + "/a.json"], "--jobs"), (["merge"], "PARTS"),
      (["experiment", "--sweep", missing + "/s.json", "--jobs", "0"], "--jobs"),
      (["import", "--onnx", missing + "/m.onnx", "--safetensors", missing + "/m.st", "--out", missing + "/p.json"], "--onnx"),
      (["import", "--safetensors", missing + "/m.st", "--activation", "tanh", "--out", missing + "/p.json"], "--activation"),
      (["import", "--safetensors", missing + "/m.st", "--slope", "small", "--out", missing + "/p.json"], "--slope"),
      (["import", "--safetensors", missing + "/m.st", "--bn-eps", "1e", "--out", missing + "/p.json"], "--bn-eps"),
      (["import", "--vnnlib", missing + "/p.vnnlib", "--out", missing + "/q.json"], "--problem-template"),
      (["import", "--vnnlib", missing + "/p.vnnlib", "--problem-template", missing + "/q.json", "--vnnlib-as", "box",
        "--out", missing + "/r.json"], "--vnnlib-as"),
    ]
  }()

  @Test func badOptionsExitTwoBeforeAnyFileIsRead() throws {
    for (arguments, word) in Self.refused {
      let r = try runAAJR(arguments)
      let what = arguments.dropFirst().joined(separator: " ")
      #expect(r.status == 2 && r.stdout.isEmpty, "\(what): status \(r.status) \(r.stderr)")
      #expect(r.stderr.split(separator: "\n").count == 1, "\(what): one line: \(r.stderr)")
      #expect(r.stderr.contains(word), "\(what): \(r.stderr)")
      // The option is judged before the missing input file is looked at.
      #expect(!r.stderr.contains("no such"), "\(what): \(r.stderr)")
    }
  }
}
