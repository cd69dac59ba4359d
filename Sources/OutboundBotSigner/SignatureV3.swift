/// ACS3-HMAC-SHA256, the V3 request signature of Alibaba Cloud OpenAPI.
///
/// Each stage of the algorithm is its own function, named after the stage in
/// the published description, so tests can check every intermediate string.
public enum SignatureV3 {
    public static let algorithm = "ACS3-HMAC-SHA256"

    /// Signs `call`: query parameters in the query, body parameters in a form
    /// body whose hash is signed, action and version in `x-acs-*` headers.
    public static func sign(_ call: RPCCall, credentials: Credentials, context: SigningContext) -> SignedRequest {
        let body = call.formBody
        let payloadHash = hashedPayload(body)
        var headers: [(name: String, value: String)] = [
            ("host", call.host),
            ("x-acs-action", call.action),
            ("x-acs-version", call.version),
            ("x-acs-date", Timestamp.iso8601(secondsSince1970: context.secondsSince1970)),
            ("x-acs-signature-nonce", context.nonce),
            ("x-acs-content-sha256", payloadHash),
        ]
        if let token = credentials.securityToken {
            headers.append(("x-acs-security-token", token))
        }
        if !body.isEmpty {
            headers.append(("content-type", RPCCall.formContentType))
        }
        let query = canonicalQueryString(call.parameters)
        let (canonical, signed) = canonicalHeaders(headers)
        let request = canonicalRequest(method: call.method, path: "/", canonicalQuery: query,
                                       canonicalHeaders: canonical, signedHeaders: signed, hashedPayload: payloadHash)
        let signature = signature(stringToSign: stringToSign(canonicalRequest: request), secret: credentials.accessKeySecret)
        headers.append(("Authorization", authorization(accessKeyId: credentials.accessKeyId, signedHeaders: signed, signature: signature)))
        return SignedRequest(method: call.method, query: query, headers: headers, body: body)
    }

    /// Stage 1: hex SHA-256 of the body (of the empty string when there is none).
    public static func hashedPayload(_ body: some Collection<UInt8>) -> String {
        Digest.hex(Digest.sha256(body))
    }

    /// Stage 2: the canonical query: RFC 3986-encoded pairs sorted by name.
    public static func canonicalQueryString(_ parameters: [(name: String, value: String)]) -> String {
        PercentEncoding.canonicalQuery(parameters)
    }

    /// Stage 3: the canonical header block (`name:value\n` per header, names
    /// lower-cased, values trimmed, sorted by name) and the signed-header list.
    /// Only `host`, `content-type` and `x-acs-*` headers are signed.
    public static func canonicalHeaders(_ headers: [(name: String, value: String)]) -> (canonical: String, signed: String) {
        let signable = headers
            .map { (name: $0.name.lowercased(), value: canonicalHeaderValue($0.value)) }
            .filter { $0.name == "host" || $0.name == "content-type" || $0.name.hasPrefix("x-acs-") }
            .sorted { $0.name.utf8.lexicographicallyPrecedes($1.name.utf8) }
        let canonical = signable.map { "\($0.name):\($0.value)\n" }.joined()
        return (canonical, signable.map(\.name).joined(separator: ";"))
    }

    /// Stage 4: the canonical request.
    public static func canonicalRequest(method: String, path: String, canonicalQuery: String,
                                        canonicalHeaders: String, signedHeaders: String, hashedPayload: String) -> String {
        [method, path, canonicalQuery, canonicalHeaders, signedHeaders, hashedPayload].joined(separator: "\n")
    }

    /// Stage 5: the string to sign: the algorithm and the hex SHA-256 of the canonical request.
    public static func stringToSign(canonicalRequest: String) -> String {
        algorithm + "\n" + Digest.hex(Digest.sha256(canonicalRequest.utf8))
    }

    /// Stage 6: hex HMAC-SHA256 of the string to sign, keyed with the secret.
    public static func signature(stringToSign: String, secret: String) -> String {
        Digest.hex(Digest.hmacSHA256(key: secret.utf8, message: stringToSign.utf8))
    }

    /// Stage 7: the `Authorization` header value.
    public static func authorization(accessKeyId: String, signedHeaders: String, signature: String) -> String {
        "\(algorithm) Credential=\(accessKeyId),SignedHeaders=\(signedHeaders),Signature=\(signature)"
    }

    /// A header value as the canonical header block writes it: spaces and tabs
    /// trimmed from both ends. Public so a verifier trims exactly as the signer does.
    public static func canonicalHeaderValue(_ value: String) -> String {
        var slice = Substring(value)
        while let first = slice.first, first == " " || first == "\t" { slice.removeFirst() }
        while let last = slice.last, last == " " || last == "\t" { slice.removeLast() }
        return String(slice)
    }
}
