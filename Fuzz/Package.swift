// swift-tools-version:6.1
// libFuzzer targets for triage. A package of its own, so the main build never links them.
//
// Build one target (inside Fuzz/):
//   swift build -c debug --sanitize fuzzer --sanitize address -Xswiftc -parse-as-library \
//     --product FuzzRunbookLoader --scratch-path .build-fuzz
// or run one with ./run.sh FuzzRunbookLoader 600. See docs/fuzzing.md.
import Foundation
import PackageDescription

// A path dependency's identity is its directory name, whatever the checkout is called.
let mainPackage = URL(fileURLWithPath: Context.packageDirectory).deletingLastPathComponent().lastPathComponent

let package = Package(
  name: "TriageFuzz",
  platforms: [.macOS(.v15)],
  products: [
    .executable(name: "FuzzRunbookLoader", targets: ["FuzzRunbookLoader"]),
    .executable(name: "FuzzCELCompile", targets: ["FuzzCELCompile"]),
    .executable(name: "FuzzCELEvaluate", targets: ["FuzzCELEvaluate"]),
    .executable(name: "FuzzCatalogCache", targets: ["FuzzCatalogCache"]),
  ],
  dependencies: [
    .package(path: "..")
  ],
  targets: [
    .executableTarget(
      name: "FuzzRunbookLoader",
      dependencies: [
        .product(name: "TriageBinary", package: mainPackage),
        .product(name: "TriageCEL", package: mainPackage),
        .product(name: "TriageCore", package: mainPackage),
        .product(name: "TriageRunbook", package: mainPackage),
      ]
    ),
    .executableTarget(
      name: "FuzzCELCompile",
      dependencies: [.product(name: "TriageCEL", package: mainPackage)]
    ),
    .executableTarget(
      name: "FuzzCELEvaluate",
      dependencies: [.product(name: "TriageCEL", package: mainPackage)]
    ),
    .executableTarget(
      name: "FuzzCatalogCache",
      dependencies: [
        .product(name: "TriageCore", package: mainPackage),
        .product(name: "TriageRunbook", package: mainPackage),
      ]
    ),
  ],
  swiftLanguageModes: [.v6]
)
