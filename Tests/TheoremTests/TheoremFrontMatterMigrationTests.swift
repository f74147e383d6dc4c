import Foundation
@testable import Theorems
import Testing

/// TEMPORARY (deleted with the hand-written reader in the next commit): the Yams reader and the
/// hand-written one read every theorem file and every test fixture alike: the same fields when
/// both accept a file, the same line when both refuse it (the messages of YAML syntax errors
/// are libyaml's now).
@Suite struct TheoremFrontMatterMigrationTests {
  static func inputs() throws -> [(String, String)] {
    let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().appendingPathComponent("theorems").path
    var result: [(String, String)] = []
    for name in try FileManager.default.contentsOfDirectory(atPath: dir).sorted() where name.hasSuffix(".md") && name != "README.md" {
      result.append((name, try String(contentsOfFile: dir + "/" + name, encoding: .utf8)))
    }
    #expect(result.count >= 15)
    let b = TheoremFileTests.base
    let fixtures: [[String]] = [
      b, Array(b.dropFirst()), b + ["witness: C > 0"], Array(b.dropLast()), ["id: T1", "titel: t"] + b.dropFirst(2),
      b.map { $0.hasPrefix("cases") ? "cases: 0" : $0 }, b.map { $0.hasPrefix("cases") ? "cases: many" : $0 },
      b.map { $0.hasPrefix("cases") ? "cases: -3" : $0 }, b.map { $0.hasPrefix("seed") ? "seed: 1.5" : $0 },
      b.map { $0.hasPrefix("family") ? "family: random-relus" : $0 }, b + ["expect: true"], b + ["id: T2"],
      b.map { $0.hasPrefix("title") ? "title:" : $0 }, b.dropLast() + ["claim: gamma_adv_sq <= gama_sq_upper"],
      b.dropLast() + ["claim:   \"C >= (1\""], b.dropLast() + ["claim: C + 1"], b + ["steps:", "  - C >= 0", "  - C >= eta <= 1"],
      Array(b.dropLast()) + ["witness: 1 and monotone"], b + ["  x: 1"], b + ["parameters:", "  - 1"],
      b + ["parameters:", "  dims:"], b + ["parameters:", "  dims: 1", "  dims: 2"], b + ["parameters: dims"],
      b + ["just words"], b.map { $0.hasPrefix("title") ? "title: \"open" : $0 },
      b.map { $0.hasPrefix("title") ? "title: \"a\" b" : $0 }, b.map { $0.hasPrefix("id") ? "id: T 1" : $0 },
      b + ["parameters:", "\tdims: 1"],
    ]
    for (i, lines) in fixtures.enumerated() { result.append(("fixture \(i)", TheoremFileTests.file(lines))) }
    result.append(("valid", TheoremFileTests.valid))
    result.append(("witness", "---\nid: T2-strict\ntitle: strictness\nfamily: finite\ncases: 1_000\nseed: 0\nwitness: \"gamma_adv_sq < gamma_sq_upper\"\nexpect: refuted\n---\n"))
    result.append(("seed max", "---\nid: X\ntitle: t\nfamily: finite\ncases: 1\nseed: 18446744073709551615\nclaim: monotone\nsteps:\n- C >= 0\n---\nbody"))
    result.append(("crlf", TheoremFileTests.file(b).split(separator: "\n", omittingEmptySubsequences: false).joined(separator: "\r\n")))
    for claim in [String(repeating: "not ", count: 2_000) + "monotone",
                  String(repeating: "(", count: 3_000) + "C" + String(repeating: ")", count: 3_000) + " > 0"] {
      result.append(("deep", "---\nid: X1\ntitle: t\nfamily: random-relu\ncases: 1\nseed: 1\nclaim: " + claim + "\n---\nbody\n"))
    }
    for id in ["..", ".", "a/b", ".hidden"] {
      result.append(("id \(id)", "---\nid: \(id)\ntitle: t\nfamily: finite\ncases: 1\nseed: 1\nclaim: C >= 0\n---\nbody\n"))
    }
    for (name, value) in [("outputs", "0"), ("inputs", "-3"), ("activations", "relu, sigmoid"), ("depth", "3-1")] {
      result.append(("parameter \(name)", "---\nid: X2\ntitle: t\nfamily: finite\nparameters:\n  \(name): \(value)\ncases: 3\nseed: 1\nclaim: C >= 0\n---\n"))
    }
    return result
  }

  @Test func bothReadersAgree() throws {
    let t = TheoremFileTests()
    var compared = 0
    for (name, text) in try Self.inputs() {
      let yams = Result { try t.parse(text) }
      let hand = Result {
        try HandFrontMatterReader(path: "theorems/T1.md", text: text).read(
          quantities: TheoremFileTests.quantities, booleanQuantities: TheoremFileTests.booleans,
          knownFamilies: TheoremFileTests.families)
      }
      switch (yams, hand) {
      case (.success(let a), .success(let b)):
        #expect(a.id == b.id && a.title == b.title && a.family == b.family && a.parameters == b.parameters
                && a.parameterLines == b.parameterLines && a.cases == b.cases && a.seed == b.seed && a.expect == b.expect
                && a.claimText == b.claimText && a.steps.map(\.text) == b.steps.map(\.text)
                && a.steps.map(\.expression) == b.steps.map(\.expression) && a.body == b.body
                && a.frontMatterLines == b.frontMatterLines, "\(name)")
        switch (a.kind, b.kind) {
        case (.claim(let x), .claim(let y)), (.witness(let x), .witness(let y)): #expect(x == y, "\(name)")
        default: Issue.record("\(name): claim and witness differ")
        }
      case (.failure(let a as TheoremFileError), .failure(let b as TheoremFileError)):
        #expect(a.line == b.line, "\(name): \(a) vs \(b)")
      default:
        Issue.record("\(name): one reader accepts, the other refuses: \(yams) vs \(hand)")
      }
      compared += 1
    }
    print("front matter readers compared on \(compared) inputs")
  }
}
