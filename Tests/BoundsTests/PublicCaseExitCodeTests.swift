import Foundation
import TestSupport
import Testing

/// `aajr verify`'s exit status on every public case and bundled example, pinned one by one
/// (0 every requested check holds, 1 one fails), with the verdict that decides it: p1 and p2
/// have an uncertified step size; the examples' step sizes are certified, and γ = 3/2 lies
/// outside F_γ for all four.
@Suite struct PublicCaseExitCodeTests {
  struct Pin: Sendable, CustomStringConvertible {
    var name: String
    var files: (policy: String, problem: String)
    var certified: Bool
    var status: Int32
    var statusWithGamma: Int32
    var description: String { name }
  }

  static let pins: [Pin] = [
    Pin(name: "p1", files: fixture("p1"), certified: false, status: 1, statusWithGamma: 1),
    Pin(name: "p2", files: fixture("p2"), certified: false, status: 1, statusWithGamma: 1),
    Pin(name: "regression", files: ShardingCommandTests.example("regression"), certified: true, status: 0, statusWithGamma: 1),
    Pin(name: "two-agent-game", files: ShardingCommandTests.example("two-agent-game"), certified: true, status: 0,
        statusWithGamma: 1),
  ]

  static func fixture(_ name: String) -> (policy: String, problem: String) {
    (CommandLineTests.fixture("cases/\(name)/policy.json"), CommandLineTests.fixture("cases/\(name)/problem.json"))
  }

  @Test(arguments: pins)
  func exitStatusIsPinned(pin: Pin) throws {
    let base = ["verify", "--policy", pin.files.policy, "--problem", pin.files.problem, "--json"]
    let plain = try runAAJR(base)
    #expect(plain.status == pin.status, "\(pin.name): \(plain.stderr)")
    #expect(plain.stdout.contains("\"certified\": \(pin.certified)"), "\(pin.name)")
    let withGamma = try runAAJR(base + ["--gamma", "3/2"])
    #expect(withGamma.status == pin.statusWithGamma, "\(pin.name) --gamma 3/2: \(withGamma.stderr)")
    #expect(withGamma.stdout.contains("\"global\": false"), "\(pin.name) --gamma 3/2")
    // The same γ written as a decimal is the same exact number: 1.5 is 3/2.
    let decimal = try runAAJR(base + ["--gamma", "1.5"])
    #expect(decimal.status == withGamma.status && decimal.stdout == withGamma.stdout, "\(pin.name) --gamma 1.5")
  }
}
