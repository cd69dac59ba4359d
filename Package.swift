// swift-tools-version:6.0
//
// liboutboundbot: a Swift core behind a C ABI for Alibaba Cloud OutboundBot.
//
// Layering (each target depends only on those above it):
//   CLibcurl, CCurlShim, COpenSSLCrypto   system C libraries and the tiny curl shim
//   OutboundBotSigner                      pure V3 / V1 request signing
//   OutboundBot                            the Swift core: requests, credentials, transport, decoding
//   OutboundBotCABI                        the C ABI declared in include/outboundbot.h
//   OutboundBotEmulator                    a local OutboundBot endpoint (tests, demo, users' CI)
import PackageDescription

let package = Package(
    name: "liboutboundbot",
    products: [
        // liboutboundbot.so, for C, C++, Python, Go and plugin hosts.
        .library(name: "outboundbot", type: .dynamic, targets: ["OutboundBotCABI"]),
        // The Swift API, for Swift callers.
        .library(name: "OutboundBot", targets: ["OutboundBot"]),
        .library(name: "OutboundBotSigner", targets: ["OutboundBotSigner"]),
        .library(name: "OutboundBotEmulator", targets: ["OutboundBotEmulator"]),
        // Installed as `outboundbot` (the library product owns that name here).
        .executable(name: "outboundbot-cli", targets: ["outboundbot-cli"]),
        .executable(name: "outboundbot-emulator", targets: ["outboundbot-emulator"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
    ],
    targets: [
        .systemLibrary(
            name: "CLibcurl",
            pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"])]
        ),
        .target(name: "CCurlShim", dependencies: ["CLibcurl"]),
        .systemLibrary(
            name: "COpenSSLCrypto",
            pkgConfig: "libcrypto",
            providers: [.apt(["libssl-dev"])]
        ),
        // Makes include/outboundbot.h visible to Swift so that `@c @implementation`
        // checks every export against its declaration.
        .target(name: "COutboundBotHeader"),

        .target(name: "OutboundBotSigner", dependencies: ["COpenSSLCrypto"]),
        .target(name: "OutboundBot", dependencies: ["OutboundBotSigner", "CCurlShim", "COutboundBotHeader"]),
        .target(name: "OutboundBotCABI", dependencies: ["OutboundBot", "COutboundBotHeader"]),

        .target(
            name: "OutboundBotEmulator",
            dependencies: [
                "OutboundBotSigner",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]
        ),
        .executableTarget(
            name: "outboundbot-emulator",
            dependencies: [
                "OutboundBotEmulator",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "outboundbot-cli",
            dependencies: [
                "OutboundBot",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        .testTarget(
            name: "OutboundBotSignerTests",
            dependencies: ["OutboundBotSigner"],
            exclude: ["Fixtures"]
        ),
        .testTarget(
            name: "OutboundBotTests",
            dependencies: ["OutboundBot", "OutboundBotEmulator"]
        ),
    ]
)
