import Rational

/// Floating-point eigenvalue estimates. These only *propose* candidates; every value that
/// reaches a result is certified by an exact test (see `Eigenvalues.swift`).

/// The eigenvalues of the symmetric `n×n` row-major `a` by the cyclic Jacobi method, or nil
/// when an entry or the iteration is not finite.
///
/// Each rotation `A ← JᵀAJ` zeroes one off-diagonal pair; the off-diagonal mass decreases
/// quadratically after the first sweeps. The computed eigenvalues have absolute error of a
/// small multiple of `ε·‖A‖_F`. Complexity: O(n³) per sweep, at most 60 sweeps.
func jacobiEigenvalues(_ input: [Double], _ n: Int) -> [Double]? {
  var a = input
  guard a.allSatisfy({ $0.isFinite }) else { return nil }
  for _ in 0..<60 {
    var off = 0.0, total = 0.0
    for i in 0..<n {
      for j in 0..<n {
        let v = a[i * n + j] * a[i * n + j]
        total += v
        if i != j { off += v }
      }
    }
    guard off.isFinite && total.isFinite else { return nil }
    if off == 0 || off <= total * 1e-34 { break }
    for p in 0..<(n - 1) {
      for q in (p + 1)..<n {
        let apq = a[p * n + q]
        if apq == 0 { continue }
        let theta = (a[q * n + q] - a[p * n + p]) / (2 * apq)
        let t: Double
        if abs(theta) > 1e150 {
          t = 1 / (2 * theta)
        } else {
          t = (theta >= 0 ? 1.0 : -1.0) / (abs(theta) + (theta * theta + 1).squareRoot())
        }
        let c = 1 / (t * t + 1).squareRoot(), s = t * c
        for k in 0..<n {
          let akp = a[k * n + p], akq = a[k * n + q]
          a[k * n + p] = c * akp - s * akq
          a[k * n + q] = s * akp + c * akq
        }
        for k in 0..<n {
          let apk = a[p * n + k], aqk = a[q * n + k]
          a[p * n + k] = c * apk - s * aqk
          a[q * n + k] = s * apk + c * aqk
        }
      }
    }
  }
  let d = (0..<n).map { a[$0 * n + $0] }
  return d.allSatisfy({ $0.isFinite }) ? d : nil
}
