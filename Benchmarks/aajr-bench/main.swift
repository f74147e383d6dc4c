// aajr-bench: micro-benchmarks of `Rational` against the same loop on raw GMP `mpq_*` calls.
//
//   aajr-bench rational-dot     [--n N]   small operands (inline fast path), default N = 2_000_000
//   aajr-bench rational-dot-big [--n N]   operands of a few thousand bits, default N = 20_000
//
// Each prints one line
//   <name> ns_per_op=<Rational> gmp_ns_per_op=<raw GMP> checksum=<p/q> ratio=<gmp/Rational>
//
//   aajr-bench mlp8 | global2             the exact verifier on issue 3's inputs (Benchmarks/inputs)
//   aajr-bench regions-growth             exact region enumeration for input dimensions 2, 4, 8
// Both loops run twice, interleaved in one process; the second (warm) run is reported.
// Exit status: 0 ok, 1 the two loops disagree, 2 bad usage.
import CGMP
import Foundation
import Rational

/// The workload's linear congruential step.
@inline(__always) func step(_ x: inout UInt64) {
  x = x &* 6364136223846793005 &+ 1442695040888963407
}

/// The integers of iteration `i`: `a = an/ad`, `b = bn/bd`.
@inline(__always) func operands(_ x: UInt64) -> (an: Int, ad: Int, bn: Int, bd: Int) {
  (Int((x >> 33) % 2001) - 1000, 1 << Int((x >> 20) % 12),
   Int((x >> 40) % 997) - 498, 3 + Int((x >> 10) % 7))
}

/// Fixed large factors for `rational-dot-big`: `3^1262` (2001 bits, odd) multiplies
/// a's numerator, `5^860 + 2` (1997 bits) multiplies b's denominator.
struct BigFactors {
  let aNum: BigInt = BigInt(3).power(1262)
  let bDen: BigInt = BigInt(5).power(860) + 2
}

// MARK: - Rational loops

func rationalDot(_ n: Int) -> Rational {
  var x: UInt64 = 12345
  var acc = Rational.zero
  for i in 0..<n {
    step(&x)
    let o = operands(x)
    let a = Rational(o.an, o.ad)
    let b = Rational(o.bn, o.bd)
    acc += a * b
    if i & 1023 == 1023 { acc = 0 }
  }
  return acc
}

func rationalDotBig(_ n: Int, _ f: BigFactors) -> Rational {
  var x: UInt64 = 12345
  var acc = Rational.zero
  for i in 0..<n {
    step(&x)
    let o = operands(x)
    let a = try! Rational(numerator: BigInt(o.an) * f.aNum, denominator: BigInt(o.ad))
    let b = try! Rational(numerator: BigInt(o.bn), denominator: BigInt(o.bd) * f.bDen)
    acc += a * b
    if i & 1023 == 1023 { acc = 0 }
  }
  return acc
}

// MARK: - Raw GMP loops

/// Heap-allocated `mpq_t` temporaries, allocated once per loop.
final class Q {
  let p = UnsafeMutablePointer<__mpq_struct>.allocate(capacity: 1)
  init() { __gmpq_init(p) }
  deinit { __gmpq_clear(p); p.deallocate() }
  var num: UnsafeMutablePointer<__mpz_struct> { aajr_mpq_numref(p) }
  var den: UnsafeMutablePointer<__mpz_struct> { aajr_mpq_denref(p) }
  var text: String {
    let s = __gmpq_get_str(nil, 10, p)!
    defer { free(s) }
    return String(cString: s)
  }
}

/// An `mpz_t` holding the decimal value `text`.
final class Z {
  let p = UnsafeMutablePointer<__mpz_struct>.allocate(capacity: 1)
  init(_ text: String) { __gmpz_init_set_str(p, text, 10) }
  deinit { __gmpz_clear(p); p.deallocate() }
}

func gmpDot(_ n: Int) -> String {
  let a = Q(), b = Q(), t = Q(), acc = Q()
  var x: UInt64 = 12345
  for i in 0..<n {
    step(&x)
    let o = operands(x)
    __gmpq_set_si(a.p, o.an, UInt(o.ad))
    __gmpq_canonicalize(a.p)
    __gmpq_set_si(b.p, o.bn, UInt(o.bd))
    __gmpq_canonicalize(b.p)
    __gmpq_mul(t.p, a.p, b.p)
    __gmpq_add(acc.p, acc.p, t.p)
    if i & 1023 == 1023 { __gmpq_set_ui(acc.p, 0, 1) }
  }
  return acc.text
}

