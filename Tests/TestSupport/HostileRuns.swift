import Bounds
import Formats
import Foundation
import LinearAlgebra
import Model
import Rational

/// One run of the binary, with how it ended.
public struct HostileRun: Sendable {
  public var status: Int32
  /// True when the process ended by a signal (a crash), not by exit.
  public var signaled: Bool
  public var stdout: String
  public var stderr: String

  /// Whether stderr is exactly one line.
  public var oneLineError: Bool {
    stderr.hasSuffix("\n") && stderr.dropLast().split(separator: "\n", omittingEmptySubsequences: false).count == 1
  }
}

/// Runs `aajr` with `arguments` and extra `environment` variables; standard output goes to
/// `standardOutputPath` when given (e.g. /dev/full), else it is captured.
public func runHostile(_ arguments: [String], environment: [String: String] = [:],
                    standardOutputPath: String? = nil) throws -> HostileRun {
  let p = Process()
  p.executableURL = aajrExecutable
  p.arguments = arguments
  var env = ProcessInfo.processInfo.environment
  for (k, v) in environment { env[k] = v }
  p.environment = env
  let out = Pipe(), err = Pipe()
  var sink: FileHandle?
  if let standardOutputPath {
    sink = FileHandle(forWritingAtPath: standardOutputPath)
    p.standardOutput = sink
  } else {
    p.standardOutput = out
  }
  p.standardError = err
  try p.run()
  // Read both pipes concurrently so a large stdout cannot block the child.
  final class Box: @unchecked Sendable { var data = Data() }
  let o = Box()
  let group = DispatchGroup()
  if standardOutputPath == nil {
    group.enter()
    DispatchQueue.global().async {
      o.data = out.fileHandleForReading.readDataToEndOfFile()
      group.leave()
    }
  }
  let e = err.fileHandleForReading.readDataToEndOfFile()
  group.wait()
  p.waitUntilExit()
  try? sink?.close()
  return HostileRun(status: p.terminationStatus, signaled: p.terminationReason == .uncaughtSignal,
                    stdout: String(decoding: o.data, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
}

/// A fresh temporary folder for one test.
public func hostileTemporaryFolder(_ name: String) throws -> String {
  let dir = FileManager.default.temporaryDirectory
    .appendingPathComponent("aajr-hostile-\(getpid())-\(name)-\(UUID().uuidString.prefix(8))")
  try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
  return dir.path
}

/// Writes `text` to `dir/name` and returns the path.
public func writeTemporary(_ dir: String, _ name: String, _ text: String) throws -> String {
  let path = dir + "/" + name
  try Data(text.utf8).write(to: URL(fileURLWithPath: path))
  return path
}
