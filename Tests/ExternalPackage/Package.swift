// swift-tools-version:5.10
// A package outside pgdmp that depends on it by path, as a user's package would, and uses only
// the PGDump product's public API (`make external-package` builds and runs it).
import PackageDescription

let package = Package(
    name: "ExternalPackage",
    dependencies: [
        .package(name: "pgdmp", path: "../..")
    ],
    targets: [
        .executableTarget(
            name: "count-rows",
            dependencies: [.product(name: "PGDump", package: "pgdmp")]
        ),
        // pgdmp's own PublicAPITests (a symbolic link), compiled here too: from outside the package,
        // a `package` declaration it used would not compile. `make external-package` builds it; the
        // tests run in pgdmp (`swift test --filter PublicAPITests`), where they find the fixtures.
        .testTarget(
            name: "PublicAPITests",
            dependencies: [.product(name: "PGDump", package: "pgdmp")]
        ),
    ]
)