func gmpDotBig(_ n: Int, _ f: BigFactors) -> String {
  let a = Q(), b = Q(), t = Q(), acc = Q()
  let fa = Z(f.aNum.description), fb = Z(f.bDen.description)
  var x: UInt64 = 12345
  for i in 0..<n {
    step(&x)
    let o = operands(x)
    __gmpz_mul_si(a.num, fa.p, o.an)
    __gmpz_set_ui(a.den, UInt(o.ad))
    __gmpq_canonicalize(a.p)
    __gmpz_set_si(b.num, o.bn)
    __gmpz_mul_ui(b.den, fb.p, UInt(o.bd))
    __gmpq_canonicalize(b.p)
    __gmpq_mul(t.p, a.p, b.p)
    __gmpq_add(acc.p, acc.p, t.p)
    if i & 1023 == 1023 { __gmpq_set_ui(acc.p, 0, 1) }
  }
  return acc.text
}

// MARK: - Driver

/// Nanoseconds per iteration of `body` run over `n` iterations, and its result.
func timed<R>(_ n: Int, _ body: () -> R) -> (ns: Double, result: R) {
  let clock = ContinuousClock()
  let start = clock.now
  let r = body()
  let d = clock.now - start
  let ns = Double(d.components.seconds) * 1e9 + Double(d.components.attoseconds) / 1e9
  return (ns / Double(max(n, 1)), r)
}

func run(_ name: String, n: Int, rational: () -> Rational, gmp: () -> String) -> Int32 {
  var r = timed(n, rational), g = timed(n, gmp)  // cold runs
  r = timed(n, rational)
  g = timed(n, gmp)
  let checksum = r.result.description
  let ratio = g.ns / r.ns
  print("\(name) ns_per_op=\(String(format: "%.1f", r.ns)) gmp_ns_per_op=\(String(format: "%.1f", g.ns))"
        + " checksum=\(checksum) ratio=\(String(format: "%.2f", ratio))")
  if checksum != g.result {
    FileHandle.standardError.write("\(name): checksums differ: Rational \(checksum), GMP \(g.result)\n".data(using: .utf8)!)
    return 1
  }
  return 0
}

let usage = """
  usage: aajr-bench <benchmark> [--n N]
  benchmarks:
    rational-dot       Σ a·b over small rationals (default N = 2000000)
    rational-dot-big   the same with ~2000-bit factors (default N = 20000)
    mlp8, global2      aajr verify on issue 3's benchmark inputs, against the quoted reference
    regions-growth     exact region enumeration time against the input dimension
    verify-jobs        verify --global off on wide16 (16-64-64-8, K = 50): 1 worker vs all cores (--n rounds, default 3)
    regions-jobs       exact regions of r3x32 and r4x16 (--n 3: also r3x64): 1 worker vs all cores
    theorems           every theorem file at --cases N (default 1000): instances per second, 1 worker vs all cores
    theorem-python     T2's per-instance computation on N instances (default 200) against Benchmarks/theorem-reference.py

  """

func main(_ args: [String]) -> Int32 {
  guard let name = args.first, name != "--help", name != "-h" else {
    print(usage, terminator: "")
    return args.first == nil ? 2 : 0
  }
  var n: Int?
  var rest = args.dropFirst()
  while let a = rest.popFirst() {
    guard a == "--n", let v = rest.popFirst().flatMap({ Int($0) }), v > 0 else {
      FileHandle.standardError.write("aajr-bench: bad argument \(a)\n\(usage)".data(using: .utf8)!)
      return 2
    }
    n = v
  }
  switch name {
  case "mlp8", "global2":
    return verifyBenchmark(name)
  case "regions-growth":
    return regionsGrowthBenchmark()
  case "verify-jobs":
    return verifyJobsBenchmark(rounds: n ?? 3)
  case "regions-jobs":
    return regionsJobsBenchmark(big: n == 3)
  case "theorems":
    return theoremThroughputBenchmark(cases: n ?? 1000)
  case "theorem-python":
    return theoremPythonBenchmark(count: n ?? 200)
  case "rational-dot":
    let count = n ?? 2_000_000
    return run(name, n: count, rational: { rationalDot(count) }, gmp: { gmpDot(count) })
  case "rational-dot-big":
    let count = n ?? 20_000
    let f = BigFactors()
    return run(name, n: count, rational: { rationalDotBig(count, f) }, gmp: { gmpDotBig(count, f) })
  default:
    FileHandle.standardError.write("aajr-bench: unknown benchmark \(name)\n\(usage)".data(using: .utf8)!)
    return 2
  }
}

exit(main(Array(CommandLine.arguments.dropFirst())))
