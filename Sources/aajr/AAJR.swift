import ArgumentParser
import Bounds
import Foundation

/// The `aajr` command line: a thin layer over the Bounds and Verify libraries.
@main
struct AAJR: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "aajr",
    abstract: "Exact checks of Adversarially-Aligned Jacobian Regularization (AAJR).",
    discussion: """
      Every exact answer is computed in rational arithmetic (GMP). Exit status: 0 every \
      requested check holds, 1 a check fails, 2 bad usage or bad input.
      """,
    version: AAJRVersion.string,
    subcommands: [VerifyCommand.self, TheoremsCommand.self, ReportCommand.self, DemoCommand.self, CrossCheckCommand.self, ImportCommand.self, TrainCommand.self, ExperimentCommand.self]
  )

  /// Parses and runs, mapping usage errors to exit status 2 (SPEC section 4).
  static func main() async {
    do {
      var command = try parseAsRoot()
      if var asyncCommand = command as? AsyncParsableCommand {
        try await asyncCommand.run()
      } else {
        try command.run()
      }
    } catch let error as InputError {
      printError(error.description)
      Foundation.exit(2)
    } catch let error as ExitCode {
      Foundation.exit(error.rawValue)
    } catch {
      let code = exitCode(for: error)
      if code == .success { exit(withError: error) }
      printError(message(for: error))
      Foundation.exit(2)
    }
  }
}

enum AAJRVersion {
  static let string = "0.1.0"
}
