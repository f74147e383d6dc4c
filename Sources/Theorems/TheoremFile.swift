import Bounds
import ClaimLanguage
import Formats
import LinearAlgebra
import Model
import Rational
import Verification

// Theorem files (SPEC section 5): Markdown with a YAML front matter block.
//
//     ---
//     id: T1
//     title: "AAJR's gain never exceeds the global Jacobian bound"
//     family: random-relu
//     parameters:
//       dims: 1-3
//       activations: relu,abs
//     cases: 200
//     seed: 2026
//     expect: holds                  # or refuted; default holds
//     claim: gamma_adv_sq <= gamma_sq_upper
//     steps:
//       - gamma_sq_lower <= gamma_adv_sq
//     ---
//     Markdown body: statement, source in the paper, proof outline.
//
// The front matter is YAML, read with Yams (TheoremFrontMatter.swift says which YAML is accepted):
// a mapping of `key: value` lines, `parameters:` a mapping of `name: value` lines, `steps:` a
// list of `- EXPR` items. Keys: id, title, family, cases, seed (required); parameters, expect,
// steps (optional); exactly one of claim, witness. Anything else is an error naming the file and
// line; an expression's error also names the column inside that line.

/// One theorem file: its front matter, parsed and checked, and its Markdown body.
public struct TheoremFile: Sendable {
  /// What checking the file should find: the claim holds, or the toolkit refutes it.
  public enum Expectation: String, Sendable { case holds, refuted }
  /// `claim:` must hold on every instance where it is defined; `witness:` on at least one.
  public enum Kind: Sendable { case claim(ClaimExpression), witness(ClaimExpression) }

  public var path: String
  public var id: String
  public var title: String
  /// The instance family's name, e.g. "random-relu".
  public var family: String
  /// The family's parameters, as written (e.g. dims: "1-3", activations: "relu,abs").
  public var parameters: [String: String]
  /// Number of instances to check, ≥ 1.
  public var cases: Int
  public var seed: UInt64
  public var expect: Expectation
  public var kind: Kind
  /// The source text of the claim or witness expression.
  public var claimText: String
  /// Proof steps, each checked like a claim.
  public var steps: [(text: String, expression: ClaimExpression)]
  /// The Markdown after the front matter (line ends as "\n").
  public var body: String
  /// Lines of the front matter, both `---` delimiters included (the body starts on line
  /// `frontMatterLines + 1`).
  public var frontMatterLines: Int
  /// The file line of each parameter, for errors about it (e.g. a name the family does not take).
  public var parameterLines: [String: Int] = [:]
}

/// A malformed theorem file: "FILE:LINE: message".
public struct TheoremFileError: Error, CustomStringConvertible {
  public var file: String
  /// 1-based line in the file.
  public var line: Int
  public var message: String

  public init(file: String, line: Int, message: String) {
    self.file = file
    self.line = line
    self.message = message
  }

  public var description: String { "\(file):\(line): \(message)" }
}

extension TheoremFile {
  /// The largest `cases` a file or the command line may ask for.
  public static let maximumCases = 1_000_000

  /// Keys a front matter may hold.
  public static let knownKeys = ["id", "title", "family", "parameters", "cases", "seed", "expect",
                                 "claim", "witness", "steps"]

  /// Parses and checks a theorem file (see the format above). Expressions are parsed with
  /// `ClaimExpression.parse(_:quantities:booleanQuantities:)` and must be boolean; their errors are
  /// reported on the key's (or the step's) line with the column inside that line. Missing keys,
  /// and a file with neither `claim:` nor `witness:`, are reported on line 1.
  public static func parse(
    path: String, text: String, quantities: Set<String>, booleanQuantities: Set<String>,
    knownFamilies: Set<String>
  ) throws -> TheoremFile {
    let reader = TheoremFrontMatter(path: path, text: text)
    return try check(reader.read(knownKeys: knownKeys), path: path,
                     quantities: quantities, booleanQuantities: booleanQuantities, knownFamilies: knownFamilies)
  }
}


