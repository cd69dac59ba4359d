import OutboundBotSigner

/// Credentials as a provider hands them over: the key, when it stops being
/// accepted, and where it came from.
public struct ProvidedCredentials: Sendable {
    public var credentials: Credentials
    /// Milliseconds since 1970 after which the service refuses them; nil for a
    /// long-lived AccessKey that never needs refreshing.
    public var expiresAtMilliseconds: Int64?
    /// Where they came from, for logs and errors: "environment",
    /// `profile "prod" (RamRoleArn) in ~/.aliyun/config.json`, ...
    public var source: String

    public init(credentials: Credentials, expiresAtMilliseconds: Int64? = nil, source: String) {
        self.credentials = credentials
        self.expiresAtMilliseconds = expiresAtMilliseconds
        self.source = source
    }
}

/// One place credentials can come from: a key pair, STS, the ECS metadata
/// service, a credentials URI. `fetch` is called once by the chain and then
/// again at every refresh, from whichever thread refreshes.
///
/// A provider's errors are `.credentials` errors that name the source and the
/// field, never a secret.
public protocol CredentialsProvider: Sendable {
    /// Names the source in logs and errors.
    var source: String { get }
    func fetch() throws(OutboundBotError) -> ProvidedCredentials
}

/// A key pair given outright: the configuration's, or the environment's.
public struct StaticCredentialsProvider: CredentialsProvider {
    public let credentials: Credentials
    public let source: String

    public init(_ credentials: Credentials, source: String) {
        self.credentials = credentials
        self.source = source
    }

    public func fetch() throws(OutboundBotError) -> ProvidedCredentials {
        ProvidedCredentials(credentials: credentials, source: source)
    }
}
