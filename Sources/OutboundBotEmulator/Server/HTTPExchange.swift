/// A complete HTTP request as the handler hands it over, free of NIO types so
/// that the service logic can be driven directly by tests.
public struct IncomingRequest: Sendable {
    public var method: String
    /// Path and query, as on the request line.
    public var uri: String
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]
    /// The peer's `ip:port`: one value per connection, so tests can see that a
    /// client reused its keep-alive connection.
    public var remoteAddress: String?

    public init(method: String, uri: String, headers: [(name: String, value: String)], body: [UInt8],
                remoteAddress: String? = nil) {
        self.method = method
        self.uri = uri
        self.headers = headers
        self.body = body
        self.remoteAddress = remoteAddress
    }

    /// The path before `?`.
    var path: Substring { uri.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first ?? "" }

    /// The raw query after the first `?`, without it.
    var rawQuery: String {
        guard let mark = uri.firstIndex(of: "?") else { return "" }
        return String(uri[uri.index(after: mark)...])
    }
}

/// The answer, and how to deliver it.
public struct EmulatorResponse: Sendable {
    public enum Delivery: Sendable, Equatable {
        case normal
        /// Send the answer after this many milliseconds (a `delay` fault).
        case delayed(milliseconds: Int)
        /// Send the head and part of the body, then close (a `close` fault).
        case cutMidway
    }

    public var status: Int
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]
    public var delivery: Delivery

    public init(status: Int, headers: [(name: String, value: String)], body: [UInt8], delivery: Delivery = .normal) {
        self.status = status
        self.headers = headers
        self.body = body
        self.delivery = delivery
    }

    static func json(_ status: Int, _ value: ResponseValue, headers: [(name: String, value: String)] = []) -> EmulatorResponse {
        EmulatorResponse(status: status, headers: [("content-type", ResponseWriter.jsonContentType)] + headers,
                         body: Array(ResponseWriter.json(value).utf8))
    }

    /// The body as text, for tests and diagnostics.
    public var bodyText: String { String(decoding: body, as: UTF8.self) }
}
