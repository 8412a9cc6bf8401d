// swift-tools-version:6.0
// Quality benchmark of the early-warning detectors on synthetic report streams over real regions.
// It builds only PantauCore from the root package.
import PackageDescription

let package = Package(
    name: "detection-bench",
    platforms: [.macOS(.v15)],
    dependencies: [.package(name: "Pantau", path: "../..")],
    targets: [
        .executableTarget(
            name: "detection-bench",
            dependencies: [.product(name: "PantauCore", package: "Pantau")],
            path: "Sources/detection-bench"
        ),
    ]
)
