// swift-tools-version:6.0
//
// aajr: exact checks of Adversarially-Aligned Jacobian Regularization.
//
// Dependencies point one way: Rational <- Bounds <- Verify <- aajr; Bounds <- Training <- aajr
// (Training is the floating-point side: Double minimax training, exported exactly);
// Bounds <- ONNXFormat (ONNX import/export over SwiftProtobuf) <- aajr.
// Only `Rational` imports the C shim `CGMP`; no GMP type appears in public API.
//
// Build flag: `-D AAJR_CHECK_INVARIANTS` compiles in internal invariant checks
// (canonical form of every Rational after every operation), e.g.
//   swift test -Xswiftc -DAAJR_CHECK_INVARIANTS
import PackageDescription

let package = Package(
  name: "aajr",
  products: [
    .library(name: "Rational", targets: ["Rational"]),
    .library(name: "Bounds", targets: ["Bounds"]),
    .library(name: "Verify", targets: ["Verify"]),
    .executable(name: "aajr", targets: ["aajr"]),
    .executable(name: "aajr-bench", targets: ["aajr-bench"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    .package(url: "https://github.com/apple/swift-numerics", from: "1.0.0"),
    .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.0"),
    .package(url: "https://github.com/apple/swift-protobuf", from: "1.39.0"),
  ],
  targets: [
    .systemLibrary(
      name: "CGMP",
      pkgConfig: "gmp",
      providers: [.apt(["libgmp-dev"])]
    ),
    .target(
      name: "Rational",
      dependencies: [
        "CGMP",
        .product(name: "RealModule", package: "swift-numerics"),
      ]
    ),
    .target(name: "Bounds", dependencies: ["Rational"]),
    .target(
      name: "Verify",
      dependencies: ["Bounds", "Rational", .product(name: "RealModule", package: "swift-numerics")]
    ),
    .target(name: "Training", dependencies: ["Bounds", "Rational"]),
    // ONNX import/export; Sources/ONNXFormat/Generated/onnx.pb.swift is generated once
    // from onnx.proto and committed (see GENERATED.md there); no plugin runs at build time.
    .target(
      name: "ONNXFormat",
      dependencies: ["Bounds", "Rational", .product(name: "SwiftProtobuf", package: "swift-protobuf")],
      exclude: ["Generated/GENERATED.md"]
    ),
    .executableTarget(
      name: "aajr",
      dependencies: [
        "Verify", "Bounds", "Rational", "Training", "ONNXFormat",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
    ),
    .executableTarget(
      name: "aajr-bench",
      dependencies: ["Rational", "Bounds", "Verify", "CGMP"],
      path: "Benchmarks/aajr-bench"
    ),
    .target(name: "TestSupport", dependencies: ["Bounds", "Rational"], path: "Tests/TestSupport"),
    .testTarget(
      name: "RationalTests",
      dependencies: ["Rational", "TestSupport", "CGMP", .product(name: "PropertyBased", package: "swift-property-based")]
    ),
    .testTarget(
      name: "BoundsTests",
      dependencies: ["Bounds", "Verify", "Rational", "TestSupport"],
      resources: [.copy("Fixtures")]
    ),
    .testTarget(name: "TheoremTests", dependencies: ["Verify", "Bounds", "Rational"]),
    .testTarget(
      name: "VerifyTests",
      dependencies: ["Verify", "Bounds", "Rational", "TestSupport"],
      resources: [.copy("Fixtures")]
    ),
    .testTarget(
      name: "ONNXTests",
      dependencies: ["ONNXFormat", "Verify", "Bounds", "Rational", "TestSupport"],
      resources: [.copy("Fixtures")]
    ),
    .testTarget(name: "TrainingTests", dependencies: ["Training", "Bounds", "Rational", "TestSupport"]),
  ],
  swiftLanguageModes: [.v5]
)
