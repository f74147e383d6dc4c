import Formats
import Model
import Rational
import Testing
import TestSupport

/// `JSONWriter.array(_:jobs:_:)` writes elements on several threads; its text must be byte for
/// byte what the one-thread `array(_:_:)` writes, at every nesting depth and with empty arrays.
@Suite struct JSONWriterParallelTests {
  /// One element: an object with a nested array of rationals and a nested object.
  static func writeItem(_ k: Int, _ w: JSONWriter) {
    w.object {
      w.member("index", raw: String(k))
      w.member("values") { w.rationalArray((0..<(k % 4)).map { Rational($0 * k - 3, 7) }) }
      w.member("nested") {
        w.array(0..<(k % 3)) { j in w.object { w.member("j", raw: String(j)); w.member("r", rational: Rational(j + 1, k + 2)) } }
      }
    }
  }

  static func document(count: Int, depth: Int, parallelJobs: Int?) -> String {
    let w = JSONWriter()
    func level(_ d: Int) {
      if d == 0 {
        w.member("items") {
          if let jobs = parallelJobs {
            w.array(Array(0..<count), jobs: jobs) { k, sub in writeItem(k, sub) }
          } else {
            w.array(0..<count) { k in writeItem(k, w) }
          }
        }
        w.member("after", bool: true)
      } else {
        w.member("level\(d)") { w.object { level(d - 1) } }
      }
    }
    w.object { w.member("format", string: "test"); level(depth) }
    return w.text
  }

  @Test(arguments: [0, 1, 2, 7, 33])
  func parallelArrayEqualsSequentialArray(count: Int) {
    for depth in 0..<3 {
      let one = Self.document(count: count, depth: depth, parallelJobs: nil)
      for jobs in [1, 2, 5] {
        #expect(Self.document(count: count, depth: depth, parallelJobs: jobs) == one, "count \(count), depth \(depth), jobs \(jobs)")
      }
    }
  }
}
