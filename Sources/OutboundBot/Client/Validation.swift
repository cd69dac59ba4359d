import OutboundBotSigner
/// Checks shared by every place that turns caller input into a request.
/// Each throws an invalid-argument error that names the field.
enum Validation {
    /// No CR, LF or NUL: header values must not be able to split a header, and
    /// names and ids are single-line tokens even where percent-encoding would
    /// carry them safely.
    /// `field` is only evaluated when there is an error to report.
    static func checkSingleLine(_ value: String, field: @autoclosure () -> String) throws(OutboundBotError) {
        // Over the contiguous bytes a native string has: the UTF8View's own
        // iterator costs several times more per byte, and this runs on every
        // string of every call.
        let isMultiLine = value.utf8.withContiguousStorageIfAvailable { $0.contains(where: isLineBreakOrNUL) }
            ?? value.utf8.contains(where: isLineBreakOrNUL)
        if isMultiLine {
            throw .invalidArgument(field: field(), "must not contain CR, LF or NUL")
        }
    }

    private static func isLineBreakOrNUL(_ byte: UInt8) -> Bool {
        byte == 0x0D || byte == 0x0A || byte == 0x00
    }

    /// A key pair fit to sign with: an id and a secret, every part one line.
    static func checkCredentials(_ credentials: Credentials) throws(OutboundBotError) {
        try checkSingleLine(credentials.accessKeyId, field: "access_key_id")
        try checkSingleLine(credentials.accessKeySecret, field: "access_key_secret")
        if let token = credentials.securityToken {
            try checkSingleLine(token, field: "security_token")
        }
        guard !credentials.accessKeyId.isEmpty else {
            throw OutboundBotError(.credentials, "access_key_id: must not be empty")
        }
        guard !credentials.accessKeySecret.isEmpty else {
            throw OutboundBotError(.credentials, "access_key_secret: must not be empty when access_key_id is set")
        }
    }

    /// `host` or `host:port`: a DNS name or IPv4 address, or `[IPv6]`, and a port in 1...65535.
    static func checkEndpoint(_ endpoint: String, field: String) throws(OutboundBotError) {
        try checkSingleLine(endpoint, field: field)
        var host = Substring(endpoint)
        var port: Substring?
        if host.hasPrefix("[") {
            guard let close = host.firstIndex(of: "]") else { throw .invalidArgument(field: field, "unterminated [IPv6] address") }
            let rest = host[host.index(after: close)...]
            if !rest.isEmpty {
                guard rest.hasPrefix(":") else { throw .invalidArgument(field: field, "expected host[:port]") }
                port = rest.dropFirst()
            }
            host = host[host.index(after: host.startIndex)..<close]
            guard !host.isEmpty, host.allSatisfy({ $0.isHexDigit || $0 == ":" || $0 == "." }) else {
                throw .invalidArgument(field: field, "invalid IPv6 address")
            }
        } else {
            if let colon = host.lastIndex(of: ":") {
                port = host[host.index(after: colon)...]
                host = host[..<colon]
            }
            guard !host.isEmpty, host.utf8.count <= 253,
                  host.unicodeScalars.allSatisfy({ $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-" || $0 == ".") })
            else { throw .invalidArgument(field: field, "expected host[:port] with a host of letters, digits, '-' and '.'") }
        }
        if let port {
            guard let number = Int(port), (1...65535).contains(number) else {
                throw .invalidArgument(field: field, "port must be a number in 1...65535")
            }
        }
    }
}
