import ArgumentParser
import Rational

/// Rational command-line values (γ, λ, slopes, ...) read exactly: `0.1` is 1/10, `3/2` and
/// `1e-5` are what they say. A value that is not a rational number is refused by the argument
/// parser with its one-line message (exit status 2, see `AAJR.main`); range checks (γ ≥ 0, ...)
/// are in each command's `validate()`. (Not `@retroactive`: Rational is a module of this package,
/// and the compiler refuses the attribute there.)
extension Rational: ExpressibleByArgument {
  public init?(argument: String) {
    guard let value = try? Rational(parsing: argument) else { return nil }
    self = value
  }
}
