import Rational
import Testing
import Verify

/// Tests of the claim language (placeholder; filled in below as the parser lands).
@Suite struct ClaimParserTests {}
