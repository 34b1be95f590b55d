// swift-tools-version: 6.1
import PackageDescription

// libgit2 and what it uses, from Debian's static archives: a dynamically linked libgit2 costs milliseconds of
// loading and relocation in every run and ties the binary to one distribution's shared libraries. SSH,
// Kerberos and the CA bundle are replaced by CLibgit2Offline (see its sources for why), so neither OpenSSL
// nor a Kerberos library, which Debian ships only as shared objects, is linked.
let libgit2StaticLinkFlags = [
    "-Xlinker", "--wrap=mbedtls_x509_crt_parse_file",
    "-Xlinker", "-l:libgit2.a",
    "-Xlinker", "-l:libmbedtls.a", "-Xlinker", "-l:libmbedx509.a", "-Xlinker", "-l:libmbedcrypto.a",
    "-Xlinker", "-l:libhttp_parser.a", "-Xlinker", "-l:libpcre2-8.a", "-Xlinker", "-l:libz.a",
]

let package = Package(
    name: "cavra-gate",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "cavra-gate", targets: ["cavra-gate"]),
        .library(name: "CavraEngine", targets: ["CavraEngine"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.0.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    ],
    targets: [
        // libgit2's headers only: the library itself is linked statically by CavraGit.
        .systemLibrary(name: "CLibgit2", providers: [.apt(["libgit2-dev"])]),
        // Stand-ins for the libraries behind libgit2's network transports, which the gate never opens.
        .target(name: "CLibgit2Offline"),
        // The shared vocabulary of every stage; depends on nothing so every stage can use it.
        .target(name: "CavraModel"),
        // Keys, signatures, canonical JSON and digests, shared by policy signing and every signed record.
        .target(name: "CavraTrust", dependencies: ["CavraModel", .product(name: "Crypto", package: "swift-crypto")]),
        .target(
            name: "CavraGit", dependencies: ["CavraModel", "CLibgit2", "CLibgit2Offline"],
            linkerSettings: [.unsafeFlags(libgit2StaticLinkFlags)]),
        .target(name: "CavraPolicy", dependencies: ["CavraModel", "CavraTrust", "Yams"]),
        .target(name: "CavraClassify", dependencies: ["CavraModel", "Yams"]),
        // Which CI platform runs the gate and what it asks for; the home of platform I/O.
        .target(name: "CavraPlatform", dependencies: ["CavraModel", "CavraTrust", "CCurlLoader"]),
        // libcurl, opened on first use, so the binary has no start-up dependency on it or what it links.
        .target(name: "CCurlLoader"),
        .target(name: "CavraReport", dependencies: ["CavraModel"]),
        // Who runs the gate: OIDC tokens and HMAC-signed runner claims, verified against the policy's runner section.
        .target(
            name: "CavraIdentity",
            dependencies: [
                "CavraModel", "CavraTrust", "CavraPolicy", .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "CryptoExtras", package: "swift-crypto"),
            ]),
        // Signed statements of a gate result (in-toto in DSSE): built from the redacted result a report shows.
        .target(name: "CavraAttest", dependencies: ["CavraModel", "CavraTrust", "CavraReport"]),
        // Which controls a result bears on, and the evidence bundle's manifest: views of a result and its policy.
        .target(name: "CavraCompliance", dependencies: ["CavraModel", "CavraPolicy", "CavraTrust", "CavraReport"]),
        // Posting the verdict where reviewers see it (check runs, statuses, one comment); networking through
        // CavraPlatform's client, so only the commands that publish reach it.
        .target(name: "CavraPublish", dependencies: ["CavraModel", "CavraPlatform", "CavraReport"]),
        // The hash-chained record of every run, behind a store protocol; SQLite through GRDB.
        .target(
            name: "CavraLedger",
            dependencies: [
                "CavraModel", "CavraTrust", "CLedgerSQLite", .product(name: "GRDB", package: "GRDB.swift"),
            ]),
        // The one SQLite setting only a variadic C function reaches.
        .target(name: "CLedgerSQLite", linkerSettings: [.linkedLibrary("sqlite3")]),
        .target(
            name: "CavraEngine",
            dependencies: [
                "CavraModel", "CavraGit", "CavraPolicy", "CavraClassify", "CavraPlatform", "CavraTrust",
                "CavraIdentity",
            ]
        ),
        .executableTarget(
            name: "cavra-gate",
            dependencies: [
                "CavraEngine", "CavraModel", "CavraPolicy", "CavraReport", "CavraPlatform", "CavraTrust",
                "CavraIdentity", "CavraAttest", "CavraCompliance", "CavraPublish", "CavraLedger",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .target(name: "TestSupport", dependencies: ["CavraModel"], path: "Tests/TestSupport"),
        .testTarget(name: "CavraGitTests", dependencies: ["CavraGit", "TestSupport"]),
        .testTarget(name: "CavraTrustTests", dependencies: ["CavraTrust", "TestSupport"]),
        .testTarget(
            name: "CavraPolicyTests", dependencies: ["CavraPolicy", "CavraTrust", "CavraClassify", "TestSupport"]),
        .testTarget(name: "CavraPlatformTests", dependencies: ["CavraPlatform", "TestSupport"]),
        .testTarget(name: "CavraClassifyTests", dependencies: ["CavraClassify", "TestSupport"]),
        .testTarget(
            name: "CavraAttestTests", dependencies: ["CavraAttest", "CavraModel", "CavraTrust", "TestSupport"]),
        .testTarget(
            name: "CavraComplianceTests",
            dependencies: ["CavraCompliance", "CavraModel", "CavraPolicy", "CavraTrust", "TestSupport"]),
        .testTarget(name: "CavraReportTests", dependencies: ["CavraReport", "TestSupport"]),
        .testTarget(
            name: "CavraIdentityTests",
            dependencies: [
                "CavraIdentity", "CavraModel", "CavraPolicy", "TestSupport",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "CryptoExtras", package: "swift-crypto"),
            ]),
        .testTarget(
            name: "CavraPublishTests", dependencies: ["CavraPublish", "CavraModel", "CavraPlatform", "TestSupport"]),
        .testTarget(name: "CavraEngineTests", dependencies: ["CavraEngine", "TestSupport"]),
        .testTarget(name: "CavraLedgerTests", dependencies: ["CavraLedger", "CavraModel", "TestSupport"]),
        .testTarget(name: "CLITests", dependencies: ["TestSupport"]),
    ]
)

for target in package.targets where target.type != .system {
    target.swiftSettings =
        (target.swiftSettings ?? []) + [
            .enableUpcomingFeature("ExistentialAny"),
            .enableUpcomingFeature("MemberImportVisibility"),
        ]
}
