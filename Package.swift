// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Tandem",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "tandem", targets: ["tandem"]),
        .library(name: "PluginKit", targets: ["PluginKit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        // Domain values: pure, Sendable, Codable. No I/O.
        .target(name: "Scheduling"),
        // Constraint model, incremental scoring and search. Depends on Scheduling only.
        .target(name: "Solver", dependencies: ["Scheduling"]),
        // The SDK plugin authors import.
        .target(name: "PluginKit", dependencies: ["Scheduling", "Solver"]),
        // Seeded, realistic weeks for one street (demo data and benchmarks).
        .target(name: "WeekGenerator", dependencies: ["Scheduling"]),
        // The Curtois & Qu shift-scheduling benchmark: parser, model adapter, independent penalty check.
        .target(name: "Curtois", dependencies: ["Scheduling", "Solver"]),
        .executableTarget(
            name: "tandem",
            dependencies: [
                "Scheduling", "Solver", "PluginKit", "WeekGenerator", "Curtois",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "SchedulingTests", dependencies: ["Scheduling"]),
        .testTarget(name: "SolverTests", dependencies: ["Scheduling", "Solver", "WeekGenerator"]),
        .testTarget(name: "CurtoisTests", dependencies: ["Curtois", "Solver", "Scheduling"]),
        .testTarget(name: "PluginKitTests", dependencies: ["PluginKit", "Solver"]),
    ],
    swiftLanguageModes: [.v6]
)
