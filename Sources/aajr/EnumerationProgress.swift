import Bounds
import ClaimLanguage
import CrossCheck
import Experiments
import Formats
import Foundation
import LinearAlgebra
import Model
import ONNXFormat
import Rational
import Reports
import Theorems
import Training
import Verification

/// Progress of a long region enumeration on stderr: on a terminal a self-erasing bar (when a
/// budget gives the run an end) or counter, redrawn at most every 0.2 s; otherwise one plain
/// line every 10 seconds, so logs show that a long run is alive without filling up.
final class EnumerationProgress: @unchecked Sendable {
  let label: String
  let started = Date()
  let timeLimit: Double?
  let terminal: Bool
  private var lastShown = Date()
  private var shown = false

  init(label: String, timeLimit: Double?) {
    self.label = label
    self.timeLimit = timeLimit
    terminal = standardErrorIsTerminal
  }

  /// Called with the number of finished leaves of the search.
  func update(_ leaves: Int) {
    let now = Date()
    let interval = now.timeIntervalSince(lastShown)
    guard interval >= (terminal ? 0.2 : 10) else { return }
    lastShown = now
    let elapsed = now.timeIntervalSince(started)
    if terminal {
      var line = "\r\u{1B}[K\(label): \(leaves) leaves, \(Int(elapsed)) s"
      if let timeLimit, timeLimit > 0 {
        let fraction = min(1, elapsed / timeLimit)
        let filled = Int(fraction * 20)
        line += " [" + String(repeating: "#", count: filled) + String(repeating: ".", count: 20 - filled) + "] of --time-limit"
      }
      FileHandle.standardError.write(Data(line.utf8))
      shown = true
    } else {
      FileHandle.standardError.write(Data("aajr: \(label): \(leaves) leaves after \(Int(elapsed)) s\n".utf8))
    }
  }

  /// Erases the terminal line.
  func finish() {
    if terminal && shown { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
  }
}
