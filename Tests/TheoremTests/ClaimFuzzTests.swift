import Bounds
import ClaimLanguage
import Formats
import Foundation
import Model
import Rational
import Reports
import Testing
import Theorems
import Verification

/// Seeded random mutation of valid claims (issue 12): the parser never crashes, every rejection
/// is a `ClaimSyntaxError` at a position inside the text with a one-line printable message, and
/// every accepted claim prints back to itself and evaluates without deep recursion. The seed is
/// printed; set AAJR_FUZZ_SEED to replay another one. Bounded by a case count, not by time.
@Suite struct ClaimFuzzTests {
  static let seeds: [String] = [
    "in_global implies in_aajr", "in_aajr and not in_global", "por_aajr <= por_global",
    "beta_max <= L_loss_upper * gamma_adv_sq + C", "naive_step_margin >= 0 implies monotone",
    "min(gamma_adv_sq, 3) - -2.5e-3 / (C + 1) != abs(beta_max)", "not (monotone or certified) == false",
  ]
  static let fragments: [String] = [
    "(", ")", "not ", " and ", " or ", " implies ", "-", "+", "*", "/", "<=", "==", "!=", ",", "min(", "abs(",
    "1e100000", "1e999999999", "0.5", ".", "e", "gamma_adv_sq", "monotone", "true", "\u{0}", "\n", "\u{1B}[2J",
    "é", "∞", "=", "!", "&&", "^", "1/0", "  ",
  ]

  static var seed: UInt64 {
    ProcessInfo.processInfo.environment["AAJR_FUZZ_SEED"].flatMap { UInt64($0) } ?? 20_261_129
  }

  static func parse(_ text: String) throws -> ClaimExpression {
    try ClaimExpression.parse(text, quantities: TheoremQuantities.allNames, booleanQuantities: TheoremQuantities.booleanNames)
  }

  /// One random edit of `text`.
  static func mutate(_ text: String, _ rng: inout SplitMix64) -> String {
    var chars = Array(text)
    switch rng.next() % 5 {
    case 0 where !chars.isEmpty:  // delete a range
      let i = Int(rng.next() % UInt64(chars.count))
      chars.removeSubrange(i..<min(chars.count, i + 1 + Int(rng.next() % 4)))
    case 1:  // insert a fragment
      let i = chars.isEmpty ? 0 : Int(rng.next() % UInt64(chars.count + 1))
      chars.insert(contentsOf: fragments[Int(rng.next() % UInt64(fragments.count))], at: i)
    case 2 where chars.count > 1:  // duplicate a slice
      let i = Int(rng.next() % UInt64(chars.count)), j = min(chars.count, i + 1 + Int(rng.next() % 12))
      chars.insert(contentsOf: chars[i..<j], at: j)
    case 3 where !chars.isEmpty:  // replace a character by a random printable or control one
      chars[Int(rng.next() % UInt64(chars.count))] = Character(Unicode.Scalar(UInt8(rng.next() % 128)))
    default:  // join with another claim
      chars += Array(" and " + seeds[Int(rng.next() % UInt64(seeds.count))])
    }
    return String(chars)
  }

  static func check(_ text: String, seed: UInt64) {
    do {
      let e = try parse(text)
      // Accepted: it prints back to the same tree, and evaluating it terminates.
      #expect(try parse(e.description) == e, "seed \(seed): \(text)")
      _ = e.evaluate([:])
      _ = e.margin([:])
    } catch let error as ClaimSyntaxError {
      #expect(error.offset >= 0 && error.offset <= text.count, "seed \(seed): offset \(error.offset) in \(text.debugDescription)")
      let line = PrintableText.line(error.description)
      #expect(!line.contains("\n") && line.count <= 201, "seed \(seed)")
    } catch {
      Issue.record("seed \(seed): unexpected error \(error) for \(text.debugDescription)")
    }
  }

  @Test func mutatedClaimsAreParsedOrRejectedCleanly() {
    let seed = Self.seed
    print("claim fuzz seed: \(seed) (AAJR_FUZZ_SEED to replay)")
    var rng = SplitMix64(seed: seed)
    for _ in 0..<4000 {
      var text = Self.seeds[Int(rng.next() % UInt64(Self.seeds.count))]
      for _ in 0...(rng.next() % 6) { text = Self.mutate(text, &rng) }
      Self.check(text, seed: seed)
    }
  }

  /// The pathological shapes of issue 12: deep nesting, long `not` and minus chains, long sums and
  /// conjunctions. Each is refused at parse time with a message (or, when short enough, accepted).
  @Test func pathologicalClaimsAreRefusedWithAMessage() {
    let cases: [(String, String)] = [
      (String(repeating: "(", count: 10_000) + "1" + String(repeating: ")", count: 10_000) + " > 0", "longer than"),
      (String(repeating: "(", count: 3_000) + "1" + String(repeating: ")", count: 3_000) + " > 0", "nested"),
      (String(repeating: "not ", count: 100_000) + "monotone", "longer than"),
      (String(repeating: "not ", count: 2_000) + "monotone", "nested"),
      (String(repeating: "- ", count: 3_000) + "1 > 0", "nested"),
      ((0..<100_000).map { _ in "C" }.joined(separator: " + ") + " > 0", "longer than"),
      ((0..<1_000).map { _ in "C" }.joined(separator: " + ") + " > 0", "nested"),
      ((0..<600).map { _ in "monotone" }.joined(separator: " and "), "nested"),
      ("min(" + (0..<2_000).map { _ in "C" }.joined(separator: ", ") + ") > 0", "arguments"),
    ]
    for (text, word) in cases {
      do {
        _ = try Self.parse(text)
        Issue.record("accepted: \(text.prefix(40))…")
      } catch let e as ClaimSyntaxError {
        #expect(e.message.contains(word), "\(text.prefix(30)): \(e.message)")
      } catch {
        Issue.record("unexpected \(error)")
      }
    }
    // Within the limits, long claims still work: 90 conjuncts, 90 nested parentheses.
    #expect(throws: Never.self) { try Self.parse((0..<90).map { _ in "monotone" }.joined(separator: " and ")) }
    #expect(throws: Never.self) { try Self.parse(String(repeating: "(", count: 90) + "C" + String(repeating: ")", count: 90) + " > 0") }
  }
}
