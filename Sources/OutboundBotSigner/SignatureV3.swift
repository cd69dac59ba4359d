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
        // Lower-case names in canonical (byte) order: stage 3 finds nothing to sort.
        var headers: [(name: String, value: String)] = []
        headers.reserveCapacity(9)
        if !body.isEmpty {
            headers.append(("content-type", RPCCall.formContentType))
        }
        headers.append(("host", call.host))
        headers.append(("x-acs-action", call.action))
        headers.append(("x-acs-content-sha256", payloadHash))
        headers.append(("x-acs-date", Timestamp.iso8601(secondsSince1970: context.secondsSince1970)))
        if let token = credentials.securityToken {
            headers.append(("x-acs-security-token", token))
        }
        headers.append(("x-acs-signature-nonce", context.nonce))
        headers.append(("x-acs-version", call.version))
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
        body.isEmpty ? emptyPayloadHash : Digest.hex(Digest.sha256(body))
    }

    /// The hex SHA-256 of no bytes: most calls send no body.
    static let emptyPayloadHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

    /// Stage 2: the canonical query: RFC 3986-encoded pairs sorted by name.
    public static func canonicalQueryString(_ parameters: [(name: String, value: String)]) -> String {
        PercentEncoding.canonicalQuery(parameters)
    }

    /// Stage 3: the canonical header block (`name:value\n` per header, names
    /// lower-cased, values trimmed, sorted by name) and the signed-header list.
    /// Only `host`, `content-type` and `x-acs-*` headers are signed.
    public static func canonicalHeaders(_ headers: [(name: String, value: String)]) -> (canonical: String, signed: String) {
        var signable: [(name: String, value: String)] = []
        signable.reserveCapacity(headers.count)
        for header in headers {
            let name = asciiLowercased(header.name)
            guard name == "host" || name == "content-type" || name.utf8.starts(with: "x-acs-".utf8) else { continue }
            signable.append((name, canonicalHeaderValue(header.value)))
        }
        // Header names are ASCII tokens, where String's `<` is byte order.
        if zip(signable, signable.dropFirst()).contains(where: { !($0.name < $1.name) }) {
            signable.sort { $0.name < $1.name }
        }
        var canonical = TextBuffer(), signed = TextBuffer()
        for (index, header) in signable.enumerated() {
            canonical.append(header.name, ":", header.value, "\n")
            if index > 0 { signed.append(";") }
            signed.append(header.name)
        }
        return (canonical.string, signed.string)
    }

    /// Stage 4: the canonical request.
    public static func canonicalRequest(method: String, path: String, canonicalQuery: String,
                                        canonicalHeaders: String, signedHeaders: String, hashedPayload: String) -> String {
        var request = TextBuffer()
        request.append(method, "\n", path, "\n", canonicalQuery, "\n", canonicalHeaders, "\n", signedHeaders, "\n", hashedPayload)
        return request.string
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
        var value = TextBuffer()
        value.append(algorithm, " Credential=", accessKeyId, ",SignedHeaders=", signedHeaders, ",Signature=", signature)
        return value.string
    }

    /// A header value as the canonical header block writes it: spaces and tabs
    /// trimmed from both ends. Public so a verifier trims exactly as the signer does.
    public static func canonicalHeaderValue(_ value: String) -> String {
        let isBlank: (UInt8) -> Bool = { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }
        guard let first = value.utf8.first, let last = value.utf8.last, isBlank(first) || isBlank(last) else { return value }
        var slice = Substring(value)
        while let first = slice.first, first == " " || first == "\t" { slice.removeFirst() }
        while let last = slice.last, last == " " || last == "\t" { slice.removeLast() }
        return String(slice)
    }

    /// `name` with A-Z lower-cased; the same string when there is nothing to change.
    static func asciiLowercased(_ name: String) -> String {
        name.utf8.contains { (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0) } ? name.lowercased() : name
    }
}
