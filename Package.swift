// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Pantau",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "pantau", targets: ["pantau"]),
        .library(name: "PantauCore", targets: ["PantauCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth.git", from: "2.5.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
        .package(url: "https://github.com/vapor/sql-kit.git", from: "3.36.0"),
        .package(url: "https://github.com/vapor/sqlite-kit.git", from: "4.5.2"),
        .package(url: "https://github.com/vapor/postgres-kit.git", from: "2.17.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/adam-fowler/compress-nio.git", from: "1.5.0"),
        .package(url: "https://github.com/yaslab/CSV.swift.git", from: "2.5.2"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.4.0"),
        .package(url: "https://github.com/vapor/multipart-kit.git", from: "4.7.1"),
        .package(url: "https://github.com/weichsel/ZIPFoundation.git", from: "0.9.20"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
    ],
    targets: [
        // Pure domain rules: no web framework, no database.
        .target(name: "PantauCore"),
        // Persistence on SQLite and PostgreSQL through one SQLKit code path.
        .target(
            name: "PantauStore",
            dependencies: [
                "PantauCore",
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "SQLiteKit", package: "sqlite-kit"),
                .product(name: "PostgresKit", package: "postgres-kit"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "CompressNIO", package: "compress-nio"),
                .product(name: "CSV", package: "CSV.swift"),
            ],
            resources: [.copy("Resources/data")]
        ),
        // Office documents for exported reports (.docx), written without the web or the database.
        .target(
            name: "PantauDocuments",
            dependencies: [.product(name: "ZIPFoundation", package: "ZIPFoundation")]
        ),
        // HTTP: pages, JSON API, authentication.
        .target(
            name: "PantauWeb",
            dependencies: [
                "PantauCore",
                "PantauStore",
                "PantauDocuments",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdAuth", package: "hummingbird-auth"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "MultipartKit", package: "multipart-kit"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            resources: [.copy("Resources/templates"), .copy("Resources/public"), .copy("Resources/openapi")]
        ),
        // Composition root and command line.
        .target(
            name: "PantauApp",
            dependencies: [
                "PantauCore", "PantauStore", "PantauWeb", "PantauDocuments",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(name: "pantau", dependencies: ["PantauApp"]),
        .target(
            name: "PantauTestSupport",
            dependencies: ["PantauCore", "PantauStore", "PantauApp"],
            path: "Tests/PantauTestSupport"
        ),
        // Hand-computed fixtures shared by the core and store tests; depends on the core only.
        .target(name: "PantauFixtures", dependencies: ["PantauCore"], path: "Tests/PantauFixtures"),
        .testTarget(name: "PantauCoreTests", dependencies: ["PantauCore", "PantauFixtures"]),
        .testTarget(name: "PantauDocumentsTests", dependencies: ["PantauDocuments", "PantauCore"]),
        .testTarget(name: "PantauStoreTests", dependencies: ["PantauStore", "PantauTestSupport", "PantauFixtures"]),
        .testTarget(
            name: "PantauWebTests",
            dependencies: [
                "PantauWeb", "PantauApp", "PantauTestSupport", "PantauDocuments",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ]
        ),
        // Runs the built `pantau` executable as a user would.
        .testTarget(name: "PantauAppTests", dependencies: ["PantauApp", "PantauTestSupport", "PantauDocuments", "pantau"]),
    ]
)
