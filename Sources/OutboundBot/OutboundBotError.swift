/// Why a call failed, with everything the service said about it.
///
/// Its `kind` is a struct around a private enum (as async-http-client's
/// errors are), so new kinds can be added without breaking callers.
public struct OutboundBotError: Error, Sendable, CustomStringConvertible {
    /// What went wrong. A struct of named values rather than an enum, so a
    /// later version can add kinds without breaking code that switches on
    /// them (such a switch needs a `default`).
    public struct Kind: Sendable, Hashable, CustomStringConvertible {
        private enum Base: String, Sendable, Hashable {
            case invalidArgument, credentials, network, timeout, tls, service, response, noMemory, `internal`, cancelled
        }

        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// The caller's input is invalid; nothing was sent.
        public static let invalidArgument = Kind(.invalidArgument)
        /// No usable AccessKey.
        public static let credentials = Kind(.credentials)
        /// DNS, connect, reset: no complete answer.
        public static let network = Kind(.network)
        /// The connect or read timeout, or the call's deadline, expired.
        public static let timeout = Kind(.timeout)
        /// TLS handshake or certificate verification failed.
        public static let tls = Kind(.tls)
        /// The service answered with an error code.
        public static let service = Kind(.service)
        /// The service answered with something that is not a readable result.
        public static let response = Kind(.response)
        public static let noMemory = Kind(.noMemory)
        public static let `internal` = Kind(.internal)
        /// The call's cancellation token was cancelled, or its client closed.
        public static let cancelled = Kind(.cancelled)

        public var description: String { base.rawValue }
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
    /// false only when the transport knows the request never reached the
    /// service (DNS, connect, TLS handshake): then any action may be retried.
    public var requestMayHaveReachedService = true

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
