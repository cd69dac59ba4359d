/// `ALIBABA_CLOUD_CREDENTIALS_URI`: a GET that answers
/// `{"Code":"Success","AccessKeyId":…,"AccessKeySecret":…,"SecurityToken":…,"Expiration":…}`,
/// as a sidecar or a local agent serves it.
struct CredentialsURIProvider: CredentialsProvider {
    /// An http:// or https:// URL.
    let uri: String
    let environment: CredentialsEnvironment

    var source: String { "credentials URI \(Self.withoutQuery(uri))" }

    func fetch() throws(OutboundBotError) -> ProvidedCredentials {
        let response: HTTPResponse
        switch environment.transport.send(HTTPRequest(method: "GET", url: uri, headers: [], body: [])) {
        case .success(let answer): response = answer
        case .failure(let error): throw OutboundBotError(.credentials, "\(source): \(error.message)")
        }
        guard response.status == 200 else {
            throw OutboundBotError(.credentials, "\(source): answered HTTP \(response.status)")
        }
        let answer = try TemporaryCredentialsAnswer.parse(response.body, source: source)
        guard case .string(let code)? = answer.member("Code"), code == "Success" else {
            throw OutboundBotError(.credentials, "\(source): Code: missing or not \"Success\"")
        }
        return try TemporaryCredentialsAnswer.read(answer, source: source, nowMilliseconds: environment.nowMilliseconds())
    }

    /// A URI may carry a token in its query; messages show only the part before it.
    static func withoutQuery(_ uri: String) -> String {
        String(uri.prefix { $0 != "?" && $0 != "#" })
    }

    /// Only http and https, with a host: anything else is refused before sending.
    static func isAcceptable(_ uri: String) -> Bool {
        let lower = uri.lowercased()
        guard lower.hasPrefix("http://") || lower.hasPrefix("https://") else { return false }
        let rest = lower.drop { $0 != "/" }.dropFirst(2)
        return !rest.isEmpty && !rest.hasPrefix("/") && !uri.utf8.contains(where: { $0 <= 0x20 || $0 == 0x7f })
    }
}
