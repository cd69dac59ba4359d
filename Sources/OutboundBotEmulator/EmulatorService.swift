import struct Foundation.UUID

/// The emulator without its network: one complete request in, one answer out.
///
/// Thread-safe; the HTTP handler of every connection calls `handle` directly
/// on its event loop. Tests may drive it without a socket.
public final class EmulatorService: Sendable {
    let store: StateStore
    let gateway: RPCGateway
    let admin: AdminAPI?
    /// nil without `--ecs-metadata`: `/latest/...` is then an unknown path.
    let metadata: InstanceMetadata?
    let credentialsURI: CredentialsURI
    /// Largest body accepted; parameters are small, so this only guards memory.
    public static let maxBodyBytes = 1 << 20

    /// Loads the state file when the configuration names one.
    public init(configuration: EmulatorConfiguration) throws {
        let nonces = NonceCache()
        let faults = FaultInjector()
        let log = RequestLog()
        store = try StateStore(concurrencyQuota: configuration.concurrencyQuota,
                               stateFile: configuration.statePath.map(StateFile.init(path:)))
        // One issuer for STS, metadata and the credentials URI, so the verifier accepts all they issue.
        let issuer = CredentialIssuer(lifetimeOverrideSeconds: configuration.stsLifetimeSeconds)
        let verifier = SignatureVerifier(keys: configuration.effectiveAccessKeys,
                                         maxSkewSeconds: configuration.maxSkewSeconds,
                                         skipSignatureCheck: configuration.skipSignatureCheck, nonces: nonces,
                                         issuer: issuer)
        let sts = STSActions(verifier: verifier, issuer: issuer,
                             oidcTokenFile: configuration.oidcTokenFile.map(OIDCTokenFile.init(path:)))
        gateway = RPCGateway(verifier: verifier, store: store, faults: faults, log: log, sts: sts)
        metadata = configuration.ecsMetadataEnabled
            ? InstanceMetadata(roleName: configuration.ecsRoleName, tokens: MetadataTokens(), issuer: issuer, log: log)
            : nil
        credentialsURI = CredentialsURI(issuer: issuer, log: log)
        admin = configuration.adminEnabled
            ? AdminAPI(store: store, faults: faults, log: log, nonces: nonces, issuer: issuer) : nil
    }

    public func handle(_ request: IncomingRequest) -> EmulatorResponse {
        let path = request.path
        if path == "/" {
            return gateway.handle(request)
        }
        if path == CredentialsURI.path {
            return credentialsURI.handle(request)
        }
        if let metadata, path.hasPrefix(InstanceMetadata.prefix) {
            return metadata.handle(request)
        }
        if let admin, path.hasPrefix(AdminAPI.prefix), let response = admin.handle(request) {
            return response
        }
        // Unknown paths (and the admin paths without --admin) look like any unknown API.
        let requestId = UUID().uuidString
        return .json(404, .fields([
            ("RequestId", .string(requestId)),
            ("HostId", .string("outboundbot.emulator")),
            ("Code", .string(GatewayError.invalidActionNotFound.code)),
            ("Message", .string(GatewayError.invalidActionNotFound.message)),
            ("HttpStatusCode", .int(404)),
            ("Success", .bool(false)),
        ]), headers: [("x-acs-request-id", requestId)])
    }

    /// The answer for a body over `maxBodyBytes`.
    public func bodyTooLarge() -> EmulatorResponse {
        let error = GatewayError.bodyTooLarge
        let requestId = UUID().uuidString
        return .json(error.status, .fields([
            ("RequestId", .string(requestId)),
            ("Code", .string(error.code)),
            ("Message", .string(error.message)),
            ("HttpStatusCode", .int(error.status)),
            ("Success", .bool(false)),
        ]), headers: [("x-acs-request-id", requestId)])
    }

    /// Writes the state file now (on shutdown); a no-op without one.
    public func saveState() {
        store.save()
    }
}
