import OutboundBotSigner

/// Request headers by lower-case name; a name may repeat.
struct HeaderMap: Sendable {
    private(set) var values: [String: [String]] = [:]

    init(_ pairs: [(name: String, value: String)]) {
        for pair in pairs {
            values[pair.name.lowercased(), default: []].append(pair.value)
        }
    }

    /// The first value of `name` (lower case), if any.
    subscript(_ name: String) -> String? { values[name]?.first }

    /// All values, trimmed, sorted and joined with `,`: how the V3 canonical
    /// header block writes a repeated header.
    func canonicalValue(_ name: String) -> String {
        (values[name] ?? []).map(SignatureV3.canonicalHeaderValue).sorted().joined(separator: ",")
    }
}

/// An RPC call as received on `/`: the raw pieces a signature covers, and the
/// decoded parameters from the query and (for a form post) the body.
struct RPCRequest: Sendable {
    var method: String
    var rawQuery: String
    var headers: HeaderMap
    var body: [UInt8]
    /// Decoded query pairs, in order; V3 canonicalizes exactly these.
    var queryParameters: [(name: String, value: String)]
    /// Decoded `application/x-www-form-urlencoded` body pairs.
    var formParameters: [(name: String, value: String)]
    /// Query then form, the body winning on a repeated name (as the SDKs merge them).
    var parameters: [String: String]

    /// Parses the query and form body. Throws `malformedEncoding` for a bad `%XX`
    /// escape or non-UTF-8 bytes rather than guessing.
    init(method: String, rawQuery: String, headers: [(name: String, value: String)], body: [UInt8]) throws(GatewayError) {
        self.method = method
        self.rawQuery = rawQuery
        self.headers = HeaderMap(headers)
        self.body = body
        // `+` is a space in both places: Python's urlencode writes spaces that way.
        guard let query = PercentEncoding.parseQuery(Substring(rawQuery), plusIsSpace: true) else {
            throw .malformedEncoding
        }
        queryParameters = query
        formParameters = []
        if let contentType = self.headers["content-type"]?.lowercased(),
           contentType.hasPrefix("application/x-www-form-urlencoded"), !body.isEmpty {
            guard let text = String(validating: body, as: UTF8.self),
                  let form = PercentEncoding.parseQuery(Substring(text), plusIsSpace: true)
            else { throw .malformedEncoding }
            formParameters = form
        }
        var merged: [String: String] = [:]
        for pair in queryParameters { merged[pair.name] = pair.value }
        for pair in formParameters { merged[pair.name] = pair.value }
        parameters = merged
    }

    /// The V3 `Authorization` header, if the request carries one.
    var authorization: String? { headers["authorization"] }

    /// Which scheme signed this request: an `Authorization` header means V3;
    /// a V1 parameter means V1; nil when neither is there.
    var signatureScheme: SignatureScheme? {
        if authorization != nil { return .v3 }
        if parameters["Signature"] != nil || parameters["AccessKeyId"] != nil || parameters["SignatureMethod"] != nil {
            return .v1
        }
        return nil
    }

    /// V3 names the action in a header, V1 in a parameter; take the scheme's own first.
    var action: String? {
        signatureScheme == .v3 ? headers["x-acs-action"] ?? parameters["Action"] : parameters["Action"] ?? headers["x-acs-action"]
    }

    var version: String? {
        signatureScheme == .v3 ? headers["x-acs-version"] ?? parameters["Version"] : parameters["Version"] ?? headers["x-acs-version"]
    }

    /// `Format=XML` (any case) asks for an XML answer; everything else gets JSON.
    var wantsXML: Bool { parameters["Format"]?.uppercased() == "XML" }
}

enum SignatureScheme: String, Sendable {
    case v3
    case v1
}
