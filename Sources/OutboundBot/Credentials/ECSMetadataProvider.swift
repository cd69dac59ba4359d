import OutboundBotJSON

/// The RAM role of an ECS instance, from its metadata service, IMDSv2 style:
/// a session token first (PUT with its TTL), then the role name, then the
/// role's credentials, each sent with the token.
///
/// The whole exchange shares one budget (`timeoutMilliseconds`, 1 s by
/// default), so a metadata service that hangs costs that long once, not once
/// per request.
struct ECSMetadataProvider: CredentialsProvider {
    static let defaultEndpoint = "100.100.100.200"
    static let defaultTimeoutMilliseconds: UInt32 = 1000
    static let tokenTTLSeconds = 21_600

    /// `host` or `host:port`, plain HTTP.
    let endpoint: String
    /// nil: ask the service which role the instance has.
    let roleName: String?
    let timeoutMilliseconds: UInt32
    let environment: CredentialsEnvironment

    var source: String { "ECS RAM role\(roleName.map { " \($0)" } ?? "") from the metadata service at \(endpoint)" }

    func fetch() throws(OutboundBotError) -> ProvidedCredentials {
        guard !ECSMetadataGate.isDisabled(environment) else {
            throw OutboundBotError(.credentials, "ECS metadata: turned off by \(ECSMetadataGate.disabledReason)")
        }
        let deadline = environment.nowMilliseconds() + Int64(timeoutMilliseconds)
        let token = try text(of: send("PUT", "/latest/api/token",
                                      headers: [("X-aliyun-ecs-metadata-token-ttl-seconds", String(Self.tokenTTLSeconds))],
                                      deadline: deadline), what: "the session token")
        let tokenHeader = [(name: "X-aliyun-ecs-metadata-token", value: token)]
        let role: String
        if let roleName {
            role = roleName
        } else {
            let names = try text(of: send("GET", Self.credentialsPath, headers: tokenHeader, deadline: deadline),
                                 what: "the role name")
            role = String(names.split(whereSeparator: \.isNewline).first ?? "")
        }
        guard !role.isEmpty, role.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7f && $0 != UInt8(ascii: "/") }) else {
            throw OutboundBotError(.credentials, "\(source): the role name it gave is empty or not a plain name")
        }
        let response = try send("GET", Self.credentialsPath + role, headers: tokenHeader, deadline: deadline)
        let answer = try TemporaryCredentialsAnswer.parse(response.body, source: source)
        if case .string(let code)? = answer.member("Code"), code != "Success" {
            throw OutboundBotError(.credentials, "\(source): role \(role): Code \(code.prefix(64))")
        }
        var provided = try TemporaryCredentialsAnswer.read(answer, source: source,
                                                           nowMilliseconds: environment.nowMilliseconds())
        provided.source = "ECS RAM role \(role) from the metadata service at \(endpoint)"
        return provided
    }

    static let credentialsPath = "/latest/meta-data/ram/security-credentials/"

    private func send(_ method: String, _ path: String, headers: [(name: String, value: String)],
                      deadline: Int64) throws(OutboundBotError) -> HTTPResponse {
        let remaining = deadline - environment.nowMilliseconds()
        guard remaining > 0 else {
            throw OutboundBotError(.credentials, "\(source): no answer within \(timeoutMilliseconds) ms")
        }
        var request = HTTPRequest(method: method, url: "http://\(endpoint)\(path)", headers: headers, body: [])
        request.timeoutMilliseconds = UInt32(clamping: remaining)
        switch environment.transport.send(request) {
        case .success(let response):
            guard response.status == 200 else {
                throw OutboundBotError(.credentials, "\(source): \(method) \(path.prefix(80)) answered HTTP \(response.status)")
            }
            return response
        case .failure(let error) where error.kind == .timeout:
            throw OutboundBotError(.credentials, "\(source): no answer within \(timeoutMilliseconds) ms")
        case .failure(let error):
            throw OutboundBotError(.credentials, "\(source): \(error.message)")
        }
    }

    private func text(of response: HTTPResponse, what: String) throws(OutboundBotError) -> String {
        guard let text = String(validating: response.body, as: UTF8.self),
              case let trimmed = String(text.trimmingSuffix(while: { $0.isWhitespace })), !trimmed.isEmpty,
              !trimmed.hasPrefix("<"), !trimmed.utf8.contains(where: { $0 < 0x20 && $0 != 0x0a })
        else {
            throw OutboundBotError(.credentials, "\(source): \(what) is not plain text (\(response.body.count) bytes starting \"\(TemporaryCredentialsAnswer.printablePrefix(response.body))\")")
        }
        return trimmed
    }
}
