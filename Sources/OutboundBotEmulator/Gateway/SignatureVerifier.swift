import OutboundBotSigner

/// Checks a request's V3 or V1 signature the way the gateway does, rebuilding
/// each stage with the signer's own functions from what arrived on the wire.
///
/// A key is looked up in the configured keys first, then among the credentials
/// the emulator issued itself (STS, instance metadata, credentials URI).
struct SignatureVerifier: Sendable {
    let keys: [String: AccessKey]
    let maxSkewSeconds: Int64
    let skipSignatureCheck: Bool
    let nonces: NonceCache
    /// The emulator's own issued credentials; nil accepts configured keys only.
    let issuer: CredentialIssuer?

    init(keys: [AccessKey], maxSkewSeconds: Int, skipSignatureCheck: Bool, nonces: NonceCache,
         issuer: CredentialIssuer? = nil) {
        var byId: [String: AccessKey] = [:]
        for key in keys { byId[key.id] = key }
        self.keys = byId
        // Clamped to ten years so that expiry arithmetic can never overflow.
        self.maxSkewSeconds = Int64(min(max(maxSkewSeconds, 0), 315_360_000))
        self.skipSignatureCheck = skipSignatureCheck
        self.nonces = nonces
        self.issuer = issuer
    }

    /// Returns the caller's AccessKeyId, or throws the gateway's error.
    /// `now` is seconds since 1970; `nowMilliseconds` (default `now` × 1000)
    /// decides whether an issued credential has expired.
    func verify(_ request: RPCRequest, now: Int64, nowMilliseconds: Int64? = nil) throws(GatewayError) -> String {
        let milliseconds = nowMilliseconds ?? Self.milliseconds(fromSeconds: now)
        switch request.signatureScheme {
        case .v3: return try verifyV3(request, now: now, nowMilliseconds: milliseconds)
        case .v1: return try verifyV1(request, now: now, nowMilliseconds: milliseconds)
        case nil: throw .incompleteSignature("Neither an Authorization header nor a Signature parameter was sent.")
        }
    }

    private static func milliseconds(fromSeconds seconds: Int64) -> Int64 {
        let (product, overflow) = seconds.multipliedReportingOverflow(by: 1000)
        return overflow ? (seconds < 0 ? .min : .max) : product
    }

    // MARK: V3 (ACS3-HMAC-SHA256)

    private func verifyV3(_ request: RPCRequest, now: Int64, nowMilliseconds: Int64) throws(GatewayError) -> String {
        let auth = try V3Authorization(parsing: request.authorization ?? "")
        let key = try lookUp(auth.accessKeyId, token: request.headers["x-acs-security-token"],
                             nowMilliseconds: nowMilliseconds)
        if skipSignatureCheck { return key.id }

        let date = request.headers["x-acs-date"] ?? ""
        try checkClock(date, now: now)
        guard let claimedHash = request.headers["x-acs-content-sha256"] else {
            throw .incompleteSignature("The x-acs-content-sha256 header is missing.")
        }
        guard claimedHash.lowercased() == SignatureV3.hashedPayload(request.body) else { throw .contentHashMismatch }
        guard let nonce = request.headers["x-acs-signature-nonce"], !nonce.isEmpty else { throw .missingNonce }

        // host and every x-acs-* header must be covered, or a replay could swap them.
        let signed = Set(auth.signedHeaders)
        for name in request.headers.values.keys where (name == "host" || name.hasPrefix("x-acs-")) && !signed.contains(name) {
            throw .incompleteSignature("Header \(name) must be in SignedHeaders.")
        }

        // The client chose which headers to sign and in what order; rebuild that block as sent.
        let canonicalHeaders = auth.signedHeaders.map { "\($0):\(request.headers.canonicalValue($0))\n" }.joined()
        let canonicalRequest = SignatureV3.canonicalRequest(
            method: request.method, path: "/",
            canonicalQuery: SignatureV3.canonicalQueryString(request.queryParameters),
            canonicalHeaders: canonicalHeaders, signedHeaders: auth.signedHeadersText,
            hashedPayload: claimedHash)
        let stringToSign = SignatureV3.stringToSign(canonicalRequest: canonicalRequest)
        let expected = SignatureV3.signature(stringToSign: stringToSign, secret: key.secret)
        guard constantTimeEqual(expected, auth.signature.lowercased()) else {
            throw .signatureDoesNotMatch(stringToSign: stringToSign)
        }
        try remember(nonce: nonce, for: key.id, date: date, now: now)
        return key.id
    }

    // MARK: V1 (HMAC-SHA1)

