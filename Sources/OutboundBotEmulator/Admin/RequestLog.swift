/// What the emulator received, secrets removed, for tests to assert what a
/// client really sent.
final class RequestLog: Sendable {
    struct Entry: Sendable {
        var method: String
        var action: String?
        var version: String?
        var signatureVersion: SignatureScheme?
        var headers: [String: String]
        var parameters: [String: String]
        var query: String
        var code: String
        var httpStatus: Int
        /// The client's `ip:port`, distinct per connection.
        var remoteAddress: String? = nil
        /// `/` for RPC calls; the identity endpoints (`/credentials`, `/latest/...`) log theirs.
        var path: String = "/"
        /// The armed fault that fired on this call (`FaultInjector.Kind`'s raw value), if any.
        var fault: String? = nil
        /// For OutboundBot calls on `/`: whether the action ran and succeeded (its state
        /// changed, for a write), whatever the answer said: true for a `close`, `delay`
        /// or `error_after_performing` fault on a call that succeeded. nil for others.
        var performed: Bool? = nil

        var responseValue: ResponseValue {
            .fields([
                ("method", .string(method)),
                ("path", .string(path)),
                ("action", .optionalString(action)),
                ("version", .optionalString(version)),
                ("signature_version", .optionalString(signatureVersion?.rawValue)),
                ("headers", .object(headers.sorted { $0.key < $1.key }.map { .init($0.key, .string($0.value)) })),
                ("params", .object(parameters.sorted { $0.key < $1.key }.map { .init($0.key, .string($0.value)) })),
                ("query", .string(query)),
                ("code", .string(code)),
                ("http_status", .int(httpStatus)),
                ("remote_address", .optionalString(remoteAddress)),
                ("fault", .optionalString(fault)),
                ("performed", performed.map(ResponseValue.bool) ?? .null),
            ])
        }
    }

    static let redacted = "<redacted>"
    /// Headers whose values are secrets (besides `authorization`, whose signature alone is hidden).
    static let secretHeaders: Set<String> = ["x-acs-security-token", "x-aliyun-ecs-metadata-token"]
    /// Parameters whose values are secrets.
    static let secretParameters: Set<String> = ["Signature", "SecurityToken", "OIDCToken"]
    /// Bounds memory under a benchmark; the oldest entries go first.
    static let capacity = 10_000

    private let entries = Locked<[Entry]>([])

    func append(_ entry: Entry) {
        entries.withLock { entries in
            entries.append(entry)
            // Trim in batches so that appends stay amortized O(1).
            if entries.count >= 2 * Self.capacity { entries.removeFirst(entries.count - Self.capacity) }
        }
    }

    func all() -> [Entry] {
        entries.withLock { entries in
            entries.count > Self.capacity ? Array(entries.suffix(Self.capacity)) : entries
        }
    }

    func removeAll() {
        entries.withLock { $0.removeAll() }
    }

    /// An entry for `request`, with the signature, security token and their
    /// parameters replaced by `<redacted>`.
    static func entry(for request: RPCRequest, code: String, httpStatus: Int) -> Entry {
        var headers: [String: String] = [:]
        for (name, values) in request.headers.values {
            switch name {
            case "authorization": headers[name] = values.map(V3Authorization.redacted).joined(separator: ", ")
            case _ where secretHeaders.contains(name): headers[name] = redacted
            default: headers[name] = values.joined(separator: ", ")
            }
        }
        var parameters = request.parameters
        for secret in secretParameters where parameters[secret] != nil {
            parameters[secret] = redacted
        }
        return Entry(method: request.method, action: request.action, version: request.version,
                     signatureVersion: request.signatureScheme, headers: headers, parameters: parameters,
                     query: redactedQuery(request.rawQuery), code: code, httpStatus: httpStatus)
    }

    /// The raw query with the values of `secretParameters` replaced.
    static func redactedQuery(_ query: String) -> String {
        query.split(separator: "&", omittingEmptySubsequences: false).map { part in
            let name = part.split(separator: "=", maxSplits: 1).first.map(String.init) ?? ""
            return secretParameters.contains(name) ? name + "=" + redacted : String(part)
        }.joined(separator: "&")
    }

    /// For a request that could not even be parsed: the raw pieces only.
    static func unparsedEntry(method: String, query: String, headers: [(name: String, value: String)],
                              code: String, httpStatus: Int) -> Entry {
        var map: [String: String] = [:]
        for header in headers {
            let name = header.name.lowercased()
            switch name {
            case "authorization": map[name] = V3Authorization.redacted(header.value)
            case _ where secretHeaders.contains(name): map[name] = redacted
            default: map[name] = map[name].map { $0 + ", " + header.value } ?? header.value
            }
        }
        return Entry(method: method, action: nil, version: nil, signatureVersion: nil, headers: map,
                     parameters: [:], query: redactedQuery(query), code: code, httpStatus: httpStatus)
    }

    /// For a plain HTTP endpoint (instance metadata, credentials URI): method,
    /// path, redacted headers and query, and the outcome.
    static func plainEntry(for request: IncomingRequest, code: String, httpStatus: Int) -> Entry {
        var entry = unparsedEntry(method: request.method, query: request.rawQuery, headers: request.headers,
                                  code: code, httpStatus: httpStatus)
        entry.path = String(request.path)
        entry.remoteAddress = request.remoteAddress
        return entry
    }
}
