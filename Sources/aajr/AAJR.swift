import ArgumentParser
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

/// The `aajr` command line: a thin layer over the Bounds and Verify libraries.
@main
struct AAJR: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "aajr",
    abstract: "Exact checks of Adversarially-Aligned Jacobian Regularization (AAJR).",
    discussion: """
      Every exact answer is computed in rational arithmetic (GMP). Exit status: 0 every \
      requested check holds, 1 a check fails, 2 bad usage or bad input, 3 a budget \
      (--time-limit, --max-regions) was reached.
      """,
    version: AAJRVersion.string,
    subcommands: [VerifyCommand.self, TheoremsCommand.self, ReportCommand.self, DemoCommand.self, CrossCheckCommand.self, ImportCommand.self, ExportCommand.self, TrainCommand.self, ExperimentCommand.self, MergeCommand.self]
  )

  /// Parses and runs, mapping usage errors to exit status 2 (SPEC section 4).
  static func main() async {
    // A closed pipe is reported as a write error (exit status 2), not a silent SIGPIPE.
    signal(SIGPIPE, SIG_IGN)
    // GMP allocations are bounded and never reach GMP's abort handler. The environment
    // variable lowers the bound (bytes), for tests of that path.
    let limit = ProcessInfo.processInfo.environment["AAJR_GMP_LIMIT_BYTES"].flatMap { Int($0) }
    ArithmeticLimit.install(bytes: limit.map { max(4096, $0) } ?? ArithmeticLimit.defaultBytes)
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
      if code == .success {
        // --help, --version: checked like every other write to standard output.
        do { try writeStandardOutput(fullMessage(for: error) + "\n") } catch {
          printError((error as? InputError)?.description ?? "\(error)")
          Foundation.exit(2)
        }
        Foundation.exit(0)
      }
      // One line: the first line of the parser's message, printable and bounded.
      let first = message(for: error).split(whereSeparator: \.isNewline).first.map(String.init) ?? "bad usage"
      printError(first)
      Foundation.exit(2)
    }
  }
}

enum AAJRVersion {
  static let string = "0.1.0"
}
