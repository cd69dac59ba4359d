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

/// What came back over HTTP, before it is judged a success or an error.
public struct HTTPResponse: Sendable {
    public var status: Int
    /// The header lines after the status line, as received (`Name: value`,
    /// each ending in CRLF). Kept whole: an answer has a dozen headers and a
    /// call reads two or three, so none is parsed until it is asked for.
    public var headerBlock: [UInt8]
    public var body: [UInt8]

    public init(status: Int, headerBlock: [UInt8], body: [UInt8]) {
        self.status = status
        self.headerBlock = headerBlock
        self.body = body
    }

    /// A response with these headers (tests and synthesized answers).
    public init(status: Int, headers: [String: String], body: [UInt8]) {
        var block: [UInt8] = []
        for (name, value) in headers.sorted(by: { $0.key < $1.key }) {
            block += name.utf8
            block += ": ".utf8
            block += value.utf8
            block += "\r\n".utf8
        }
        self.init(status: status, headerBlock: block, body: body)
    }

    /// The value of the header called `name` (ASCII letters in any case),
    /// trimmed of spaces and tabs; the last one when it is repeated.
    public func header(_ name: String) -> String? {
        var found: String?
        forEachHeader { lineName, value in
            if lineName.count == name.utf8.count,
               zip(lineName, name.utf8).allSatisfy({ Self.asciiLowercased($0) == Self.asciiLowercased($1) }) {
                found = String(decoding: value, as: UTF8.self)
            }
        }
        return found
    }

    /// Every header, names lower-cased; the last value of a repeated one.
    public var headers: [String: String] {
        var headers: [String: String] = [:]
        forEachHeader { name, value in
            headers[String(decoding: name.lazy.map(Self.asciiLowercased), as: UTF8.self)] = String(decoding: value, as: UTF8.self)
        }
        return headers
    }

    /// Calls `body` with each `Name: value` line's name and trimmed value;
    /// lines without a colon are skipped.
    private func forEachHeader(_ body: (ArraySlice<UInt8>, ArraySlice<UInt8>) -> Void) {
        var lineStart = headerBlock.startIndex
        while lineStart < headerBlock.endIndex {
            let lineEnd = headerBlock[lineStart...].firstIndex(of: UInt8(ascii: "\n")) ?? headerBlock.endIndex
            let line = headerBlock[lineStart..<lineEnd]
            if let colon = line.firstIndex(of: UInt8(ascii: ":")) {
                var start = colon + 1, end = line.endIndex
                while start < end, Self.isHeaderSpace(line[start]) { start += 1 }
                while end > start, Self.isHeaderSpace(line[end - 1]) { end -= 1 }
                body(line[..<colon], line[start..<end])
            }
            lineStart = lineEnd + 1
        }
    }

    private static func asciiLowercased(_ byte: UInt8) -> UInt8 {
        (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte | 0x20 : byte
    }

    private static func isHeaderSpace(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\r") || byte == UInt8(ascii: "\n")
    }
}
