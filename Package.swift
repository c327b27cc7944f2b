// swift-tools-version:6.1
import PackageDescription

let upcomingFeatures: [SwiftSetting] = [
  .enableUpcomingFeature("ExistentialAny"),
  .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
  name: "triage",
  platforms: [.macOS(.v15)],
  products: [
    .executable(name: "triage", targets: ["triage"]),
    .library(name: "TriageBinary", targets: ["TriageBinary"]),
    .library(name: "TriageCEL", targets: ["TriageCEL"]),
    .library(name: "TriageCore", targets: ["TriageCore"]),
    .library(name: "TriageRunbook", targets: ["TriageRunbook"]),
    .library(name: "TriageReports", targets: ["TriageReports"]),
    .library(name: "TriageProbes", targets: ["TriageProbes"]),
    .library(name: "TriageServer", targets: ["TriageServer"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
    .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
  ],
  targets: [
    .systemLibrary(
      name: "CLibYAML",
      pkgConfig: "yaml-0.1",
      providers: [.apt(["libyaml-dev"])]
    ),
    .systemLibrary(
      name: "CLibSSL",
      pkgConfig: "openssl",
      providers: [.apt(["libssl-dev"])]
    ),
    // Declarations only: the two client libraries are opened when a probe first needs them
    // (CClientLibraries), not linked.
    .systemLibrary(name: "CLibMariaDB", providers: [.apt(["libmariadb-dev"])]),
    .systemLibrary(name: "CLibPQ", providers: [.apt(["libpq-dev"])]),
    .target(name: "CClientLibraries"),
    .target(name: "CHugePages"),
    .target(name: "TriageBinary", swiftSettings: upcomingFeatures),
    .target(name: "TriageCEL", dependencies: ["TriageBinary"], swiftSettings: upcomingFeatures),
    .target(name: "TriageCore", dependencies: ["TriageCEL", "TriageBinary"], swiftSettings: upcomingFeatures),
    .target(
      name: "TriageRunbook",
      dependencies: ["TriageCore", "TriageCEL", "TriageBinary", "CLibYAML"],
      swiftSettings: upcomingFeatures
    ),
    .target(
      name: "TriageProbes",
      dependencies: ["TriageCore", "TriageCEL", "CLibPQ", "CLibSSL", "CLibMariaDB", "CClientLibraries"],
      swiftSettings: upcomingFeatures
    ),
    .target(name: "TriageReports", dependencies: ["TriageCore", "TriageCEL"], swiftSettings: upcomingFeatures),
    .target(
      name: "TriageServer",
      dependencies: [
        "TriageCore", "TriageReports",
        .product(name: "Hummingbird", package: "hummingbird"),
        .product(name: "Logging", package: "swift-log"),
      ],
      swiftSettings: upcomingFeatures
    ),
    .executableTarget(
      name: "triage",
      dependencies: [
        "TriageCore", "TriageCEL", "TriageRunbook", "TriageReports", "TriageProbes", "TriageServer",
        "CHugePages",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ],
      swiftSettings: upcomingFeatures
    ),
    .testTarget(name: "TriageCELTests", dependencies: ["TriageCEL", "TriageBinary"], swiftSettings: upcomingFeatures),
    .testTarget(
      name: "TriageCoreTests",
      dependencies: ["TriageCore", "TriageCEL"],
      swiftSettings: upcomingFeatures
    ),
    .testTarget(
      name: "TriageRunbookTests",
      dependencies: ["TriageRunbook", "TriageCore", "TriageCEL", "TriageBinary"],
      exclude: ["Fixtures"],
      swiftSettings: upcomingFeatures
    ),
    .testTarget(
      name: "TriageProbesTests",
      dependencies: ["TriageProbes", "TriageRunbook", "TriageCore", "TriageCEL"],
      swiftSettings: upcomingFeatures
    ),
    .testTarget(
      name: "TriageReportsTests",
      dependencies: ["TriageReports", "TriageRunbook", "TriageCore", "TriageCEL"],
      exclude: ["Fixtures", "Snapshots"],
      swiftSettings: upcomingFeatures
    ),
    .testTarget(
      name: "TriageServerTests",
      dependencies: ["TriageServer", "TriageRunbook", "TriageCore", "TriageReports"],
      swiftSettings: upcomingFeatures
    ),
    .testTarget(
      name: "TriageCLITests",
      dependencies: ["triage"],
      swiftSettings: upcomingFeatures
    ),
  ],
  swiftLanguageModes: [.v6]
)
