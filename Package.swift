// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "coalflow",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "coalflow", targets: ["coalflow"])
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth.git", from: "2.5.0"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "3.12.3"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.86.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
    ],
    targets: [
        // Pure domain: values, rules and the workflow state machine. No I/O.
        .target(name: "CoalflowCore"),
        // The wire: request and response types and route paths of the HTTP API, shared by server and client.
        .target(name: "CoalflowAPI", dependencies: ["CoalflowCore"]),
        // PostgreSQL: migrations, repositories, transactions.
        .target(
            name: "CoalflowStore",
            dependencies: [
                "CoalflowCore",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The private PostgreSQL cluster and pg_dump/pg_restore: child processes, not queries.
        .target(
            name: "CoalflowPostgres",
            dependencies: [
                "CoalflowStore",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // HTTP API.
        .target(
            name: "CoalflowServer",
            dependencies: [
                "CoalflowAPI",
                "CoalflowCore",
                "CoalflowStore",
                "CoalflowReports",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            // The OpenAPI document, served at /openapi.json, and the web pages' style sheet; a release install
            // copies the bundle beside the binary.
            resources: [.copy("Resources/openapi.json"), .copy("Resources/style.css")]
        ),
        // libxlsxwriter (Debian libxlsxwriter-dev), for Excel exports written row by row.
        .systemLibrary(name: "CXLSXWriter", pkgConfig: "xlsxwriter", providers: [.apt(["libxlsxwriter-dev"])]),
        // Progress, dispatch reports and the year-end assessment: tables, and their CSV and XLSX writers.
        .target(name: "CoalflowReports", dependencies: ["CoalflowCore", "CXLSXWriter"]),
        // Typed client of the HTTP API, used by the department commands.
        .target(
            name: "CoalflowClient",
            dependencies: [
                "CoalflowAPI",
                "CoalflowCore",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ]
        ),
        .executableTarget(
            name: "coalflow",
            dependencies: [
                "CoalflowAPI",
                "CoalflowCore",
                "CoalflowStore",
                "CoalflowPostgres",
                "CoalflowServer",
                "CoalflowClient",
                "CoalflowReports",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ]
        ),
        // A real PostgreSQL for tests: a throwaway cluster and a fresh database per test.
        .target(
            name: "CoalflowTestSupport",
            dependencies: ["CoalflowStore", "CoalflowPostgres", .product(name: "PostgresNIO", package: "postgres-nio")],
            path: "Tests/Support"
        ),
        // `make bench`: throughput, latency, export and import, beside PostgreSQL's own limit.
        .executableTarget(
            name: "coalflow-bench",
            dependencies: [
                "CoalflowAPI",
                "CoalflowCore",
                "CoalflowStore",
                "CoalflowPostgres",
                "CoalflowServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ]
        ),
        .testTarget(name: "CoalflowCoreTests", dependencies: ["CoalflowCore"]),
        .testTarget(name: "CoalflowAPITests", dependencies: ["CoalflowAPI", "CoalflowCore"]),
        .testTarget(name: "CoalflowReportsTests", dependencies: ["CoalflowReports", "CoalflowTestSupport"]),
        .testTarget(
            name: "CoalflowStoreTests",
            dependencies: [
                "CoalflowStore", "CoalflowPostgres", "CoalflowTestSupport",
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ]
        ),
        .testTarget(
            name: "CoalflowPostgresTests",
            dependencies: [
                "CoalflowPostgres", "CoalflowStore", "CoalflowTestSupport",
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ]
        ),
        .testTarget(
            name: "CoalflowServerTests",
            dependencies: [
                "CoalflowServer",
                "CoalflowTestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
            ]
        ),
        // Drives the built `coalflow` executable as a user would (make test builds it first).
        .testTarget(
            name: "CoalflowCLITests",
            dependencies: [
                "CoalflowStore", "CoalflowPostgres", "CoalflowTestSupport",
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
