import Foundation
import Testing
import TestSupport

/// `aajr report --global exact|bound|off` and `--jobs`: the report states how γ_G² was
/// obtained, and its text does not depend on the number of workers.
@Suite struct ReportGlobalOptionTests {
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().path

  static func report(_ extra: [String]) throws -> CommandRun {
    let example = root + "/examples/two-agent-game"
    return try runAAJR(["report", "--policy", example + "/policy.json", "--problem", example + "/problem.json"] + extra)
  }

  @Test func eachGlobalModeSaysHowGammaGWasObtained() throws {
    let exact = try Self.report(["--global", "exact", "--jobs", "1"])
    let bound = try Self.report(["--global", "bound"])
    let off = try Self.report(["--global", "off"])
    #expect(exact.status == 0 && bound.status == 0 && off.status == 0)
    #expect(exact.stdout.contains("γ_G² ∈ [") && exact.stdout.contains("linear regions"))
    #expect(bound.stdout.contains("(a sound bound; --global exact enumerates the regions)"))
    #expect(off.stdout.contains("γ_G²: not computed (--global off)"))
    let two = try Self.report(["--jobs", "2"])
    #expect(two.stdout == exact.stdout, "the default is exact, and workers do not change the text")
  }

  @Test func badGlobalOrJobsExit2() throws {
    for extra in [["--global", "approximate"], ["--jobs", "0"]] {
      let r = try Self.report(extra)
      #expect(r.status == 2 && r.stdout.isEmpty, "\(extra): \(r.stderr)")
    }
  }
}
