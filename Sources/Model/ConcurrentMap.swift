import Foundation

extension RandomAccessCollection where Index == Int, Element: Sendable {
  /// `map(transform)` computed by up to `jobs` child tasks of one task group (structured
  /// concurrency), the result in index order.
  ///
  /// Deterministic whatever `jobs` is: element `i` of the result is `transform(self[i])`, each
  /// computed exactly once, independently of the others; the tasks only decide *when* an
  /// element is computed (each takes the next unclaimed index, so a slow element does not hold
  /// up the rest). With `jobs <= 1` or fewer than two elements it runs in the calling task.
  package func concurrentMap<T: Sendable>(jobs: Int, _ transform: @escaping @Sendable (Element) -> T) async -> [T] {
    let n = count
    if jobs <= 1 || n < 2 { return map(transform) }
    let items = Array(self)
    let dealer = IndexDealer(count: n)
    let workers = Swift.min(jobs, n)
    return await withTaskGroup(of: [(Int, T)].self) { group in
      for _ in 0..<workers {
        group.addTask {
          var done: [(Int, T)] = []
          while let i = dealer.next() { done.append((i, transform(items[i]))) }
          return done
        }
      }
      var slots = [T?](repeating: nil, count: n)
      for await part in group {
        for (i, value) in part { slots[i] = value }
      }
      return slots.map { $0! }
    }
  }
}

/// Hands out the indices 0..<count, each once, to concurrent workers.
final class IndexDealer: @unchecked Sendable {
  private let lock = NSLock()
  private var following = 0
  private let count: Int

  init(count: Int) { self.count = count }

  func next() -> Int? {
    lock.lock()
    defer { lock.unlock() }
    guard following < count else { return nil }
    following += 1
    return following - 1
  }
}
