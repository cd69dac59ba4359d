/// Why a call failed, with everything the service said about it.
///
/// A struct around a private kind enum (as async-http-client does), so new
/// kinds can be added without breaking callers that switch on `kind`.
public struct OutboundBotError: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// The caller's input is invalid; nothing was sent.
        case invalidArgument
        /// No usable AccessKey.
        case credentials
        /// DNS, connect, reset: no complete answer.
        case network
        /// The connect or read timeout expired.
        case timeout
        /// TLS handshake or certificate verification failed.
        case tls
        /// The service answered with an error code.
        case service
        /// The service answered with something that is not a readable result.
        case response
        case noMemory
        case `internal`
    }

    public var kind: Kind
    /// Human-readable detail. Never contains a secret.
    public var message: String
    /// The service's error code (e.g. `InvalidInstanceName.Duplicated`), "" if none.
    public var code: String = ""
    public var requestId: String = ""
    /// 0 when no HTTP answer arrived.
    public var httpStatus: Int = 0
    /// The raw response body, if any.
    public var body: [UInt8] = []
    /// HTTP attempts made; 0 when the call failed before sending.
    public var attempts: Int = 0

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    /// An invalid-argument error that names the offending field first.
    public static func invalidArgument(field: String, _ problem: String) -> OutboundBotError {
        OutboundBotError(.invalidArgument, "\(field): \(problem)")
    }

    public var description: String {
        var text = "OutboundBotError(\(kind)): \(message)"
        if !code.isEmpty { text += " [code \(code)]" }
        if httpStatus != 0 { text += " [HTTP \(httpStatus)]" }
        if !requestId.isEmpty { text += " [RequestId \(requestId)]" }
        return text
    }
}
