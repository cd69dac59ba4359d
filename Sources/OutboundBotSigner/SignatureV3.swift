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
        // Stages 2 to 4 written straight into one buffer, which is hashed as
        // bytes: the query and the signed-header list are the only pieces
        // that are also needed as text.
        var request = TextBuffer(capacity: 512 + PercentEncoding.encodedLengthBound(call.parameters))
        request.append(call.method)
        request.append("\n/\n" as StaticString)
        let queryStart = request.count
        PercentEncoding.appendCanonicalQuery(call.parameters, to: &request)
        let query = request.string(from: queryStart)
        request.append(byte: newline)
        appendCanonicalHeaderBlock(headers, to: &request)
        request.append(byte: newline)
        let signedStart = request.count
        appendSignedHeaderList(headers, to: &request)
        let signed = request.string(from: signedStart)
        request.append(byte: newline)
        request.append(payloadHash)
        let signature = request.withBytes { Self.signature(canonicalRequest: $0, secret: credentials.accessKeySecret) }
        headers.append(("Authorization", authorization(accessKeyId: credentials.accessKeyId, signedHeaders: signed, signature: signature)))
        return SignedRequest(method: call.method, query: query, headers: headers, body: body)
    }

    private static let newline = UInt8(ascii: "\n")

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
            signable.append((name, header.value))
        }
        // Header names are ASCII tokens, where String's `<` is byte order.
        if zip(signable, signable.dropFirst()).contains(where: { !($0.name < $1.name) }) {
            signable.sort { $0.name < $1.name }
        }
        var canonical = TextBuffer(), signed = TextBuffer()
        appendCanonicalHeaderBlock(signable, to: &canonical)
        appendSignedHeaderList(signable, to: &signed)
        return (canonical.string(), signed.string())
    }

    /// `name:value\n` per header, each value trimmed as `canonicalHeaderValue`
    /// trims it. The names must already be lower-case, signable and in
    /// canonical order: `sign` makes them so, `canonicalHeaders` checks.
    static func appendCanonicalHeaderBlock(_ headers: [(name: String, value: String)], to out: inout TextBuffer) {
        for header in headers {
            out.append(header.name)
            out.append(byte: UInt8(ascii: ":"))
            appendCanonicalHeaderValue(header.value, to: &out)
            out.append(byte: newline)
        }
    }

    /// The names joined with `;`, in the same order as the header block.
    static func appendSignedHeaderList(_ headers: [(name: String, value: String)], to out: inout TextBuffer) {
        for (index, header) in headers.enumerated() {
            if index > 0 { out.append(byte: UInt8(ascii: ";")) }
            out.append(header.name)
        }
    }

    /// Stage 4: the canonical request.
    public static func canonicalRequest(method: String, path: String, canonicalQuery: String,
                                        canonicalHeaders: String, signedHeaders: String, hashedPayload: String) -> String {
        var request = TextBuffer()
        for (index, piece) in [method, path, canonicalQuery, canonicalHeaders, signedHeaders, hashedPayload].enumerated() {
            if index > 0 { request.append(byte: newline) }
            request.append(piece)
        }
        return request.string()
    }

    /// Stage 5: the string to sign: the algorithm and the hex SHA-256 of the canonical request.
    public static func stringToSign(canonicalRequest: String) -> String {
        var text = TextBuffer(capacity: stringToSignLength)
        withUTF8(canonicalRequest) { appendStringToSign(canonicalRequest: UnsafeRawBufferPointer($0), to: &text) }
        return text.string()
    }

    static func appendStringToSign(canonicalRequest: UnsafeRawBufferPointer, to out: inout TextBuffer) {
        out.append(algorithm)
        out.append(byte: newline)
        Digest.withSHA256(canonicalRequest) { out.appendLowerHex($0) }
    }

    /// The algorithm, a newline and 64 hex digits.
    private static let stringToSignLength = 17 + 64

    /// Stage 6: hex HMAC-SHA256 of the string to sign, keyed with the secret.
    public static func signature(stringToSign: String, secret: String) -> String {
        withUTF8(stringToSign) { signature(stringToSign: UnsafeRawBufferPointer($0), secret: secret) }
    }

    static func signature(stringToSign: UnsafeRawBufferPointer, secret: String) -> String {
        withUTF8(secret) { key in
            Digest.withHMACSHA256(key: UnsafeRawBufferPointer(key), message: stringToSign) { Digest.hex($0) }
        }
    }

    /// Stages 5 and 6 from the canonical request's bytes, with no `String` for the string to sign.
    static func signature(canonicalRequest: UnsafeRawBufferPointer, secret: String) -> String {
        var text = TextBuffer(capacity: stringToSignLength)
        appendStringToSign(canonicalRequest: canonicalRequest, to: &text)
        return text.withBytes { signature(stringToSign: $0, secret: secret) }
    }

    /// Stage 7: the `Authorization` header value.
    public static func authorization(accessKeyId: String, signedHeaders: String, signature: String) -> String {
        var value = TextBuffer(capacity: 64 + accessKeyId.utf8.count + signedHeaders.utf8.count + signature.utf8.count)
        value.append(algorithm)
        value.append(" Credential=" as StaticString)
        value.append(accessKeyId)
        value.append(",SignedHeaders=" as StaticString)
        value.append(signedHeaders)
        value.append(",Signature=" as StaticString)
        value.append(signature)
        return value.string()
    }

    /// A header value as the canonical header block writes it: spaces and tabs
    /// trimmed from both ends. Public so a verifier trims exactly as the signer does.
    public static func canonicalHeaderValue(_ value: String) -> String {
        guard let first = value.utf8.first, let last = value.utf8.last, isBlank(first) || isBlank(last) else { return value }
        var slice = Substring(value)
        while let first = slice.first, first == " " || first == "\t" { slice.removeFirst() }
        while let last = slice.last, last == " " || last == "\t" { slice.removeLast() }
        return String(slice)
    }

    /// Writes `canonicalHeaderValue(value)` without making it a `String`.
    ///
    /// `canonicalHeaderValue` trims whole Characters, so a blank that forms
    /// one grapheme with its neighbour (a space followed by a combining mark,
    /// or after a prepended mark) stays. Byte trimming gives the same result
    /// whenever the bytes next to the trimmed blanks are ASCII (no ASCII
    /// character joins a blank); otherwise the String function decides.
    static func appendCanonicalHeaderValue(_ value: String, to out: inout TextBuffer) {
        let trimmedInPlace: Bool = withUTF8(value) { bytes in
            var start = 0, end = bytes.count
            while start < end, isBlank(bytes[start]) { start += 1 }
            while end > start, isBlank(bytes[end - 1]) { end -= 1 }
            let nextToLeadingBlank = start > 0 && start < end ? bytes[start] : 0
            let nextToTrailingBlank = end < bytes.count && end > start ? bytes[end - 1] : 0
            guard nextToLeadingBlank < 0x80, nextToTrailingBlank < 0x80 else { return false }
            out.append(UnsafeBufferPointer(rebasing: bytes[start..<end]))
            return true
        }
        if !trimmedInPlace { out.append(canonicalHeaderValue(value)) }
    }

    /// A space or tab: what canonical header values are trimmed of.
    private static func isBlank(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t")
    }

    /// `name` with A-Z lower-cased; the same string when there is nothing to change.
    static func asciiLowercased(_ name: String) -> String {
        name.utf8.contains { (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0) } ? name.lowercased() : name
    }
}
