import Formats
import LinearAlgebra
import Model
import Rational

/// The exact inner maximum of one sample, `max_{δ∈Δ_s} 𝓛(π(s+δ))` (SPEC section 6, "Risks"),
/// with a maximiser.
public struct InnerMaximum: Hashable, Sendable {
  /// The maximum value of `𝓛(π(s+δ))` over the closed box `Δ_s`.
  public var value: Rational
  /// A maximiser `δ*` (the first one found in the enumeration order, so deterministic).
  public var delta: [Rational]
  /// How many linear pieces of `π` on the box `s + Δ_s` were examined (leaves of the split).
  public var pieces: Int

  public init(value: Rational, delta: [Rational], pieces: Int) {
    self.value = value
    self.delta = delta
    self.pieces = pieces
  }
}

extension Policy {
  /// `max_{δ∈Δ_s} 𝓛(π(s+δ))`, exactly, with a maximiser.
  ///
  /// Method. The box `B = s + Δ_s` is split into the closed polytopes on which `π` is affine,
  /// `π(x) = M x + c` (the exact region enumeration of `linearRegions`, restricted to B and
  /// kept in vertex form). `π` is continuous, so the maximum over B is the largest of the
  /// maxima over these closed pieces. On a piece the objective is the quadratic
  /// `q(x) = ½ rᵀQr + bᵀr`, `r = M x + c − y`, with Hessian `H = MᵀQM`:
  /// - `H ⪰ 0` (always when Q ⪰ 0, e.g. squared error): q is convex, and the maximum of a
  ///   convex function over a polytope is attained at a vertex: the vertices are the candidates.
  /// - otherwise: q attains its maximum over the compact polytope P at some point x*; take x*
  ///   in the relative interior of a face F of least dimension. x* is a local maximum of q on
  ///   F, hence a stationary point of q on the affine hull aff(F); if the stationary set on
  ///   aff(F) were more than a point, q would be constant along a line of it through x*, and
  ///   following that line to the relative boundary of F would give a maximiser in a smaller
  ///   face. So x* is the *unique* stationary point of q on aff(F). Every aff(F) is cut out by
  ///   a set A of tight constraints with linearly independent normals N (|A| = codim F), so
  ///   the candidates are: for every set A of at most d−1 constraints, the solution x of the
  ///   KKT system `[H Nᵀ; N 0] (x, μ) = (−∇q(0), β)` when that matrix is nonsingular and x
  ///   lies in P; and the vertices of P (|A| = d). All exact.
  /// The value returned is `𝓛(π(s+δ*))` evaluated by the forward pass (it equals the
  /// piece's quadratic by continuity; checked).
  ///
  /// Coordinates where `Δ_s` is a single point (ε = 0) are
  /// fixed first, so the enumeration runs in the box's own dimension.
  public func exactInnerMaximum(for sample: Sample, in problem: Problem) -> InnerMaximum {
    guard let m = exactInnerMaximum(for: sample, in: problem, budget: nil) else { preconditionFailure("no budget") }
    return m
  }

