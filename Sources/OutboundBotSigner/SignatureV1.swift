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
        parameters.append(contentsOf: [
            ("Format", format),
            ("Version", call.version),
            ("AccessKeyId", credentials.accessKeyId),
            ("SignatureMethod", signatureMethod),
            ("Timestamp", Timestamp.iso8601(secondsSince1970: context.secondsSince1970)),
            ("SignatureVersion", signatureVersion),
            ("SignatureNonce", context.nonce),
            ("Action", call.action),
        ])
        if let token = credentials.securityToken {
            parameters.append(("SecurityToken", token))
        }
        let query = canonicalizedQueryString(parameters)
        let signed = call.bodyParameters.isEmpty ? query : canonicalizedQueryString(parameters + call.bodyParameters)
        let signature = signature(stringToSign: stringToSign(method: call.method, canonicalizedQuery: signed),
                                  secret: credentials.accessKeySecret)
        let body = call.formBody
        var headers: [(name: String, value: String)] = [("host", call.host)]
        if !body.isEmpty { headers.append(("content-type", RPCCall.formContentType)) }
        return SignedRequest(method: call.method,
                             query: query + "&Signature=" + PercentEncoding.encode(signature),
                             headers: headers, body: body)
    }

    /// Stage 1: RFC 3986-encoded pairs sorted by name, joined with `&`.
    public static func canonicalizedQueryString(_ parameters: [(name: String, value: String)]) -> String {
        PercentEncoding.canonicalQuery(parameters)
    }

    /// Stage 2: `METHOD&%2F&` and the percent-encoded canonical query.
    public static func stringToSign(method: String, canonicalizedQuery: String) -> String {
        method + "&" + PercentEncoding.encode("/") + "&" + PercentEncoding.encode(canonicalizedQuery)
    }

    /// Stage 3: Base64 HMAC-SHA1 of the string to sign, keyed with `secret + "&"`.
    public static func signature(stringToSign: String, secret: String) -> String {
        Digest.base64(Digest.hmacSHA1(key: (secret + "&").utf8, message: stringToSign.utf8))
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
