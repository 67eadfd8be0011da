// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "PolicyGraph",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "PolicyGraph", targets: ["PolicyGraph"]),
        .executable(name: "policygraph", targets: ["policygraph"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.0"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.1.0"),
        .package(url: "https://github.com/apple/swift-crypto", "3.0.0"..<"5.0.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
    ],
    targets: [
        // libxml2 through pkg-config; `apt-get install libxml2-dev` provides it.
        .systemLibrary(
            name: "CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"]), .brew(["libxml2"])]
        ),
        .target(
            name: "PolicyGraph",
            dependencies: [
                "CLibXML2",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Collections", package: "swift-collections"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            resources: [.copy("Resources/Lexicon")]
        ),
        .executableTarget(
            name: "policygraph",
            dependencies: [
                "PolicyGraph",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(name: "IngestTests", dependencies: ["PolicyGraph"]),
        .testTarget(name: "SegmentTests", dependencies: ["PolicyGraph"]),
        .testTarget(name: "ExtractTests", dependencies: ["PolicyGraph"]),
        .target(name: "PolicyGraphTestSupport", dependencies: ["PolicyGraph"], path: "Tests/TestSupport"),
        .testTarget(name: "GraphTests", dependencies: ["PolicyGraph", "PolicyGraphTestSupport"]),
        .testTarget(name: "ExportTests", dependencies: ["PolicyGraph", "PolicyGraphTestSupport"], exclude: ["python"]),
        .testTarget(name: "StoreTests", dependencies: ["PolicyGraph"]),
        .testTarget(name: "BenchTests", dependencies: ["PolicyGraph"]),
    ]
)
