import OutboundBotJSON
import OutboundBotSigner

/// Calls Alibaba Cloud STS (API 2015-04-01) for temporary credentials:
/// AssumeRole signed with the source credentials (HMAC-SHA1, as STS's own
/// SDKs sign it) and AssumeRoleWithOIDC, which is anonymous and carries the
/// OIDC token in the form body so that it never appears in a URL or a log.
struct STSClient: Sendable {
    static let apiVersion = "2015-04-01"

    /// `host` or `host:port`.
    var endpoint: String
    /// "https", or "http" against a loopback emulator.
    var scheme: String
    var environment: CredentialsEnvironment

    /// `sts.<region>.aliyuncs.com`: STS's regional endpoint.
    static func regionalEndpoint(region: String) -> String { "sts.\(region).aliyuncs.com" }

    func assumeRole(_ role: RoleRequest, signedWith source: Credentials) throws(OutboundBotError) -> ProvidedCredentials {
        var parameters = roleParameters(role)
        if let externalId = role.externalId { parameters.append(("ExternalId", externalId)) }
        let call = RPCCall(method: "POST", host: endpoint, action: "AssumeRole", version: Self.apiVersion,
                           parameters: [], bodyParameters: parameters)
        let now = environment.nowMilliseconds()
        let signed = SignatureVersion.v1.sign(
            call, credentials: source, context: SigningContext(secondsSince1970: now / 1000, nonce: environment.nonce()))
        return try send(signed, action: "AssumeRole", role: role, redacting: [source.accessKeySecret, source.securityToken])
    }

    func assumeRoleWithOIDC(_ role: RoleRequest, providerArn: String, token: String) throws(OutboundBotError) -> ProvidedCredentials {
        var body = roleParameters(role)
        body.append(("OIDCProviderArn", providerArn))
        body.append(("OIDCToken", token))
        let now = environment.nowMilliseconds()
        // Anonymous: the common parameters in the query, everything else in the body.
        let query: [(name: String, value: String)] = [
            ("Action", "AssumeRoleWithOIDC"), ("Format", "JSON"), ("Version", Self.apiVersion),
            ("Timestamp", Timestamp.iso8601(secondsSince1970: now / 1000)),
        ]
        let call = RPCCall(method: "POST", host: endpoint, action: "AssumeRoleWithOIDC", version: Self.apiVersion,
                           parameters: [], bodyParameters: body)
        let signed = SignedRequest(method: "POST", query: PercentEncoding.canonicalQuery(query),
                                   headers: [("Content-Type", RPCCall.formContentType)], body: call.formBody)
        return try send(signed, action: "AssumeRoleWithOIDC", role: role, redacting: [token])
    }

    private func roleParameters(_ role: RoleRequest) -> [(name: String, value: String)] {
        var parameters: [(name: String, value: String)] = [
            ("RoleArn", role.roleArn), ("RoleSessionName", role.sessionName),
            ("DurationSeconds", String(role.durationSeconds)),
        ]
        if let policy = role.policy { parameters.append(("Policy", policy)) }
        return parameters
    }

    private func send(_ signed: SignedRequest, action: String, role: RoleRequest,
                      redacting secrets: [String?]) throws(OutboundBotError) -> ProvidedCredentials {
        let source = "STS \(action) (\(role.roleArn) at \(endpoint))"
        let request = HTTPRequest(method: signed.method, url: "\(scheme)://\(endpoint)/?\(signed.query)",
                                  headers: signed.headers.filter { $0.name.lowercased() != "host" }, body: signed.body)
        let response: HTTPResponse
        switch environment.transport.send(request) {
        case .success(let answer): response = answer
        case .failure(let error):
            throw OutboundBotError(.credentials, "\(source): \(error.message)")
        }
        let answer = try TemporaryCredentialsAnswer.parse(response.body, source: source)
        guard (200..<300).contains(response.status) else {
            let code = answer.member("Code").flatMap { if case .string(let text) = $0 { text } else { nil } } ?? "(no code)"
            let message = answer.member("Message").flatMap { if case .string(let text) = $0 { text } else { nil } } ?? ""
            var error = OutboundBotError(.credentials, Redaction.removing(secrets, from: "\(source): HTTP \(response.status) \(code): \(message)"))
            error.code = code
            error.httpStatus = response.status
            throw error
        }
        guard let credentials = answer.member("Credentials") else {
            throw OutboundBotError(.credentials, "\(source): Credentials: missing from the answer")
        }
        return try TemporaryCredentialsAnswer.read(credentials, source: source, nowMilliseconds: environment.nowMilliseconds())
    }
}
