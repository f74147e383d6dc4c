import Bounds
import ClaimLanguage
import Formats
import Model
import Rational
import Reports
import Testing
import Theorems
import Verification

/// The theorem-file reader: a valid file with every field, and malformed files rejected with
/// the file, the right line and (for expressions) the column.
@Suite struct TheoremFileTests {
  static let quantities: Set<String> = ["gamma_adv_sq", "gamma_sq_lower", "gamma_sq_upper", "beta_max", "C", "eta"]
  static let booleans: Set<String> = ["monotone"]
  static let families: Set<String> = ["random-relu", "finite"]

  func parse(_ text: String, path: String = "theorems/T1.md") throws -> TheoremFile {
    try TheoremFile.parse(path: path, text: text, quantities: Self.quantities, booleanQuantities: Self.booleans,
                          knownFamilies: Self.families)
  }

  /// The error for `text`, or nil when it parses.
  func error(_ text: String) -> TheoremFileError? {
    do {
      _ = try parse(text)
      return nil
    } catch let e as TheoremFileError {
      return e
    } catch {
      Issue.record("unexpected error \(error)")
      return nil
    }
  }

  static let valid = """
    ---
    # The gain bound.
    id: T1
    title: "AAJR's gain: never above the global bound"
    family: random-relu
    parameters:
      dims: 1-3
      widths: "2-4"
      activations: relu,abs   # comment
    cases: 200
    seed: 2026
    expect: holds
    claim: gamma_adv_sq <= gamma_sq_upper and (monotone implies beta_max <= C)
    steps:
      - gamma_sq_lower <= gamma_adv_sq
      - 'gamma_adv_sq <= gamma_sq_upper'
    ---
    # Theorem 1

    The body.

    """

  @Test func validFileHasEveryField() throws {
    let t = try parse(Self.valid)
    #expect(t.path == "theorems/T1.md")
    #expect(t.id == "T1")
    #expect(t.title == "AAJR's gain: never above the global bound")
    #expect(t.family == "random-relu")
    #expect(t.parameters == ["dims": "1-3", "widths": "2-4", "activations": "relu,abs"])
    #expect(t.parameterLines == ["dims": 7, "widths": 8, "activations": 9])
    #expect(t.cases == 200)
    #expect(t.seed == 2026)
    #expect(t.expect == .holds)
    #expect(t.claimText == "gamma_adv_sq <= gamma_sq_upper and (monotone implies beta_max <= C)")
    guard case .claim(let e) = t.kind else {
      Issue.record("expected a claim")
      return
    }
    #expect(e == (try ClaimExpression.parse(t.claimText, quantities: Self.quantities, booleanQuantities: Self.booleans)))
    #expect(t.steps.map(\.text) == ["gamma_sq_lower <= gamma_adv_sq", "gamma_adv_sq <= gamma_sq_upper"])
    #expect(t.steps[0].expression == .comparison(.lessOrEqual, .quantity("gamma_sq_lower"), .quantity("gamma_adv_sq")))
    #expect(t.frontMatterLines == 17)
    #expect(t.body == "# Theorem 1\n\nThe body.\n")
  }

  @Test func witnessRefutedAndDefaults() throws {
    let t = try parse("""
      ---
      id: T2-strict
      title: strictness
      family: finite
      cases: 1_000
      seed: 0
      witness: "gamma_adv_sq < gamma_sq_upper"
      expect: refuted
      ---
      """)
    guard case .witness(let e) = t.kind else {
      Issue.record("expected a witness")
      return
    }
    #expect(e == .comparison(.less, .quantity("gamma_adv_sq"), .quantity("gamma_sq_upper")))
    #expect(t.cases == 1000)
    #expect(t.seed == 0)
    #expect(t.expect == .refuted)
    #expect(t.parameters.isEmpty)
    #expect(t.steps.isEmpty)
    #expect(t.body == "")
    #expect(t.frontMatterLines == 9)

    let d = try parse("---\nid: X\ntitle: t\nfamily: finite\ncases: 1\nseed: 18446744073709551615\nclaim: monotone\nsteps:\n- C >= 0\n---\nbody")
    #expect(d.expect == .holds)
    #expect(d.seed == UInt64.max)
    #expect(d.steps.map(\.text) == ["C >= 0"])
    #expect(d.body == "body")
  }

  static let base = ["id: T1", "title: t", "family: random-relu", "cases: 10", "seed: 1", "claim: C >= 0"]

  /// A file from front-matter lines (line 1 is `---`, so `lines[i]` is on line i + 2).
  static func file(_ lines: [String]) -> String { (["---"] + lines + ["---", "body"]).joined(separator: "\n") }

