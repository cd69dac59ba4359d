/// The RPC signature (V1, HMAC-SHA1) of Alibaba Cloud OpenAPI.
///
/// Each stage of the algorithm is its own function, so tests can check every
/// intermediate string of the published examples.
public enum SignatureV1 {
    public static let signatureMethod = "HMAC-SHA1"
    public static let signatureVersion = "1.0"

    /// Signs `call`: query and common parameters in the query, then
    /// `Signature`; body parameters in a form body. The signature covers the
    /// query and body parameters together. `format` is `JSON` or `XML`.
    public static func sign(_ call: RPCCall, credentials: Credentials, context: SigningContext,
                            format: String = "JSON") -> SignedRequest {
        var parameters = call.parameters
        parameters.reserveCapacity(call.parameters.count + 9)
        parameters.append(("Format", format))
        parameters.append(("Version", call.version))
        parameters.append(("AccessKeyId", credentials.accessKeyId))
        parameters.append(("SignatureMethod", signatureMethod))
        parameters.append(("Timestamp", Timestamp.iso8601(secondsSince1970: context.secondsSince1970)))
        parameters.append(("SignatureVersion", signatureVersion))
        parameters.append(("SignatureNonce", context.nonce))
        parameters.append(("Action", call.action))
        if let token = credentials.securityToken {
            parameters.append(("SecurityToken", token))
        }
        // The stages run on bytes: the query is written once, signed from
        // its bytes, and the signature is appended to the same buffer.
        var query = TextBuffer(capacity: 64 + PercentEncoding.encodedLengthBound(parameters))
        PercentEncoding.appendCanonicalQuery(parameters, to: &query)
        var signature = TextBuffer(capacity: 32)
        if call.bodyParameters.isEmpty {
            query.withBytes { appendSignature(method: call.method, canonicalizedQuery: $0, secret: credentials.accessKeySecret, to: &signature) }
        } else {
            var signed = TextBuffer(capacity: PercentEncoding.encodedLengthBound(parameters + call.bodyParameters))
            PercentEncoding.appendCanonicalQuery(parameters + call.bodyParameters, to: &signed)
            signed.withBytes { appendSignature(method: call.method, canonicalizedQuery: $0, secret: credentials.accessKeySecret, to: &signature) }
        }
        query.append("&Signature=" as StaticString)
        signature.withBytes { query.appendPercentEncoded($0) }
        let body = call.formBody
        var headers: [(name: String, value: String)] = [("host", call.host)]
        if !body.isEmpty { headers.append(("content-type", RPCCall.formContentType)) }
        return SignedRequest(method: call.method, query: query.string(), headers: headers, body: body)
    }

    /// Stage 1: RFC 3986-encoded pairs sorted by name, joined with `&`.
    public static func canonicalizedQueryString(_ parameters: [(name: String, value: String)]) -> String {
        PercentEncoding.canonicalQuery(parameters)
    }

    /// Stage 2: `METHOD&%2F&` and the percent-encoded canonical query.
    public static func stringToSign(method: String, canonicalizedQuery: String) -> String {
        var text = TextBuffer(capacity: method.utf8.count + 8 + 3 * canonicalizedQuery.utf8.count)
        withUTF8(canonicalizedQuery) { appendStringToSign(method: method, canonicalizedQuery: UnsafeRawBufferPointer($0), to: &text) }
        return text.string()
    }

    static func appendStringToSign(method: String, canonicalizedQuery: UnsafeRawBufferPointer, to out: inout TextBuffer) {
        out.append(method)
        out.append("&%2F&" as StaticString)  // `&`, the encoded path `/`, `&`
        out.appendPercentEncoded(canonicalizedQuery)
    }

    /// Stage 3: Base64 HMAC-SHA1 of the string to sign, keyed with `secret + "&"`.
    public static func signature(stringToSign: String, secret: String) -> String {
        var signature = TextBuffer(capacity: 32)
        withUTF8(stringToSign) { appendSignature(stringToSign: UnsafeRawBufferPointer($0), secret: secret, to: &signature) }
        return signature.string()
    }

    static func appendSignature(stringToSign: UnsafeRawBufferPointer, secret: String, to out: inout TextBuffer) {
        var key = TextBuffer(capacity: secret.utf8.count + 1)
        key.append(secret)
        key.append(byte: UInt8(ascii: "&"))
        key.withBytes { key in Digest.withHMACSHA1(key: key, message: stringToSign) { out.appendBase64($0) } }
    }

    /// Stages 2 and 3 from the canonical query's bytes.
    static func appendSignature(method: String, canonicalizedQuery: UnsafeRawBufferPointer, secret: String,
                                to out: inout TextBuffer) {
        var stringToSign = TextBuffer(capacity: method.utf8.count + 8 + 3 * canonicalizedQuery.count)
        appendStringToSign(method: method, canonicalizedQuery: canonicalizedQuery, to: &stringToSign)
        stringToSign.withBytes { appendSignature(stringToSign: $0, secret: secret, to: &out) }
    }
}

/// The two signature schemes; V3 is what current official SDKs send.
public enum SignatureVersion: String, Sendable, CaseIterable {
    case v3
    case v1

    public func sign(_ call: RPCCall, credentials: Credentials, context: SigningContext) -> SignedRequest {
        switch self {
        case .v3: SignatureV3.sign(call, credentials: credentials, context: context)
        case .v1: SignatureV1.sign(call, credentials: credentials, context: context)
        }
    }
}
