import Dispatch
import Foundation
import LinearAlgebra
import Rational

/// How many workers a parallel computation may use.
public enum Workers {
  /// Every core the process may run on (at least 1).
  public static var allCores: Int { max(1, ProcessInfo.processInfo.activeProcessorCount) }
}

extension RandomAccessCollection where Index == Int, Element: Sendable {
  /// `map(transform)` computed by up to `jobs` workers, the result in index order.
  ///
  /// Deterministic whatever `jobs` is: element `i` of the result is `transform(self[i])`, each
  /// computed exactly once, independently of the others; workers only decide *when* an element
  /// is computed (each takes the next unclaimed index, so a slow element does not hold up the
  /// rest). With `jobs <= 1` or fewer than two elements it runs on the calling thread.
  public func parallelMap<T: Sendable>(jobs: Int, _ transform: @Sendable (Element) -> T) -> [T] {
    let n = count
    if jobs <= 1 || n < 2 { return map(transform) }
    let items = Array(self)
    let slots = ResultSlots<T>(count: n)
    let workers = Swift.min(jobs, n)
    DispatchQueue.concurrentPerform(iterations: workers) { _ in
      while let i = slots.claim() {
        slots.store(transform(items[i]), at: i)
      }
    }
    return slots.results()
  }
}

/// The result slots of one `parallelMap`: a counter handing out indices and one slot per
/// index, each written once by the worker that claimed it, under a lock.
private final class ResultSlots<T>: @unchecked Sendable {
  private let lock = NSLock()
  private var next = 0
  private let count: Int
  private var values: [T?]

  init(count: Int) {
    self.count = count
    values = Array(repeating: nil, count: count)
  }

  func claim() -> Int? {
    lock.lock()
    defer { lock.unlock() }
    guard next < count else { return nil }
    next += 1
    return next - 1
  }

  func store(_ value: T, at i: Int) {
    lock.lock()
    values[i] = value
    lock.unlock()
  }

  func results() -> [T] { values.map { $0! } }
}
