/// One HTTP exchange to perform.
public struct HTTPRequest: Sendable {
    public var method: String
    /// Absolute URL: scheme, host[:port], path and encoded query.
    public var url: String
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]
    /// Bounds this exchange more tightly than the transport's own timeouts
    /// (connect and whole exchange alike); nil keeps the transport's.
    public var timeoutMilliseconds: UInt32?
    /// Aborts the exchange when cancelled (at libcurl's next progress
    /// check, within about a second); the failure is `.cancelled`.
    public var cancellation: CancellationToken?

    public init(method: String, url: String, headers: [(name: String, value: String)], body: [UInt8]) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
    }
}

/// Sends HTTP requests. The seam between the pure core and the network:
/// `CurlTransport` in production; any conforming type in tests.
///
/// Implementations must be safe to call from many threads at once.
public protocol HTTPTransport: Sendable {
    /// Performs `request`. A transport error is one of `.network`, `.timeout`,
    /// `.tls`, `.response` (answer too large), `.cancelled`, `.noMemory` or
    /// `.internal`, with `requestMayHaveReachedService` false when the
    /// transport knows the request never left (DNS, connect, TLS handshake).
    func send(_ request: HTTPRequest) -> Result<HTTPResponse, OutboundBotError>
}