    private func verifyV1(_ request: RPCRequest, now: Int64, nowMilliseconds: Int64) throws(GatewayError) -> String {
        let parameters = request.parameters
        guard let accessKeyId = parameters["AccessKeyId"], !accessKeyId.isEmpty else {
            throw .incompleteSignature("The AccessKeyId parameter is missing.")
        }
        let key = try lookUp(accessKeyId, token: parameters["SecurityToken"], nowMilliseconds: nowMilliseconds)
        if skipSignatureCheck { return key.id }

        guard let signature = parameters["Signature"], !signature.isEmpty else {
            throw .incompleteSignature("The Signature parameter is missing.")
        }
        if let method = parameters["SignatureMethod"], method != SignatureV1.signatureMethod {
            throw .incompleteSignature("SignatureMethod must be \(SignatureV1.signatureMethod).")
        }
        if let version = parameters["SignatureVersion"], version != SignatureV1.signatureVersion {
            throw .incompleteSignature("SignatureVersion must be \(SignatureV1.signatureVersion).")
        }
        let timestamp = parameters["Timestamp"] ?? ""
        try checkClock(timestamp, now: now)
        guard let nonce = parameters["SignatureNonce"], !nonce.isEmpty else { throw .missingNonce }

        // Query and form parameters together, as the client signed them, minus the signature itself.
        let signedParameters = parameters.filter { $0.key != "Signature" }.map { (name: $0.key, value: $0.value) }
        let stringToSign = SignatureV1.stringToSign(
            method: request.method, canonicalizedQuery: SignatureV1.canonicalizedQueryString(signedParameters))
        let expected = SignatureV1.signature(stringToSign: stringToSign, secret: key.secret)
        guard constantTimeEqual(expected, signature) else { throw .signatureDoesNotMatch(stringToSign: stringToSign) }
        try remember(nonce: nonce, for: key.id, date: timestamp, now: now)
        return key.id
    }

    // MARK: Shared checks

    /// The configured key, else an issued one. An issued key needs its token,
    /// and is refused (and counted) once expired, as STS refuses an old token.
    private func lookUp(_ accessKeyId: String, token: String?, nowMilliseconds: Int64) throws(GatewayError) -> AccessKey {
        let key: AccessKey
        if let configured = keys[accessKeyId] {
            key = configured
        } else if let issuer, let issued = issuer.store.credential(id: accessKeyId, nowMilliseconds: nowMilliseconds) {
            key = AccessKey(id: issued.accessKeyId, secret: issued.accessKeySecret, securityToken: issued.securityToken)
            if token.map({ constantTimeEqual($0, issued.securityToken) }) == true,
               issued.isExpired(atMilliseconds: nowMilliseconds) {
                issuer.counters.recordExpiredRejection()
                throw .securityTokenExpired
            }
        } else {
            throw .accessKeyNotFound
        }
        if let expected = key.securityToken, token.map({ constantTimeEqual($0, expected) }) != true {
            throw .securityTokenMismatch
        }
        return key
    }

    private func checkClock(_ date: String, now: Int64) throws(GatewayError) {
        guard let seconds = Self.parseTimestamp(date), abs(seconds - now) <= maxSkewSeconds else {
            throw .timestampExpired(date)
        }
    }

    /// A nonce stays taken until its request's timestamp leaves the skew window.
    private func remember(nonce: String, for accessKeyId: String, date: String, now: Int64) throws(GatewayError) {
        let stamp = Self.parseTimestamp(date) ?? now
        guard nonces.insert(accessKeyId: accessKeyId, nonce: nonce, expiry: max(stamp, now) + maxSkewSeconds, now: now)
        else { throw .nonceUsed }
    }

    /// `YYYY-MM-DDThh:mm:ssZ`, also with a fractional second (`...:ss.SSSZ`),
    /// which some clients send.
    static func parseTimestamp(_ text: String) -> Int64? {
        if let seconds = Timestamp.secondsSince1970(iso8601: text) { return seconds }
        guard text.utf8.count > 21, text.hasSuffix("Z"), let dot = text.firstIndex(of: "."),
              text.distance(from: text.startIndex, to: dot) == 19,
              text[text.index(after: dot)..<text.index(before: text.endIndex)].allSatisfy({ $0.isASCII && $0.isNumber })
        else { return nil }
        return Timestamp.secondsSince1970(iso8601: String(text[..<dot]) + "Z")
    }
}

/// `ACS3-HMAC-SHA256 Credential=ID,SignedHeaders=a;b;c,Signature=hex`, taken apart.
struct V3Authorization: Sendable {
    var accessKeyId: String
    var signedHeadersText: String
    var signedHeaders: [String]
    var signature: String

    init(parsing header: String) throws(GatewayError) {
        let trimmed = SignatureV3.canonicalHeaderValue(header)
        guard let space = trimmed.firstIndex(of: " "), trimmed[..<space] == SignatureV3.algorithm else {
            throw .incompleteSignature("The Authorization header must start with \(SignatureV3.algorithm).")
        }
        var fields: [String: String] = [:]
        for part in trimmed[trimmed.index(after: space)...].split(separator: ",") {
            let pieces = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard pieces.count == 2 else { continue }
            fields[SignatureV3.canonicalHeaderValue(String(pieces[0]))] = SignatureV3.canonicalHeaderValue(String(pieces[1]))
        }
        guard let credential = fields["Credential"], !credential.isEmpty,
              let signedHeaders = fields["SignedHeaders"], !signedHeaders.isEmpty,
              let signature = fields["Signature"], !signature.isEmpty
        else { throw .incompleteSignature("The Authorization header needs Credential, SignedHeaders and Signature.") }
        accessKeyId = credential
        signedHeadersText = signedHeaders
        self.signedHeaders = signedHeaders.split(separator: ";").map { $0.lowercased() }
        self.signature = signature
    }

    /// The header with its signature replaced, for the request log.
    static func redacted(_ header: String) -> String {
        guard let range = header.firstRange(of: "Signature=") else { return "<redacted>" }
        return String(header[..<range.upperBound]) + "<redacted>"
    }
}
