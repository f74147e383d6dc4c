import ArgumentParser

/// The `aajr` command line: a thin layer over the Bounds and Verify libraries.
@main
struct AAJR: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "aajr",
    abstract: "Exact checks of Adversarially-Aligned Jacobian Regularization (AAJR).",
    discussion: """
      Every exact answer is computed in rational arithmetic (GMP). Exit status: 0 every \
      requested check holds, 1 a check fails, 2 bad usage or bad input.
      """,
    version: AAJRVersion.string,
    subcommands: []
  )
}

enum AAJRVersion {
  static let string = "0.1.0"
}
