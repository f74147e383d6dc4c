import ArgumentParser
import Bounds

/// `--global exact|bound|off` (`verify`, `report`), declared once: how γ_G² is obtained (exact
/// region enumeration, the cheap sound product bound, or not at all).
struct GlobalOption: ParsableArguments {
  @Option(help: "Global bound: exact region enumeration, a cheap sound upper bound, or off.")
  var global: GlobalMode = .exact
}
