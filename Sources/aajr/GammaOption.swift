import ArgumentParser
import Model
import Rational

/// `--gamma γ` of class membership (`verify`, `report`): an exact rational, γ ≥ 0.
struct GammaOption: ParsableArguments {
  @Option(parsing: .unconditional, help: "Decide membership in F_γ and F_ad(γ) for this γ (an exact rational, e.g. 3/2).")
  var gamma: Rational?

  func check() throws {
    if let g = gamma, g.signum < 0 {
      throw InputError(file: "command line", field: "--gamma", message: "γ must be non-negative, found \(g)")
    }
  }
}
