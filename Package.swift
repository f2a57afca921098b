// swift-tools-version:6.2
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
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-certificates", from: "1.21.1"),
        .package(url: "https://github.com/apple/swift-asn1", from: "1.7.4"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.35.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-websocket", from: "2.8.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/vapor/fluent-kit", from: "1.57.0"),
        .package(url: "https://github.com/vapor/fluent-sqlite-driver", from: "4.9.0"),
        .package(url: "https://github.com/vapor/fluent-postgres-driver", from: "2.14.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/adam-fowler/compress-nio", from: "1.5.0"),
    ],
    targets: [
        // Domain values: pure, Sendable, Codable. No I/O.
        .target(name: "Scheduling"),
        // Constraint model, incremental scoring and search. Depends on Scheduling only.
        // The score director is one class per worker, never shared, whose counters the inner loop updates millions
        // of times a second: release builds skip the dynamic exclusivity checks on them (about 5% of a move's time,
        // measured with perf); debug builds, which the tests run, keep every check.
        .target(name: "Solver", dependencies: ["Scheduling"],
                swiftSettings: [.unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release))]),
        // The SDK plugin authors import.
        .target(name: "PluginKit", dependencies: ["Scheduling", "Solver"]),
        // Domain plugins: one target each under Plugins/, importing PluginKit only (docs/plugins.md).
        .target(name: "ElderMeals", dependencies: ["PluginKit"], path: "Plugins/ElderMeals"),
        .target(name: "ChildTutoring", dependencies: ["PluginKit"], path: "Plugins/ChildTutoring"),
        .target(name: "OutdoorStations", dependencies: ["PluginKit"], path: "Plugins/OutdoorStations"),
        .target(name: "RiverPatrol", dependencies: ["PluginKit"], path: "Plugins/RiverPatrol"),
        // The starting point of a new plugin; compiled so that it keeps compiling, never registered.
        .target(name: "TemplatePlugin", dependencies: ["PluginKit"], path: "Plugins/Template"),
        // The plugins this build ships, in one registry.
        .target(name: "BundledPlugins", dependencies: ["PluginKit", "ElderMeals", "ChildTutoring", "OutdoorStations", "RiverPatrol"],
                path: "Plugins/Bundled"),
        // Seeded, realistic weeks for one street (demo data and benchmarks).
        .target(name: "WeekGenerator", dependencies: ["Scheduling"]),
        // The Curtois & Qu shift-scheduling benchmark: parser, model adapter, independent penalty check.
        .target(name: "Curtois", dependencies: ["Scheduling", "Solver"]),
        // Persistence behind one protocol: records, migrations, the append-only event log and its commit announcements
        // (FluentKit; SQLite by default, PostgreSQL for several instances, LISTEN/NOTIFY over postgres-nio).
        .target(
            name: "Storage",
            dependencies: [
                "Scheduling",
                .product(name: "FluentKit", package: "fluent-kit"),
                .product(name: "FluentSQL", package: "fluent-kit"),
                .product(name: "FluentSQLiteDriver", package: "fluent-sqlite-driver"),
                .product(name: "FluentPostgresDriver", package: "fluent-postgres-driver"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // The HTTPS/WSS service: API, auth, push hub, solve jobs. No scheduling logic: it calls Solver.
        .target(
            name: "Server",
            dependencies: [
                "Scheduling", "Solver", "PluginKit", "BundledPlugins", "Storage",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "CompressNIO", package: "compress-nio"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "NIOHTTPTypesHTTP1", package: "swift-nio-extras"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            resources: [.copy("Resources/openapi.json")]
        ),
        .executableTarget(
            name: "tandem",
            dependencies: [
                "Scheduling", "Solver", "PluginKit", "BundledPlugins", "WeekGenerator", "Curtois", "Server", "Storage",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                // The push benchmark's load client and floor.
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOTLS", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "CompressNIO", package: "compress-nio"),
            ]
        ),
        .testTarget(name: "SchedulingTests", dependencies: ["Scheduling"]),
        .testTarget(name: "SolverTests", dependencies: ["Scheduling", "Solver", "WeekGenerator"]),
        .testTarget(name: "CurtoisTests", dependencies: ["Curtois", "Solver", "Scheduling"]),
        .testTarget(
            name: "PluginsTests",
            dependencies: ["PluginKit", "Solver", "ElderMeals", "ChildTutoring", "OutdoorStations", "RiverPatrol", "TemplatePlugin",
                           "BundledPlugins"]
        ),
        .testTarget(name: "StorageTests", dependencies: ["Storage", "Scheduling", .product(name: "PostgresNIO", package: "postgres-nio")]),
        .testTarget(
            name: "ServerTests",
            dependencies: [
                "Server", "Storage", "Scheduling", "WeekGenerator",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HummingbirdWSClient", package: "hummingbird-websocket"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)

// Warnings are errors in this package's own code (dependencies' warnings are theirs): CI builds debug and release
// with it, so a warning cannot land.
for target in package.targets {
    target.swiftSettings = (target.swiftSettings ?? []) + [.treatAllWarnings(as: .error)]
}
