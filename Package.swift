// swift-tools-version:6.0
//
// aajr: exact checks of Adversarially-Aligned Jacobian Regularization.
//
// Modules, and the one direction their dependencies point (each imports only what is below it):
//
//   aajr (command line only)
//     ├── Reports        Markdown and SVG for people: policy, theorem and demo reports
//     │     ├── Theorems       theorem files (YAML front matter, read with Yams), instance families, the checker, shrinking
//     │     │     └── ClaimLanguage   the exact expression language of claims
//     │     ├── CrossCheck     the float run beside the exact one
//     │     └── Experiments    `aajr experiment`: verified checkpoints of declared sweeps, statistics
//     │           └── Training       Double minimax training, tasks, sweep files, exported exactly
//     ├── Verification   `aajr verify`: one policy's verdicts, its JSON and summary
//     │     └── Bounds         exact trajectories, smoothness, regions, global bound, step size
//     │           ├── ONNXFormat  ONNX import/export (SwiftProtobuf; onnx.pb.swift generated once, committed)
//     │           └── Formats  JSON, policy and problem files, safetensors, VNN-LIB boxes
//     │                 └── Model    policy, problem, activations, the generic forward/PGA engine
//     │                       └── LinearAlgebra   exact matrices, decompositions, eigenvalues, LP
//     │                             └── Rational  exact numbers over GMP
//     └── (every module above may use any module below it)
//
// Theorems, CrossCheck, Experiments and Training sit on Verification/Bounds; Reports on all of them.
// Among the modules, only `Rational` imports the C shim `CGMP`, and as an `internal import`: no GMP
// type or function is in its public or inlinable interface, so no module above it can see GMP. Its
// @inlinable operators work on word-sized numerators and denominators inline and make one
// out-of-line call into Rational for values on the GMP heap. (Rational's tests use GMP as their
// reference oracle and aajr-bench as its raw-GMP baseline; `.ci/check-gmp-boundary` checks the rest.)
//
// Access: the library products below (Rational, LinearAlgebra, Model, Formats, Bounds, Verification,
// ClaimLanguage, Theorems) are the API for users, and their user-facing declarations are `public`.
// Everything one module offers only to other modules of this package is `package`: all of ONNXFormat,
// CrossCheck, Training, Experiments and Reports (the CLI's rooms), and the plumbing of the products
// (JSON writing, field reading, shard pieces and streamed-enumeration parts, the cell LP, printable text).
//
// Build flag: `-D AAJR_CHECK_INVARIANTS` compiles in internal invariant checks
// (canonical form of every Rational after every operation), e.g.
//   swift test -Xswiftc -DAAJR_CHECK_INVARIANTS
import PackageDescription

let numerics = Target.Dependency.product(name: "RealModule", package: "swift-numerics")

