/// One call of an RPC-style action, before signing: what the caller asks for.
public struct RPCCall: Sendable {
    /// HTTP method; OutboundBot's SDKs send POST with the parameters in the query.
    public var method: String
    /// The `Host` header: `host` or `host:port`.
    public var host: String
    public var action: String
    /// API version, e.g. "2019-12-26".
    public var version: String
    /// Business parameters for the query, already flattened (`CallingNumber.1`, ...), in any order.
    public var parameters: [(name: String, value: String)]
    /// Business parameters for an `application/x-www-form-urlencoded` body;
    /// empty means no body.
    public var bodyParameters: [(name: String, value: String)]

    public init(method: String = "POST", host: String, action: String, version: String,
                parameters: [(name: String, value: String)], bodyParameters: [(name: String, value: String)] = []) {
        self.method = method
        self.host = host
        self.action = action
        self.version = version
        self.parameters = parameters
        self.bodyParameters = bodyParameters
    }

    /// The form body of `bodyParameters` (RFC 3986-encoded pairs joined with
    /// `&`), or no bytes when there are none. Both schemes send this body.
    public var formBody: [UInt8] {
        guard !bodyParameters.isEmpty else { return [] }
        var body = TextBuffer(capacity: PercentEncoding.encodedLengthBound(bodyParameters))
        PercentEncoding.appendCanonicalQuery(bodyParameters, to: &body)
        return body.withBytes { Array($0) }
    }

    public static let formContentType = "application/x-www-form-urlencoded"
}

/// A signed call, ready for a transport: send `method` to `/?` + `query`
/// with `headers` and `body`.
public struct SignedRequest: Sendable {
    public var method: String
    /// The encoded query string, without the leading `?`.
    public var query: String
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]

    public init(method: String, query: String, headers: [(name: String, value: String)], body: [UInt8]) {
        self.method = method
        self.query = query
        self.headers = headers
        self.body = body
    }
}

/// The inputs that make a signature unique: the clock and a nonce.
/// Passed in, never read inside the signer, so tests can fix them.
public struct SigningContext: Sendable {
    public var secondsSince1970: Int64
    public var nonce: String

    public init(secondsSince1970: Int64, nonce: String) {
        self.secondsSince1970 = secondsSince1970
        self.nonce = nonce
    }

    /// 32 lower-case hex digits from the system's cryptographic generator
    /// (getrandom on Linux), drawn 8 bytes at a time: each draw is a system call.
    public static func randomNonce() -> String {
        var generator = SystemRandomNumberGenerator()
        var words = (generator.next(), generator.next())
        return withUnsafeBytes(of: &words) { Digest.hex($0) }
    }
}
