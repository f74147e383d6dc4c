import Foundation
import LinearAlgebra
import Testing
@testable import Rational

/// Division by zero and zero denominators are caught in Swift, before GMP is reached
/// (GMP would raise SIGFPE; a Swift precondition traps with SIGILL on x86-64 and
/// SIGTRAP on arm64).
@Suite struct ZeroDivisionTests {
  #if arch(x86_64)
  static let swiftTrap = ExitTest.Condition.signal(SIGILL)
  #else
  static let swiftTrap = ExitTest.Condition.signal(SIGTRAP)
  #endif

  @Test func divisionByZeroTrapsInSwift() async {
    await #expect(processExitsWith: Self.swiftTrap) { _ = Rational(1) / Rational(0) }
    await #expect(processExitsWith: Self.swiftTrap) {
      _ = try! Rational(parsing: "123456789012345678901234567891/7") / .zero
    }
    await #expect(processExitsWith: Self.swiftTrap) {
      var x = try! Rational(parsing: "123456789012345678901234567891/7")
      x /= .zero
    }
    await #expect(processExitsWith: Self.swiftTrap) { _ = Rational(3, 0) }
    await #expect(processExitsWith: Self.swiftTrap) { _ = BigInt(3).quotientAndRemainder(dividingBy: 0) }
  }
}
