internal import CGMP

/// The bound on the size of any one exact number (GMP allocation).
public enum ArithmeticLimit {
  /// The largest single GMP allocation allowed by `install`: 256 MiB, about 2.1 billion bits.
  public static let defaultBytes = 256 << 20

  /// Routes GMP's allocations through functions that refuse any single allocation above
  /// `bytes` (0: no size limit) and turn a failed allocation into one line on stderr and exit
  /// status 2, so GMP's abort handler is never reached. Call once at start-up.
  public static func install(bytes: Int = defaultBytes) {
    aajr_gmp_install_allocator(bytes)
  }
}
