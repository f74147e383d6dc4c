import Bounds
import Formats
import Foundation
import LinearAlgebra
import Model
import Rational

/// The built `aajr` executable beside the test bundle (`swift test` builds it).
public var aajrExecutable: URL {
  URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("aajr")
}

/// What one run of the binary did.
public struct CommandRun: Sendable {
  public var status: Int32
  public var stdout: String
  public var stderr: String
}

/// Runs `aajr` with `arguments`, capturing its exit status and output.
public func runAAJR(_ arguments: [String]) throws -> CommandRun {
  let p = Process()
  p.executableURL = aajrExecutable
  p.arguments = arguments
  let out = Pipe(), err = Pipe()
  p.standardOutput = out
  p.standardError = err
  try p.run()
  let o = out.fileHandleForReading.readDataToEndOfFile()
  let e = err.fileHandleForReading.readDataToEndOfFile()
  p.waitUntilExit()
  return CommandRun(status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self),
                    stderr: String(decoding: e, as: UTF8.self))
}
