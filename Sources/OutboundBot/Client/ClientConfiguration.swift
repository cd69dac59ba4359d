import OutboundBotSigner

/// Everything a client needs to know before its first call. Plain values:
/// validated once by `OutboundBotClient.init`.
public struct ClientConfiguration: Sendable {
    public enum Scheme: String, Sendable {
        case https
        case http
    }

    public static let defaultRegion = "cn-shanghai"
    public static let defaultConnectTimeoutMilliseconds: UInt32 = 5000
    public static let defaultReadTimeoutMilliseconds: UInt32 = 10000
    public static let defaultMaxIdleConnections = 64
    public static let defaultMaxResponseBytes = 16 << 20

    public var region: String = ClientConfiguration.defaultRegion
    /// `host` or `host:port`; nil means `outboundbot.<region>.aliyuncs.com`.
    public var endpoint: String?
    public var scheme: Scheme = .https
    public var signatureVersion: SignatureVersion = .v3
    /// nil: read from the environment (see `CredentialsResolver`).
    public var credentials: Credentials?
    public var connectTimeoutMilliseconds: UInt32 = ClientConfiguration.defaultConnectTimeoutMilliseconds
    public var readTimeoutMilliseconds: UInt32 = ClientConfiguration.defaultReadTimeoutMilliseconds
    /// A PEM CA bundle; nil means the system's trust store.
    public var caFile: String?
    public var userAgentSuffix: String?
    /// Idle keep-alive connections kept for reuse (more concurrent calls still work).
    public var maxIdleConnections: Int = ClientConfiguration.defaultMaxIdleConnections
    /// Answers larger than this are refused rather than buffered.
    public var maxResponseBytes: Int = ClientConfiguration.defaultMaxResponseBytes

    public init() {}

    /// The host (and port) requests go to.
    public var resolvedEndpoint: String {
        endpoint ?? "outboundbot.\(region).aliyuncs.com"
    }
}
