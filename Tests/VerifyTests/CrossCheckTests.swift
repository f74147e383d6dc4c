import Bounds
import Rational
import Testing
import TestSupport
import Verify

/// Float versus exact PGA: the cross-check agrees where rounding cannot matter and
/// names the rounding tie where it does.
@Suite struct CrossCheckTests {}