extension TheoremFile {
  /// Checks the front matter's entries (required keys, the types and ranges of their values,
  /// the expressions) and builds the file.
  static func check(
    _ entries: FrontMatterEntries, path: String, quantities: Set<String>, booleanQuantities: Set<String>,
    knownFamilies: Set<String>
  ) throws -> TheoremFile {
    func fail(_ line: Int, _ message: String) -> TheoremFileError {
      TheoremFileError(file: path, line: line, message: message)
    }
    func required(_ name: String) throws -> FrontMatterValue {
      guard let s = entries.values[name] else { throw fail(1, "missing required key '\(name)'") }
      return s
    }
    /// An integer is a plain YAML scalar of digits (and '_'); a quoted one is a string.
    func integerText(_ s: FrontMatterValue) -> String? {
      guard !s.isQuoted, s.text.first?.isNumber == true else { return nil }
      return s.text.filter { $0 != "_" }
    }
    let id = try required("id")
    guard id.text.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "_-.".contains($0)) }) else {
      throw fail(id.line, "id '\(id.text)' may only hold letters, digits, '_', '-' and '.'")
    }
    let title = try required("title")
    let family = try required("family")
    guard knownFamilies.contains(family.text) else {
      throw fail(family.line, "unknown family '\(family.text)' (known families: \(knownFamilies.sorted().joined(separator: ", ")))")
    }
    let casesText = try required("cases")
    guard let cases = integerText(casesText).flatMap({ Int($0) }), cases >= 1 else {
      throw fail(casesText.line, "cases must be a positive integer, not \(casesText.written)")
    }
    guard cases <= TheoremFile.maximumCases else {
      throw fail(casesText.line, "cases must be at most \(TheoremFile.maximumCases), not \(cases)")
    }
    let seedText = try required("seed")
    guard let seed = integerText(seedText).flatMap({ UInt64($0) }) else {
      throw fail(seedText.line, "seed must be an integer from 0 to \(UInt64.max), not \(seedText.written)")
    }
    var expect = TheoremFile.Expectation.holds
    if let e = entries.values["expect"] {
      guard let parsed = TheoremFile.Expectation(rawValue: e.text) else {
        throw fail(e.line, "expect must be 'holds' or 'refuted', not '\(e.text)'")
      }
      expect = parsed
    }

    func expression(_ s: FrontMatterValue, _ what: String) throws -> ClaimExpression {
      let e: ClaimExpression
      do {
        e = try ClaimExpression.parse(s.text, quantities: quantities, booleanQuantities: booleanQuantities)
      } catch let error as ClaimSyntaxError {
        throw fail(s.line, "\(what), column \(s.column(ofOffset: error.offset)): \(error.message)")
      }
      guard e.isBoolean(booleanQuantities: booleanQuantities) else {
        throw fail(s.line, "\(what), column \(s.column(ofOffset: 0)): must be a boolean (a comparison, or one combined with and, or, not, implies), but this is a number")
      }
      return e
    }

    let kind: TheoremFile.Kind
    let claimText: String
    switch (entries.values["claim"], entries.values["witness"]) {
    case (let c?, let w?):
      throw fail(max(c.line, w.line), "a theorem has exactly one of 'claim:' and 'witness:', not both (the other is on line \(min(c.line, w.line)))")
    case (nil, nil):
      throw fail(1, "a theorem needs exactly one of 'claim:' and 'witness:'")
    case (let c?, nil):
      kind = .claim(try expression(c, "claim"))
      claimText = c.text
    case (nil, let w?):
      kind = .witness(try expression(w, "witness"))
      claimText = w.text
    }
    let steps = try entries.steps.map { (text: $0.text, expression: try expression($0, "step")) }

    return TheoremFile(
      path: path, id: id.text, title: title.text, family: family.text, parameters: entries.parameters,
      cases: cases, seed: seed, expect: expect, kind: kind, claimText: claimText, steps: steps,
      body: entries.body, frontMatterLines: entries.frontMatterLines, parameterLines: entries.parameterLines)
  }
}
