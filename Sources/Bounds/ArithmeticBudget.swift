import Formats
import LinearAlgebra
import Model
import Rational

/// An a-priori bound on the size of the exact numbers a run forms, read off the input
/// before any exact arithmetic starts, so a file whose numbers would grow beyond what memory
/// and time allow is refused with a message (exit 2) instead of running for hours or
/// exhausting memory.
///
/// Sizes are tracked as `(num, den)`: a vector's entries are `n_i / D` over one common
/// denominator `D` with `bits(D) ≤ den` and `bits(n_i) ≤ num`. For `z = W x + b` with `n` inputs,
/// `den(z) ≤ den(W) + den(x) + den(b)` and `num(z) ≤ max(num(W) + num(x) + den(b),
/// num(b) + den(W) + den(x)) + log₂ n + 1`, where `den(W)` is the bit length of the least common
/// multiple of W's denominators. A PGA step `δ + η J^T (Q(π(s+δ) − y) + b)` composes these
/// rules (the denominator of the gradient already holds δ's, so it is not counted twice), so the
/// bound grows by a fixed amount per step; the estimate follows all K steps and
/// multiplies by 4 for the squares in objectives, gains and β. It is an over-estimate (numbers
/// cancel, projections reset them), never an exact prediction.
public enum ArithmeticBudget {
  /// The largest estimated size accepted, in bits (about 1 MiB per number).
  public static let maximumBits = 1 << 23

  struct Size {
    var num: Int
    var den: Int
    var bits: Int { num &+ den }
    static let zero = Size(num: 0, den: 0)
  }

  static func add(_ a: Int, _ b: Int) -> Int { min(a &+ b, Int.max / 8) }

  static func log2Ceiling(_ n: Int) -> Int { n <= 1 ? 0 : Int.bitWidth - (n - 1).leadingZeroBitCount }

  /// The size of a set of rationals over their least common denominator (the lcm is
  /// computed exactly until it exceeds `cap` bits, then bounded by the sum of bit lengths).
  static func size(of xs: [Rational], cap: Int = maximumBits) -> Size {
    var lcm = BigInt(1)
    var den = 0, exact = true
    var maxNum = 0
    var denBits: [Int] = []
    for x in xs {
      let d = x.denominator
      denBits.append(d.bitLength)
      if exact, d != BigInt(1) {
        let g = BigInt.gcd(lcm, d)
        lcm = (lcm * d).quotientAndRemainder(dividingBy: g).quotient
        if lcm.bitLength > cap { exact = false }
      }
    }
    den = exact ? lcm.bitLength : denBits.reduce(0, add)
    for (x, db) in zip(xs, denBits) {
      maxNum = max(maxNum, add(x.numerator.bitLength, max(0, den - db) + 1))
    }
    return Size(num: maxNum, den: den)
  }

  /// `z = W x + b` with `n` inputs.
  static func affine(_ w: Size, _ x: Size, _ b: Size, inputs n: Int) -> Size {
    let den = add(add(w.den, x.den), b.den)
    let num = add(max(add(add(w.num, x.num), b.den), add(add(b.num, w.den), x.den)), log2Ceiling(n) + 1)
    return Size(num: num, den: den)
  }

  /// The larger of two sizes (entries that may come from either).
  static func either(_ a: Size, _ b: Size) -> Size { Size(num: max(a.num, b.num), den: max(a.den, b.den)) }

  /// The estimated size, in bits, of the largest exact number `policy` on `problem` forms.
  public static func estimatedBits(policy: Policy, problem: Problem) -> Int {
    let layerSizes: [(w: Size, b: Size, slope: Size, inputs: Int)] = policy.layers.map { layer in
      var slope = Size.zero
      if case .leakyReLU(let s) = layer.activation { slope = size(of: [s]) }
      return (size(of: layer.weights.flatMap { $0 }), size(of: layer.bias), slope, layer.inputCount)
    }
    // The Jacobian: products of weights and slopes along the layers.
    var jacobian = Size.zero
    for l in layerSizes {
      jacobian = Size(num: add(add(jacobian.num, add(l.w.num, l.slope.num)), log2Ceiling(l.inputs) + 1),
                      den: add(jacobian.den, add(l.w.den, l.slope.den)))
    }
    func forward(_ x: Size) -> Size {
      var a = x
      for l in layerSizes {
        let z = affine(l.w, a, l.b, inputs: l.inputs)
        a = Size(num: add(z.num, l.slope.num), den: add(z.den, l.slope.den))
      }
      return a
    }
    let box = size(of: problem.lower + problem.upper + problem.samples.flatMap(\.state) + [problem.attack.radius])
    let targets = size(of: problem.samples.flatMap(\.target))
    let q = size(of: problem.loss.Q.flatMap { $0 }), qb = size(of: problem.loss.b)
    let eta = size(of: [problem.attack.stepSize])
    let m = policy.outputDimension
    var delta = Size.zero
    var largest = forward(box).bits
    for _ in 0..<problem.attack.steps {
      let x = affine(Size.zero, box, delta, inputs: 2)  // s + δ
      let p = forward(x)
      let residual = affine(Size.zero, p, targets, inputs: 2)  // π(s+δ) − y
      let lossGradient = affine(q, residual, qb, inputs: m)
      let gradient = affine(jacobian, lossGradient, .zero, inputs: m)
      // δ + η∇g: ∇g's denominator is already a multiple of δ's (∇g is formed from s + δ).
      let stepDen = add(eta.den, gradient.den)
      let moved = Size(num: add(max(add(eta.num, gradient.num), add(delta.num, max(0, stepDen - delta.den))), 1),
                       den: max(stepDen, delta.den))
      delta = either(moved, box)  // the projection clips to box-sized values
      largest = max(largest, p.bits, gradient.bits, delta.bits)
      if largest > maximumBits { break }
    }
    let final = forward(affine(Size.zero, box, delta, inputs: 2))
    return min(add(max(largest, final.bits), 0) &* 4, Int.max / 8)
  }

  /// Throws an `InputError` naming `file` when the estimate exceeds `maximumBits`.
  public static func check(policy: Policy, problem: Problem, file: String) throws {
    let bits = estimatedBits(policy: policy, problem: problem)
    guard bits > maximumBits else { return }
    let k = problem.attack.steps
    throw InputError(
      file: file, field: "",
      message: "the exact run would form numbers of about \(bits) bits, above the limit of \(maximumBits) bits "
        + "(from the sizes of the weights, the step size and \(k) step\(k == 1 ? "" : "s")); "
        + "use fewer steps or simpler numbers")
  }
}
