import ArgumentParser
import OutboundBotEmulator

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// `outboundbot-emulator`: a local OutboundBot endpoint for tests, demos and CI.
struct EmulatorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "outboundbot-emulator",
        abstract: "A local stand-in for the Alibaba Cloud OutboundBot endpoint (API 2019-12-26).",
        discussion: """
            Verifies V3 (ACS3-HMAC-SHA256) and V1 (HMAC-SHA1) signatures, keeps instances, \
            answers with the service's codes and, with --admin, injects faults. \
            Without --access-key or --sts-token the development pair \
            LTAIEmulatorDevKey:EmulatorDevSecret is accepted. It also serves STS \
            (AssumeRole, AssumeRoleWithOIDC) on /, GET /credentials and, with --ecs-metadata, \
            the ECS instance metadata credentials; the credentials it issues are accepted. \
            The first line on stdout gives the address it listens on.
            """)

    @Option(help: "Address to listen on.")
    var host = "127.0.0.1"

    @Option(help: "Port to listen on; 0 picks a free one.")
    var port = 0

    @Option(name: .customLong("access-key"), help: ArgumentHelp("An accepted key (repeatable).", valueName: "ID:SECRET"))
    var accessKeys: [String] = []

    @Option(name: .customLong("sts-token"),
            help: ArgumentHelp("An accepted STS key; requests must carry the token (repeatable).", valueName: "ID:SECRET:TOKEN"))
    var stsTokens: [String] = []

    @Option(name: .customLong("tls-cert"), help: ArgumentHelp("PEM certificate chain: serve HTTPS.", valueName: "PEM"))
    var tlsCertificate: String?

    @Option(name: .customLong("tls-key"), help: ArgumentHelp("PEM private key for --tls-cert.", valueName: "PEM"))
    var tlsKey: String?

    @Option(help: ArgumentHelp("Persist instances in this JSON file (written atomically).", valueName: "FILE"))
    var state: String?

    @Option(help: "Account-wide ceiling on the sum of MaxConcurrentConversation.")
    var concurrencyQuota = 10_000

    @Option(help: "Largest accepted clock difference, in seconds; also how long nonces are remembered.")
    var maxSkew = 900

    @Flag(help: "Serve the /_emulator/ admin API (faults, request log, instances, reset).")
    var admin = false

    @Flag(help: "Benchmarks only: skip HMAC, nonce and clock checks (an AccessKeyId is still required).")
    var skipSignatureCheck = false

    @Flag(name: .customLong("ecs-metadata"),
          help: "Serve the ECS instance metadata RAM-role credentials under /latest/ (IMDSv2 tokens required).")
    var ecsMetadata = false

    @Option(name: .customLong("ecs-role-name"), help: ArgumentHelp("The RAM role the instance metadata reports.", valueName: "NAME"))
    var ecsRoleName = EmulatorConfiguration.defaultECSRoleName

    @Option(name: .customLong("oidc-token-file"),
            help: ArgumentHelp("AssumeRoleWithOIDC accepts only this file's contents (trailing whitespace trimmed), read at each request.",
                               valueName: "PATH"))
    var oidcTokenFile: String?

    @Option(name: .customLong("sts-lifetime-seconds"),
            help: ArgumentHelp("Lifetime of every credential the emulator issues, overriding DurationSeconds (1 to 43200).",
                               valueName: "N"))
    var stsLifetimeSeconds: Int?

    func validate() throws {
        guard (0...65_535).contains(port) else { throw ValidationError("--port must be from 0 to 65535.") }
        guard (tlsCertificate == nil) == (tlsKey == nil) else {
            throw ValidationError("--tls-cert and --tls-key go together.")
        }
        guard concurrencyQuota >= 0 else { throw ValidationError("--concurrency-quota must not be negative.") }
        guard maxSkew >= 0 else { throw ValidationError("--max-skew must not be negative.") }
        if let stsLifetimeSeconds, !(1...43_200).contains(stsLifetimeSeconds) {
            throw ValidationError("--sts-lifetime-seconds must be from 1 to 43200.")
        }
        guard (1...64).contains(ecsRoleName.utf8.count),
              ecsRoleName.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || ".-_@".contains($0)) }) else {
            throw ValidationError("--ecs-role-name must be 1 to 64 characters of A-Z, a-z, 0-9, '.', '-', '_' and '@'.")
        }
        if let oidcTokenFile, oidcTokenFile.isEmpty {
            throw ValidationError("--oidc-token-file must not be empty.")
        }
        _ = try parsedKeys()
    }

    private func parsedKeys() throws -> [AccessKey] {
        var keys: [AccessKey] = []
        for entry in accessKeys {
            let parts = entry.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
                throw ValidationError("--access-key takes ID:SECRET.")
            }
            keys.append(AccessKey(id: String(parts[0]), secret: String(parts[1])))
        }
        for entry in stsTokens {
            let parts = entry.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false)
            guard parts.count == 3, !parts.contains(where: \.isEmpty) else {
                throw ValidationError("--sts-token takes ID:SECRET:TOKEN.")
            }
            keys.append(AccessKey(id: String(parts[0]), secret: String(parts[1]), securityToken: String(parts[2])))
        }
        return keys
    }

    func run() throws {
        let tls = tlsCertificate.flatMap { certificate in
            tlsKey.map { EmulatorConfiguration.TLSFiles(certificatePath: certificate, privateKeyPath: $0) }
        }
        let configuration = EmulatorConfiguration(
            host: host, port: port, accessKeys: try parsedKeys(), tls: tls, statePath: state,
            concurrencyQuota: concurrencyQuota, maxSkewSeconds: maxSkew, adminEnabled: admin,
            skipSignatureCheck: skipSignatureCheck, ecsMetadataEnabled: ecsMetadata, ecsRoleName: ecsRoleName,
            oidcTokenFile: oidcTokenFile, stsLifetimeSeconds: stsLifetimeSeconds)
        if skipSignatureCheck {
            Diagnostics.log("WARNING: --skip-signature-check is on: signatures, nonces and clocks are NOT verified (benchmarks only)")
        }

        // Block SIGINT and SIGTERM before any thread exists, so every thread
        // inherits the mask and a signal stays pending until `sigwait` takes it:
        // one sent the instant the announce line appears cannot be lost.
        var stopSignals = sigset_t()
        sigemptyset(&stopSignals)
        sigaddset(&stopSignals, SIGINT)
        sigaddset(&stopSignals, SIGTERM)
        pthread_sigmask(SIG_BLOCK, &stopSignals, nil)

        let server = try EmulatorServer(configuration: configuration)
        try server.start()

        // Scripts read this line for the real port: print it first, flushed, and nothing else on stdout.
        announce("outboundbot-emulator listening on \(server.baseURL ?? "")\n")
        Diagnostics.log("keys: \(configuration.accessKeys.isEmpty ? "development pair LTAIEmulatorDevKey" : configuration.accessKeys.map(\.id).joined(separator: ", "))"
            + (configuration.statePath.map { "; state: \($0)" } ?? "") + (admin ? "; admin API on" : "")
            + (ecsMetadata ? "; ECS metadata for role \(ecsRoleName)" : "")
            + (oidcTokenFile.map { "; OIDC token file: \($0)" } ?? "")
            + (stsLifetimeSeconds.map { "; issued credentials live \($0) s" } ?? ""))

        var received: Int32 = 0
        while sigwait(&stopSignals, &received) != 0 {}
        do {
            try server.stop()
        } catch {
            Diagnostics.log("error while stopping: \(error)")
        }
        Diagnostics.log("stopped")
    }

    /// Writes straight to fd 1 so the line is out before anything else happens.
    private func announce(_ line: String) {
        var bytes = Array(line.utf8)
        bytes.withUnsafeMutableBytes { raw in
            guard let base = raw.baseAddress else { return }
            _ = write(1, base, raw.count)
        }
    }
}
