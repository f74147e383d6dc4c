import Foundation

/// Runs the program `command` found on PATH (through `/usr/bin/env`) with `arguments`,
/// capturing its exit status and output; `environment` entries are added to this process's.
public func runExternal(_ command: String, _ arguments: [String], environment: [String: String] = [:]) throws -> CommandRun {
  let p = Process()
  p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
  p.arguments = [command] + arguments
  if !environment.isEmpty { p.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 } }
  let out = Pipe(), err = Pipe()
  p.standardOutput = out
  p.standardError = err
  try p.run()
  let o = out.fileHandleForReading.readDataToEndOfFile(), e = err.fileHandleForReading.readDataToEndOfFile()
  p.waitUntilExit()
  return CommandRun(status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
}
