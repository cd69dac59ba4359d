/// `GET /credentials`: the credentials-URI provider's endpoint
/// (`ALIBABA_CLOUD_CREDENTIALS_URI`), always served, a fresh credential each time.
struct CredentialsURI: Sendable {
    static let path = "/credentials"

    let issuer: CredentialIssuer
    let log: RequestLog

    func handle(_ request: IncomingRequest) -> EmulatorResponse {
        let response: EmulatorResponse
        let code: String
        if request.method == "GET" {
            let credential = issuer.issue(.credentialsURI, nowMilliseconds: IdentityTime.nowMilliseconds())
            response = .json(200, .fields([
                ("Code", .string("Success")),
                ("AccessKeyId", .string(credential.accessKeyId)),
                ("AccessKeySecret", .string(credential.accessKeySecret)),
                ("SecurityToken", .string(credential.securityToken)),
                ("Expiration", .string(credential.expiration)),
            ]))
            code = "OK"
        } else {
            response = .json(405, .fields([("Code", .string("MethodNotAllowed")),
                                           ("Message", .string("Use GET for \(Self.path)."))]),
                             headers: [("allow", "GET")])
            code = "MethodNotAllowed"
        }
        log.append(RequestLog.plainEntry(for: request, code: code, httpStatus: response.status))
        return response
    }
}
