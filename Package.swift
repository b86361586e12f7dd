// swift-tools-version:5.10
import PackageDescription

let package = Package(
    name: "pgdmp",
    products: [
        .library(name: "PGDump", targets: ["PGDump"]),
        .executable(name: "pgdmp", targets: ["pgdmp"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        // `make docs`: the DocC catalog Sources/PGDump/PGDump.docc (a command plugin only; no product uses it).
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
    ],
    targets: [
        // System C libraries (Debian -dev packages; `make deps` installs them).
        .systemLibrary(
            name: "CZlib", path: "Sources/CZlib", pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(
            name: "CLZ4", path: "Sources/CLZ4", pkgConfig: "liblz4",
            providers: [.apt(["liblz4-dev"])]),
        .systemLibrary(
            name: "CZstd", path: "Sources/CZstd", pkgConfig: "libzstd",
            providers: [.apt(["libzstd-dev"])]),
        .systemLibrary(
            name: "CISAL", path: "Sources/CISAL", pkgConfig: "libisal",
            providers: [.apt(["libisal-dev"])]),
        .systemLibrary(
            name: "CLibPQ", path: "Sources/CLibPQ", pkgConfig: "libpq",
            providers: [.apt(["libpq-dev"])]),
        .target(
            name: "PGDump",
            dependencies: ["CZlib", "CLZ4", "CZstd", "CISAL", "CLibPQ"]
        ),
        .executableTarget(
            name: "pgdmp",
            dependencies: [
                "PGDump",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // The tests depend on the tool too: SwiftPM builds it next to the test bundle, where the
        // end-to-end tests find it.
        .testTarget(name: "PGDumpTests", dependencies: ["PGDump", "pgdmp"]),
        // What a user of the library sees: `import PGDump` without @testable. (Inside this package
        // `package` declarations are visible too; Tests/ExternalPackage compiles the same file from
        // outside, where they are not.)
        .testTarget(name: "PublicAPITests", dependencies: ["PGDump"]),
    ]
)