  @Test func malformedFilesNameTheLine() {
    let b = Self.base
    let cases: [(String, [String], Int, String)] = [
      ("missing id", Array(b.dropFirst()), 1, "missing required key 'id'"),
      ("missing seed", b.filter { !$0.hasPrefix("seed") }, 1, "missing required key 'seed'"),
      ("both", b + ["witness: C > 0"], 8, "a theorem has exactly one of 'claim:' and 'witness:', not both (the other is on line 7)"),
      ("neither", Array(b.dropLast()), 1, "a theorem needs exactly one of 'claim:' and 'witness:'"),
      ("unknown key", ["id: T1", "titel: t"] + b.dropFirst(2), 3,
       "unknown key 'titel' (known keys: id, title, family, parameters, cases, seed, expect, claim, witness, steps)"),
      ("cases 0", b.map { $0.hasPrefix("cases") ? "cases: 0" : $0 }, 5, "cases must be a positive integer, not '0'"),
      ("cases word", b.map { $0.hasPrefix("cases") ? "cases: many" : $0 }, 5, "cases must be a positive integer, not 'many'"),
      ("cases negative", b.map { $0.hasPrefix("cases") ? "cases: -3" : $0 }, 5, "cases must be a positive integer, not '-3'"),
      ("seed", b.map { $0.hasPrefix("seed") ? "seed: 1.5" : $0 }, 6, "seed must be an integer from 0 to 18446744073709551615, not '1.5'"),
      ("unknown family", b.map { $0.hasPrefix("family") ? "family: random-relus" : $0 }, 4,
       "unknown family 'random-relus' (known families: finite, random-relu)"),
      ("expect", b + ["expect: true"], 8, "expect must be 'holds' or 'refuted', not 'true'"),
      ("duplicate", b + ["id: T2"], 8, "duplicate key 'id' (first on line 2)"),
      ("empty value", b.map { $0.hasPrefix("title") ? "title:" : $0 }, 3, "'title' needs a value"),
      ("bad expression", b.dropLast() + ["claim: gamma_adv_sq <= gama_sq_upper"], 7,
       "claim, column 24: unknown quantity 'gama_sq_upper'"),
      ("quoted expression", b.dropLast() + ["claim:   \"C >= (1\""], 7,
       "claim, column 18: expected ')' to close '(', found end of input"),
      ("number claim", b.dropLast() + ["claim: C + 1"], 7,
       "claim, column 8: must be a boolean (a comparison, or one combined with and, or, not, implies), but this is a number"),
      ("bad step", b + ["steps:", "  - C >= 0", "  - C >= eta <= 1"], 10,
       "step, column 14: comparisons do not chain: write 'a < b and b < c'"),
      ("bad witness", Array(b.dropLast()) + ["witness: 1 and monotone"], 7,
       "witness, column 10: 'and' needs a boolean, but this is a number"),
      ("indented stray", b + ["  x: 1"], 8, "~'x': not valid YAML: mapping values are not allowed"),
      ("item outside steps", b + ["parameters:", "  - 1"], 9, "'parameters:' takes indented 'name: value' lines below it"),
      ("parameter without value", b + ["parameters:", "  dims:"], 9, "parameter 'dims' needs a value"),
      ("duplicate parameter", b + ["parameters:", "  dims: 1", "  dims: 2"], 10, "duplicate parameter 'dims' (first on line 9)"),
      ("parameters inline", b + ["parameters: dims"], 8, "'parameters:' takes indented 'name: value' lines below it"),
      ("no colon", b + ["just words"], 8, "~not valid YAML: while scanning a simple key, could not find expected ':'"),
      ("unterminated", b.map { $0.hasPrefix("title") ? "title: \"open" : $0 }, 3, "~'title': not valid YAML: while scanning a quoted scalar"),
      ("after quote", b.map { $0.hasPrefix("title") ? "title: \"a\" b" : $0 }, 3, "~'title': not valid YAML:"),
      ("bad id", b.map { $0.hasPrefix("id") ? "id: T 1" : $0 }, 2, "id 'T 1' may only hold letters, digits, '_', '-' and '.'"),
      ("tab", b + ["parameters:", "\tdims: 1"], 9, "tabs are not allowed in indentation; use spaces"),
    ]
    for (name, lines, line, message) in cases {
      let e = error(Self.file(lines))
      #expect(e?.file == "theorems/T1.md", "\(name)")
      #expect(e?.line == line, "\(name): \(e.map(\.description) ?? "parsed")")
      // "~…": libyaml's words, pinned by their start.
      if message.hasPrefix("~") {
        #expect(e?.message.hasPrefix(message.dropFirst()) == true, "\(name): \(e?.message ?? "parsed")")
      } else {
        #expect(e?.message == message, "\(name)")
      }
    }
  }

  @Test func delimiters() {
    #expect(error("id: T1\n")?.description == "theorems/T1.md:1: a theorem file starts with a front matter block: '---' on line 1")
    #expect(error("---\nid: T1\n")?.description == "theorems/T1.md:1: the front matter opened on line 1 is never closed by a '---' line")
    #expect(error("")?.line == 1)
    // CRLF files read the same.
    let crlf = Self.file(Self.base).split(separator: "\n", omittingEmptySubsequences: false).joined(separator: "\r\n")
    #expect(error(crlf) == nil)
  }

  @Test func errorDescription() {
    let e = TheoremFileError(file: "theorems/T4.md", line: 9, message: "claim, column 3: unknown quantity 'x'")
    #expect(e.description == "theorems/T4.md:9: claim, column 3: unknown quantity 'x'")
  }
}
