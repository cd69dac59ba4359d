
/// Settings of a `CurlTransport`, fixed for its lifetime.
public struct CurlTransportOptions: Sendable {
    /// "https" or "http": libcurl is restricted to this one protocol.
    public var scheme: String
    public var connectTimeoutMilliseconds: UInt32
    /// The longest a whole exchange may take, connection set-up included
    /// (libcurl has no per-read timeout; this is CURLOPT_TIMEOUT_MS).
    public var readTimeoutMilliseconds: UInt32
    public var caFile: String?
    public var userAgent: String
    /// Answers larger than this are refused rather than buffered.
    public var maxResponseBytes: Int = 16 << 20
    /// Idle connections kept for reuse; more concurrent callers still work,
    /// their extra handles are closed when returned.
    public var maxIdleConnections: Int = 64
    /// CURLOPT_PROXY: nil leaves libcurl to read http_proxy, HTTPS_PROXY,
    /// ALL_PROXY; "" uses no proxy at all.
    public var proxy: String?
    /// CURLOPT_NOPROXY: nil leaves libcurl to read NO_PROXY.
    public var noProxy: String?
    /// The lowest TLS version accepted.
    public var minimumTLSVersion: TLSVersion = .v1_2

    public init(scheme: String, connectTimeoutMilliseconds: UInt32, readTimeoutMilliseconds: UInt32,
                caFile: String?, userAgent: String) {
        self.scheme = scheme
        self.connectTimeoutMilliseconds = connectTimeoutMilliseconds
        self.readTimeoutMilliseconds = readTimeoutMilliseconds
        self.caFile = caFile
        self.userAgent = userAgent
    }
}

/// A TLS protocol version.
public enum TLSVersion: String, Sendable, CaseIterable {
    case v1_2 = "1.2"
    case v1_3 = "1.3"
}

/// The production transport: libcurl easy handles in a pool.
///
/// Each call takes an idle handle (or makes one), performs the exchange on it
/// and gives it back, so its connection is kept alive for the next call. The
/// lock guards only the pool, never a request: many threads send at once.
public final class CurlTransport: HTTPTransport {
    private let options: CurlTransportOptions
    private let idleHandles = Locked<[CurlEasyHandle]>([])

    /// Fails with `.internal` when libcurl cannot be initialised.
    public init(options: CurlTransportOptions) throws(OutboundBotError) {
        let code = CurlGlobal.initialize()
        guard code.rawValue == 0 else {
            throw OutboundBotError(.internal, "curl_global_init failed with code \(code.rawValue)")
        }
        self.options = options
    }

    public func send(_ request: HTTPRequest) -> Result<HTTPResponse, OutboundBotError> {
        guard let handle = idleHandles.withLock({ $0.popLast() }) ?? CurlEasyHandle(options: options) else {
            return .failure(OutboundBotError(.noMemory, "curl_easy_init failed"))
        }
        let result = handle.perform(request)
        idleHandles.withLock { idle in
            if idle.count < options.maxIdleConnections { idle.append(handle) }
        }
        return result
    }

    /// The libcurl version, for the User-Agent.
    public static var libcurlVersion: String { CurlGlobal.versionString }
}