  /// As `exactInnerMaximum(for:in:)`, but nil when the enumeration would exceed `budget`
  /// (deterministic: it counts pieces and vertices, never time).
  public func exactInnerMaximum(for sample: Sample, in problem: Problem, budget: InnerMaximumBudget?) -> InnerMaximum? {
    let s = sample.state, y = sample.target, loss = problem.loss
    let (lo, hi) = problem.perturbationBox(for: s)
    precondition(zip(lo, hi).allSatisfy { $0 <= $1 }, "the state lies outside the domain")
    let free = s.indices.filter { lo[$0] < hi[$0] }
    func lossAt(_ delta: [Rational]) -> Rational {
      loss.value(at: output(at: zip(s, delta).map { $0 + $1 }), target: y)
    }
    guard !free.isEmpty else {
      return InnerMaximum(value: lossAt(lo), delta: lo, pieces: 1)
    }
    // π restricted to the free coordinates (the others fixed at s_k + lo_k).
    let restricted = restrictingInput(free: free, fixed: s.indices.map { s[$0] + lo[$0] })
    let boxLower = free.map { s[$0] + lo[$0] }, boxUpper = free.map { s[$0] + hi[$0] }
    let qIsPSD = Matrix(loss.Q).isPositiveSemidefinite()

    var best: (value: Rational, x: [Rational])?
    var pieces = 0
    var exceeded = false
    let stop: ((Region) -> Bool)? = budget.map { b in
      { region in
        if pieces >= b.pieces || (region.polytope?.vertices.count ?? 0) > b.vertices { exceeded = true }
        return exceeded
      }
    }
    restricted.forEachLinearPiece(lower: boxLower, upper: boxUpper, vertexLimit: Int.max, shouldStop: stop) { _, M, c, region in
      if exceeded { return false }
      pieces += 1
      let piece = QuadraticPiece(M: M, c: c, target: y, loss: loss)
      for x in piece.candidates(in: region, lossIsConvex: qIsPSD) {
        let v = piece.value(at: x)
        if best == nil || v > best!.value { best = (v, x) }
      }
      return true
    }
    if exceeded { return nil }
    guard let best else { preconditionFailure("a nonempty box has at least one linear piece") }
    var delta = [Rational](repeating: 0, count: s.count)
    for k in s.indices { delta[k] = lo[k] }
    for (j, k) in free.enumerated() { delta[k] = best.x[j] - s[k] }
    let value = lossAt(delta)
    precondition(value == best.value, "the affine piece disagrees with the forward pass at its maximiser")
    return InnerMaximum(value: value, delta: delta, pieces: pieces)
  }

  /// `x_free ↦ π(x)` with `x_k = fixed[k]` for k not in `free` (a policy on the free coordinates).
  func restrictingInput(free: [Int], fixed: [Rational]) -> Policy {
    guard free.count < inputDimension, let first = layers.first else { return self }
    let freeSet = Set(free)
    var bias = first.bias
    for (i, row) in first.weights.enumerated() {
      for k in row.indices where !freeSet.contains(k) && !row[k].isZero { bias[i] += row[k] * fixed[k] }
    }
    var out = layers
    out[0] = Layer(weights: first.weights.map { row in free.map { row[$0] } }, bias: bias, activation: first.activation)
    return Policy(inputDimension: free.count, layers: out)
  }
}

/// The objective on one affine piece: `q(x) = ½ rᵀQr + bᵀr`, `r = M x + c − y`.
struct QuadraticPiece {
  let M: [[Rational]]
  let c: [Rational]
  let target: [Rational]
  let loss: QuadraticLoss

  func value(at x: [Rational]) -> Rational {
    let z = M.indices.map { dot(M[$0], x) + c[$0] }
    return loss.value(at: z, target: target)
  }

  /// `H = MᵀQM` (d × d).
  var hessian: Matrix {
    let d = M.first?.count ?? 0, m = M.count
    let QM: [[Rational]] = (0..<m).map { i in (0..<d).map { j in
      var t = Rational.zero
      for k in 0..<m where !loss.Q[i][k].isZero && !M[k][j].isZero { t += loss.Q[i][k] * M[k][j] }
      return t
    } }
    return Matrix((0..<d).map { i in (0..<d).map { j in
      var t = Rational.zero
      for k in 0..<m where !M[k][i].isZero && !QM[k][j].isZero { t += M[k][i] * QM[k][j] }
      return t
    } })
  }

  /// `∇q(0) = Mᵀ(Q(c − y) + b)`.
  var gradientAtOrigin: [Rational] {
    let g = loss.gradient(at: c, target: target)
    let d = M.first?.count ?? 0
    return (0..<d).map { j in
      var t = Rational.zero
      for i in M.indices where !M[i][j].isZero && !g[i].isZero { t += M[i][j] * g[i] }
      return t
    }
  }