let package = Package(
  name: "aajr",
  products: [
    .library(name: "Rational", targets: ["Rational"]),
    .library(name: "LinearAlgebra", targets: ["LinearAlgebra"]),
    .library(name: "Model", targets: ["Model"]),
    .library(name: "Formats", targets: ["Formats"]),
    .library(name: "Bounds", targets: ["Bounds"]),
    .library(name: "Verification", targets: ["Verification"]),
    .library(name: "ClaimLanguage", targets: ["ClaimLanguage"]),
    .library(name: "Theorems", targets: ["Theorems"]),
    .executable(name: "aajr", targets: ["aajr"]),
    .executable(name: "aajr-bench", targets: ["aajr-bench"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    .package(url: "https://github.com/apple/swift-numerics", from: "1.0.0"),
    .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.0"),
    .package(url: "https://github.com/apple/swift-protobuf", from: "1.39.0"),
    // Theorem front matter is YAML, read by Yams (libyaml), in the Theorems module only.
    .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
  ],
  targets: [
    .systemLibrary(
      name: "CGMP",
      pkgConfig: "gmp",
      providers: [.apt(["libgmp-dev"])]
    ),
    .target(name: "Rational", dependencies: ["CGMP", numerics]),
    .target(name: "LinearAlgebra", dependencies: ["Rational"]),
    .target(name: "Model", dependencies: ["LinearAlgebra", "Rational", numerics]),
    .target(name: "Formats", dependencies: ["Model", "Rational"]),
    // ONNX import/export; Sources/ONNXFormat/Generated/onnx.pb.swift is generated once
    // from onnx.proto and committed (see GENERATED.md there); no plugin runs at build time.
    .target(
      name: "ONNXFormat",
      dependencies: ["Formats", "Model", "LinearAlgebra", "Rational", .product(name: "SwiftProtobuf", package: "swift-protobuf")],
      exclude: ["Generated/GENERATED.md"]
    ),
    .target(name: "Bounds", dependencies: ["Formats", "Model", "LinearAlgebra", "Rational"]),
    .target(name: "Verification", dependencies: ["Bounds", "Formats", "Model", "LinearAlgebra", "Rational"]),
    .target(name: "ClaimLanguage", dependencies: ["Rational"]),
    .target(
      name: "Theorems",
      dependencies: [
        "ClaimLanguage", "Verification", "Bounds", "Formats", "Model", "LinearAlgebra", "Rational",
        .product(name: "Yams", package: "Yams"),
      ]
    ),
    .target(name: "CrossCheck", dependencies: ["Verification", "Bounds", "Formats", "Model", "Rational", numerics]),
    .target(name: "Training", dependencies: ["Bounds", "Formats", "Model", "LinearAlgebra", "Rational"]),
    .target(
      name: "Experiments",
      dependencies: ["Training", "Verification", "Bounds", "Formats", "Model", "LinearAlgebra", "Rational"]
    ),
    .target(
      name: "Reports",
      dependencies: [
        "Theorems", "CrossCheck", "Experiments", "Training", "Verification", "Bounds", "Formats", "Model",
        "LinearAlgebra", "Rational",
      ]
    ),
    .executableTarget(
      name: "aajr",
      dependencies: [
        "Reports", "Theorems", "ClaimLanguage", "CrossCheck", "Experiments", "Training", "Verification", "ONNXFormat", "Bounds",
        "Formats", "Model", "LinearAlgebra", "Rational",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
    ),
    .executableTarget(
      name: "aajr-bench",
      dependencies: ["Rational", "LinearAlgebra", "Model", "Formats", "Bounds", "Verification", "Theorems", "Reports", "CGMP"],
      path: "Benchmarks/aajr-bench"
    ),
    .target(
      name: "TestSupport",
      dependencies: ["Bounds", "Formats", "Model", "LinearAlgebra", "Rational"],
      path: "Tests/TestSupport"
    ),
    .testTarget(
      name: "RationalTests",
      dependencies: [
        "Rational", "LinearAlgebra", "TestSupport", "CGMP",
        .product(name: "PropertyBased", package: "swift-property-based"),
      ]
    ),
    .testTarget(
      name: "BoundsTests",
      dependencies: ["Bounds", "Verification", "Formats", "Model", "LinearAlgebra", "Rational", "TestSupport"],
      resources: [.copy("Fixtures")]
    ),
    .testTarget(
      name: "TheoremTests",
      dependencies: [
        "Theorems", "ClaimLanguage", "Reports", "Verification", "Bounds", "Formats", "Model", "Rational", "TestSupport",
      ]
    ),
    .testTarget(
      name: "VerifyTests",
      dependencies: [
        "Experiments", "Reports", "Training", "CrossCheck", "Verification", "Bounds", "Formats", "Model", "LinearAlgebra", "Rational", "TestSupport",
      ],
      resources: [.copy("Fixtures")]
    ),
    .testTarget(
      name: "ONNXTests",
      dependencies: [
        "ONNXFormat", "CrossCheck", "Verification", "Bounds", "Formats", "Model", "LinearAlgebra", "Rational",
        "TestSupport",
      ],
      resources: [.copy("Fixtures")]
    ),
    .testTarget(
      name: "TrainingTests",
      dependencies: ["Training", "Bounds", "Formats", "Model", "LinearAlgebra", "Rational", "TestSupport"]
    ),
  ],
  swiftLanguageModes: [.v6]
)
