import Testing
import Theorems

/// The YAML of theorem front matter (read with Yams): what it accepts reads as the plain form
/// does, and every feature that would make a claim file ambiguous is refused on its line.
@Suite struct TheoremFrontMatterYAMLTests {
  static let base = TheoremFileTests.base

  func parse(_ lines: [String]) throws -> TheoremFile {
    try TheoremFileTests().parse(TheoremFileTests.file(lines))
  }

  func error(_ lines: [String]) -> TheoremFileError? { TheoremFileTests().error(TheoremFileTests.file(lines)) }

  /// Accepted forms give the same file as the plainest one.
  @Test func acceptedFormsReadAsThePlainForm() throws {
    let plain = try parse(Self.base + ["parameters:", "  dims: 1-3", "steps:", "  - C >= 0"])
    let variants: [[String]] = [
      // Quotes, comments, blank lines, the two list indentations.
      ["id: 'T1'", "title: \"t\"", "# a comment", "", "family: random-relu  # trailing", "cases: 10", "seed: 1",
       "claim: \"C >= 0\"", "parameters:", "  dims: \"1-3\"", "steps:", "- 'C >= 0'"],
      // Another key order.
      ["steps:", "  - C >= 0", "parameters:", "    dims: 1-3"] + Self.base.reversed(),
    ]
    for lines in variants {
      let t = try parse(lines)
      #expect(t.id == plain.id && t.title == plain.title && t.family == plain.family && t.cases == plain.cases
              && t.seed == plain.seed && t.claimText == plain.claimText && t.parameters == plain.parameters
              && t.steps.map(\.text) == plain.steps.map(\.text), "\(lines)")
    }
    // Blank and comment lines may hold tabs (only indentation before a value may not).
    #expect(try parse(Self.base + ["\t", "\t# note"]).claimText == plain.claimText)
    let none = try parse(Self.base + ["parameters: {}", "steps: []"])
    #expect(none.parameters.isEmpty && none.steps.isEmpty)
    let empty = try parse(Self.base + ["parameters:", "steps:"])
    #expect(empty.parameters.isEmpty && empty.steps.isEmpty)
    // Double-quoted escapes are YAML's; the column of an expression error counts the source.
    let escaped = try parse(Self.base.dropLast() + ["claim: \"C\\u0020>= 0\""])
    #expect(escaped.claimText == "C >= 0")
    let e = error(Self.base.dropLast() + ["claim: \"C\\t>= (1\""])
    #expect(e?.line == 7 && e?.message == "claim, column 17: expected ')' to close '(', found end of input", "\(e.map(\.description) ?? "parsed")")
  }

  /// (name, front-matter lines, line, words of the message).
  static let refused: [(String, [String], Int, String)] = {
    let b = base
    return [
      ("anchor", b.map { $0.hasPrefix("title") ? "title: &t t" : $0 }, 3, "'title': YAML anchors and aliases are not accepted"),
      ("alias", b + ["steps:", "  - &s C >= 0", "  - *s"], 9, "step: YAML anchors and aliases are not accepted"),
      ("anchored key", ["&k id: T1"] + b.dropFirst(), 2, "YAML anchors and aliases are not accepted"),
      ("tag", b.map { $0.hasPrefix("cases") ? "cases: !!int 10" : $0 }, 5, "'cases': YAML tags are not accepted"),
      ("local tag", b.map { $0.hasPrefix("claim") ? "claim: !expr C >= 0" : $0 }, 7, "'claim': YAML tags are not accepted"),
      ("literal block", b.dropLast() + ["claim: |", "  C >= 0"], 7, "'claim': write the value on the line of its key"),
      ("folded block", b.dropLast() + ["claim: >", "  C >= 0"], 7, "'claim': write the value on the line of its key"),
      ("continued plain", b.dropLast() + ["claim: C >= 0 and", "  C >= 1"], 7, "'claim': write the value on the line of its key"),
      ("continued quote", b.dropLast() + ["claim: \"C >= 0 and", "  C >= 1\""], 7, "'claim': write the value on the line of its key"),
      ("flow steps", b + ["steps: [C >= 0, C >= 1]"], 8, "'steps:' takes '- EXPR' items on the lines below it"),
      ("flow parameters", b + ["parameters: {dims: 1-3}"], 8, "'parameters:' takes indented 'name: value' lines below it"),
      ("list value", b.map { $0.hasPrefix("title") ? "title:\n  - a" : $0 }, 4, "'title' takes one value on its line"),
      ("mapping parameter", b + ["parameters:", "  dims:", "    low: 1"], 10, "parameter 'dims' takes one value on its line"),
      ("nested step", b + ["steps:", "  - a: 1"], 9, "each step is a '- EXPR' item"),
      ("quoted key", ["\"id\": T1"] + b.dropFirst(), 2, "expected 'key: value' with a plain word as the key"),
      ("complex key", b + ["? [a]", ": C >= 1"], 8, "expected 'key: value' with a plain word as the key"),
      ("duplicate key", b + ["claim: C >= 1"], 8, "duplicate key 'claim' (first on line 7)"),
      ("duplicate parameter", b + ["parameters:", "  dims: 1", "  dims: 2"], 10, "duplicate parameter 'dims' (first on line 9)"),
      ("quoted cases", b.map { $0.hasPrefix("cases") ? "cases: \"10\"" : $0 }, 5, "cases must be a positive integer, not \"10\""),
      ("hex seed", b.map { $0.hasPrefix("seed") ? "seed: 0x10" : $0 }, 6, "seed must be an integer"),
      ("second document", b + ["...", "id: T2"], 9, "the front matter holds one YAML document"),
      ("directive", ["%YAML 1.2"] + b, 3, "the front matter holds one YAML document"),
      ("not a mapping", ["- id: T1"], 2, "the front matter holds 'key: value' lines"),
      ("null title", b.map { $0.hasPrefix("title") ? "title: ~" : $0 }, 3, "'title' needs a value"),
      ("null step", b + ["steps:", "  - null"], 9, "empty step: write '- EXPR'"),
    ]
  }()

  @Test func ambiguousYAMLIsRefusedOnItsLine() {
    for (name, lines, line, message) in Self.refused {
      let e = error(lines)
      #expect(e?.file == "theorems/T1.md", "\(name)")
      #expect(e?.line == line, "\(name): \(e.map(\.description) ?? "parsed")")
      if message != "~" {
        #expect(e?.message.contains(message) == true, "\(name): \(e.map(\.description) ?? "parsed")")
      }
      #expect(e?.description.contains("\n") == false, "\(name): one line")
    }
  }

  @Test func emptyFrontMatterMissesItsKeys() {
    #expect(TheoremFileTests().error("---\n---\nbody")?.description == "theorems/T1.md:1: missing required key 'id'")
  }
}