  /// The candidate maximisers of q on the closed region (see `exactInnerMaximum`).
  func candidates(in region: Region, lossIsConvex: Bool) -> [[Rational]] {
    guard let polytope = region.polytope else { preconditionFailure("exact inner maximum needs the vertex form") }
    var out = polytope.vertices
    let d = polytope.dimension
    let H = hessian
    if lossIsConvex || d == 0 || H.isPositiveSemidefinite() { return out }
    // Constraints n·x ≤ β: the box faces, then the region's cuts.
    var normals: [[Rational]] = [], bounds: [Rational] = []
    for k in 0..<d {
      var e = [Rational](repeating: 0, count: d)
      e[k] = -1
      normals.append(e); bounds.append(-region.lower[k])
      e[k] = 1
      normals.append(e); bounds.append(region.upper[k])
    }
    for cut in region.cuts { normals.append(cut.normal); bounds.append(cut.bound) }
    let g0 = gradientAtOrigin
    func inside(_ x: [Rational]) -> Bool {
      normals.indices.allSatisfy { dot(normals[$0], x) <= bounds[$0] }
    }
    // Every set of at most d − 1 constraints, in lexicographic order.
    func visit(_ start: Int, _ chosen: inout [Int]) {
      let k = chosen.count, n = d + k
      var rows: [[Rational]] = []
      for i in 0..<d {
        var row = (0..<d).map { H[i, $0] }
        for a in chosen { row.append(normals[a][i]) }
        rows.append(row)
      }
      for a in chosen { rows.append(normals[a] + [Rational](repeating: 0, count: k)) }
      let rhs = g0.map { -$0 } + chosen.map { bounds[$0] }
      if let sol = Matrix(rows).solve(rhs) {
        let x = Array(sol[0..<d])
        precondition(sol.count == n)
        if inside(x) { out.append(x) }
      }
      guard k < d - 1 else { return }
      for a in start..<normals.count {
        chosen.append(a)
        visit(a + 1, &chosen)
        chosen.removeLast()
      }
    }
    var chosen: [Int] = []
    visit(0, &chosen)
    return out
  }
}

/// A deterministic work limit for `exactInnerMaximum`: at most `pieces` linear pieces per
/// sample, and no region (during the split) with more than `vertices` vertices — the
/// double-description cuts cost O(V³) in the vertex count V, which grows fast with the input
/// dimension.
public struct InnerMaximumBudget: Hashable, Sendable {
  public var pieces: Int
  public var vertices: Int
  public init(pieces: Int, vertices: Int) {
    self.pieces = pieces
    self.vertices = vertices
  }
  /// The default of `aajr verify`.
  public static let standard = InnerMaximumBudget(pieces: 20_000, vertices: 512)

  public var description: String { "\(pieces) pieces per sample, \(vertices) vertices per region" }
}

extension AttackAnalysis {
  /// `R_rob = mean_s max_{δ∈Δ_s} 𝓛(π(s+δ))` from the per-sample exact maxima.
  public static func meanValue(_ maxima: [InnerMaximum]) -> Rational {
    maxima.reduce(Rational.zero) { $0 + $1.value } / Rational(maxima.count)
  }
}

extension Policy {
  /// Every sample's exact inner maximum (see `exactInnerMaximum(for:in:)`).
  public func exactInnerMaxima(on problem: Problem) -> [InnerMaximum] {
    problem.samples.map { exactInnerMaximum(for: $0, in: problem) }
  }

  /// Every sample's exact inner maximum, or nil when one sample exceeds `budget`. With
  /// `jobs > 1` the samples are computed on up to `jobs` workers (every sample then runs to its
  /// end or its budget); the budget counts work, not time, so the answer is the same.
  public func exactInnerMaxima(on problem: Problem, budget: InnerMaximumBudget, jobs: Int = 1) -> [InnerMaximum]? {
    if jobs <= 1 {
      var out: [InnerMaximum] = []
      for s in problem.samples {
        guard let m = exactInnerMaximum(for: s, in: problem, budget: budget) else { return nil }
        out.append(m)
      }
      return out
    }
    let maxima = problem.samples.parallelMap(jobs: jobs) { exactInnerMaximum(for: $0, in: problem, budget: budget) }
    return maxima.contains { $0 == nil } ? nil : maxima.map { $0! }
  }

  /// The exact robust risk `R_rob(π) = mean_s max_{δ∈Δ_s} 𝓛(π(s+δ))`.
  public func exactRobustRisk(on problem: Problem) -> Rational {
    AttackAnalysis.meanValue(exactInnerMaxima(on: problem))
  }
}
