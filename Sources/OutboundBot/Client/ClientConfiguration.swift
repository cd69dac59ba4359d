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
    public static let defaultECSMetadataTimeoutMilliseconds: UInt32 = 1000

    public var region: String = ClientConfiguration.defaultRegion
    /// `host` or `host:port`; nil means `outboundbot.<region>.aliyuncs.com`.
    public var endpoint: String?
    public var scheme: Scheme = .https
    public var signatureVersion: SignatureVersion = .v3
    /// A fixed key pair. nil (with `credentialsSource` `.automatic`): the
    /// default chain finds credentials (see `DefaultCredentialsChain`).
    public var credentials: Credentials?
    /// Where credentials come from; see `CredentialsSource`.
    public var credentialsSource: CredentialsSource = .automatic
    /// The profile to read in `~/.aliyun/config.json` or the credentials
    /// file; nil: `ALIBABA_CLOUD_PROFILE`, else the file's own choice.
    public var profile: String?
    /// STS `host[:port]` for role credentials; nil: `OBB_STS_ENDPOINT`, else
    /// `sts.<region>.aliyuncs.com`. Reached with `scheme`.
    public var stsEndpoint: String?
    /// The ECS metadata service, `host[:port]` over plain HTTP; nil:
    /// `OBB_ECS_METADATA_ENDPOINT`, else 100.100.100.200.
    public var ecsMetadataEndpoint: String?
    /// The instance's RAM role; setting it asks the chain to use the metadata service.
    public var ecsRoleName: String?
    /// The whole metadata exchange's budget.
    public var ecsMetadataTimeoutMilliseconds: UInt32 = ClientConfiguration.defaultECSMetadataTimeoutMilliseconds
    /// Where log lines go; nil: nowhere.
    public var log: LogHandler?
    public var connectTimeoutMilliseconds: UInt32 = ClientConfiguration.defaultConnectTimeoutMilliseconds
    public var readTimeoutMilliseconds: UInt32 = ClientConfiguration.defaultReadTimeoutMilliseconds
    /// A PEM CA bundle; nil means the system's trust store.
    public var caFile: String?
    public var userAgentSuffix: String?
    /// Idle keep-alive connections kept for reuse (more concurrent calls still work).
    public var maxIdleConnections: Int = ClientConfiguration.defaultMaxIdleConnections
    /// Answers larger than this are refused rather than buffered.
    public var maxResponseBytes: Int = ClientConfiguration.defaultMaxResponseBytes
    /// How calls are retried; on by default (see `RetryPolicy`).
    public var retryPolicy = RetryPolicy.default
    /// The whole call's budget; 0: derived (`effectiveDeadlineMilliseconds`).
    public var deadlineMilliseconds: Int64 = 0
    /// `scheme://host:port`; nil: the proxy environment variables; "": none.
    public var proxy: String?
    /// Hosts reached directly, as NO_PROXY lists them; nil: `$NO_PROXY`.
    public var noProxy: String?
    public var minimumTLSVersion: TLSVersion = .v1_2

    public init() {}

    /// Where a client's credentials come from.
    public enum CredentialsSource: String, Sendable, CaseIterable {
        /// `credentials` when set, else the default chain.
        case automatic
        /// The default chain, even when `credentials` is set (it is then ignored).
        case defaultChain
        /// Only `credentials`; an error when they are not set.
        case staticKey
        /// Only `ALIBABA_CLOUD_ACCESS_KEY_ID`, `_SECRET` and `_SECURITY_TOKEN`.
        case environment
        /// Only the `ALIBABA_CLOUD_ROLE_ARN` / `_OIDC_PROVIDER_ARN` / `_OIDC_TOKEN_FILE` role.
        case oidc
        /// Only a profile of the aliyun CLI's `~/.aliyun/config.json`.
        case cliProfile
        /// Only a profile of `~/.alibabacloud/credentials.ini` (or `ALIBABA_CLOUD_CREDENTIALS_FILE`).
        case credentialsFile
        /// Only the ECS instance's RAM role, from the metadata service.
        case ecsRamRole
        /// Only `ALIBABA_CLOUD_CREDENTIALS_URI`.
        case credentialsURI
    }

    /// The deadline of a call following `policy`: `deadlineMilliseconds`,
    /// or when 0, room for every attempt, every wait and one reconciliation,
    /// so a caller who sets only a read timeout still gets its retries.
    public func effectiveDeadlineMilliseconds(for policy: RetryPolicy, deadline: Int64? = nil) -> Int64 {
        let chosen = deadline ?? deadlineMilliseconds
        guard chosen == 0 else { return chosen }
        let attempt = Int64(readTimeoutMilliseconds)
        return Int64(policy.maxAttempts) * attempt + Int64(policy.maxAttempts - 1) * policy.maxDelayMilliseconds + attempt
    }

    /// The host (and port) requests go to.
    public var resolvedEndpoint: String {
        endpoint ?? "outboundbot.\(region).aliyuncs.com"
    }
}
