import Foundation

/// Progress of a command that finishes a known number of items (theorem files, experiment
/// runs), on stderr: on a terminal a self-erasing bar with the rate and an estimate of the time
/// left, redrawn at most every 0.2 s; otherwise (a batch or Slurm log) one plain line at most
/// every 10 seconds and one at the end, so a log shows that a long run is alive without filling up.
/// The estimate assumes the items left cost what the finished ones cost on average.
final class CountProgress: @unchecked Sendable {
  let label: String
  let noun: String
  let total: Int
  let started = Date()
  let terminal = standardErrorIsTerminal
  private let lock = NSLock()
  private var lastShown = Date.distantPast
  private var shown = false

  init(label: String, noun: String, total: Int) {
    self.label = label
    self.noun = noun
    self.total = total
  }

  /// The text for `done` finished items after `elapsed` seconds.
  static func line(label: String, noun: String, done: Int, total: Int, elapsed: Double) -> String {
    var text = "\(label): \(done)/\(total) \(noun) after \(Int(elapsed)) s"
    if done > 0 && elapsed > 0 {
      let rate = Double(done) / elapsed
      text += String(format: ", %.2f/s", rate)
      if done < total { text += ", about \(Int((Double(total - done) / rate).rounded(.up))) s left" }
    }
    return text
  }

  /// Called (from any thread) when `done` items are finished.
  func update(done: Int) {
    lock.lock()
    defer { lock.unlock() }
    let now = Date()
    let last = done >= total
    guard last || now.timeIntervalSince(lastShown) >= (terminal ? 0.2 : 10) else { return }
    lastShown = now
    let text = Self.line(label: label, noun: noun, done: done, total: total, elapsed: now.timeIntervalSince(started))
    if terminal {
      let filled = total > 0 ? min(20, done * 20 / total) : 20
      let bar = " [" + String(repeating: "#", count: filled) + String(repeating: ".", count: 20 - filled) + "]"
      FileHandle.standardError.write(Data(("\r\u{1B}[K" + text + bar).utf8))
      shown = true
    } else {
      FileHandle.standardError.write(Data("aajr: \(text)\n".utf8))
    }
  }

  /// Erases the terminal line.
  func finish() {
    lock.lock()
    defer { lock.unlock() }
    if terminal && shown { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
  }
}
