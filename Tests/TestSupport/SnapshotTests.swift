import Foundation

/// Whether the slow snapshot tests run (full theorem reruns, the demo's training runs).
/// They are change detectors for committed reports, not the only check of any behaviour.
/// CI runs them; `AAJR_QUICK=1 swift test` skips them for a quick local run.
public let snapshotTestsEnabled = ProcessInfo.processInfo.environment["AAJR_QUICK"] != "1"
