import Testing
import Rational
@Test func smoke() { #expect(Rational(1, 3) + Rational(1, 6) == Rational(1, 2)) }
