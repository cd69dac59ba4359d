/// Everything the emulator is started with; the command line maps onto it 1:1.
public struct EmulatorConfiguration: Sendable {
    /// The documented development pair, accepted when no key is configured.
    public static let developmentKey = AccessKey(id: "LTAIEmulatorDevKey", secret: "EmulatorDevSecret")

    public var host: String
    /// 0 picks a free port; `EmulatorServer.port` tells which.
    public var port: Int
    /// Accepted keys. An entry with a `securityToken` is an STS key: requests
    /// signed with it must carry that token.
    public var accessKeys: [AccessKey]
    public var tls: TLSFiles?
    /// Where instances persist across restarts; nil keeps them in memory only.
    public var statePath: String?
    /// The account-wide ceiling on the sum of MaxConcurrentConversation.
    public var concurrencyQuota: Int
    /// How far a request's timestamp may be from the emulator's clock, and how
    /// long a nonce is remembered.
    public var maxSkewSeconds: Int
    /// Serves `/_emulator/...` (fault injection, request log, reset).
    public var adminEnabled: Bool
    /// Benchmark-only: skip HMAC, nonce and clock checks (a known AccessKeyId is still required).
    public var skipSignatureCheck: Bool
    /// Event-loop threads; nil means one per core.
    public var threads: Int?
    /// Serves the ECS instance metadata credentials endpoints under `/latest/`.
    public var ecsMetadataEnabled: Bool
    /// The RAM role the instance metadata service reports.
    public var ecsRoleName: String
    /// The file whose contents are the one OIDC token AssumeRoleWithOIDC accepts (read at each request).
    public var oidcTokenFile: String?
    /// Overrides the lifetime of every credential the emulator issues (1…43200 s), so tests can watch expiry.
    public var stsLifetimeSeconds: Int?

    public static let defaultECSRoleName = "OutboundBotEmulatorRole"

    public struct TLSFiles: Sendable {
        public var certificatePath: String
        public var privateKeyPath: String

        public init(certificatePath: String, privateKeyPath: String) {
            self.certificatePath = certificatePath
            self.privateKeyPath = privateKeyPath
        }
    }

    public init(host: String = "127.0.0.1", port: Int = 0, accessKeys: [AccessKey] = [],
                tls: TLSFiles? = nil, statePath: String? = nil, concurrencyQuota: Int = 10_000,
                maxSkewSeconds: Int = 900, adminEnabled: Bool = false, skipSignatureCheck: Bool = false,
                threads: Int? = nil, ecsMetadataEnabled: Bool = false, ecsRoleName: String = defaultECSRoleName,
                oidcTokenFile: String? = nil, stsLifetimeSeconds: Int? = nil) {
        self.host = host
        self.port = port
        self.accessKeys = accessKeys
        self.tls = tls
        self.statePath = statePath
        self.concurrencyQuota = concurrencyQuota
        self.maxSkewSeconds = maxSkewSeconds
        self.adminEnabled = adminEnabled
        self.skipSignatureCheck = skipSignatureCheck
        self.threads = threads
        self.ecsMetadataEnabled = ecsMetadataEnabled
        self.ecsRoleName = ecsRoleName
        self.oidcTokenFile = oidcTokenFile
        self.stsLifetimeSeconds = stsLifetimeSeconds
    }

    /// The configured keys, or the development pair when none is configured.
    var effectiveAccessKeys: [AccessKey] {
        accessKeys.isEmpty ? [Self.developmentKey] : accessKeys
    }
}

/// One accepted key. `description` hides the secret and the token.
public struct AccessKey: Sendable, CustomStringConvertible {
    public var id: String
    public var secret: String
    /// Set for an STS key: requests must carry exactly this token.
    public var securityToken: String?

    public init(id: String, secret: String, securityToken: String? = nil) {
        self.id = id
        self.secret = secret
        self.securityToken = securityToken
    }

    public var description: String {
        "AccessKey(id: \(id), secret: <redacted>\(securityToken == nil ? "" : ", securityToken: <redacted>"))"
    }
}
