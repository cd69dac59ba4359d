/// The ECS instance metadata service's RAM-role endpoints (`--ecs-metadata`),
/// IMDSv2 only: every read needs a session token from `PUT /latest/api/token`.
///
/// Each read of the role's credentials issues a fresh credential, so the admin
/// counters show exactly how often a client fetched.
struct InstanceMetadata: Sendable {
    static let prefix = "/latest/"
    static let tokenPath = "/latest/api/token"
    static let credentialsPath = "/latest/meta-data/ram/security-credentials"
    static let ttlHeader = "x-aliyun-ecs-metadata-token-ttl-seconds"
    static let tokenHeader = "x-aliyun-ecs-metadata-token"
    static let ttlRange = 1...21_600

    let roleName: String
    let tokens: MetadataTokens
    let issuer: CredentialIssuer
    let log: RequestLog

    func handle(_ request: IncomingRequest) -> EmulatorResponse {
        let (response, code) = answer(request, now: IdentityTime.nowMilliseconds())
        log.append(RequestLog.plainEntry(for: request, code: code, httpStatus: response.status))
        return response
    }

    /// The response and the short code the request log shows for it.
    private func answer(_ request: IncomingRequest, now: Int64) -> (EmulatorResponse, String) {
        let path = String(request.path)
        let headers = HeaderMap(request.headers)
        if path == Self.tokenPath {
            guard request.method == "PUT" else {
                return (.text(405, "Method Not Allowed: use PUT for \(Self.tokenPath).\n", headers: [("allow", "PUT")]),
                        "MethodNotAllowed")
            }
            // Int(_:) is nil for text that does not fit, so no TTL can overflow.
            guard let text = headers[Self.ttlHeader], let ttl = Int(text), Self.ttlRange.contains(ttl) else {
                return (.text(400, "Bad Request: the X-aliyun-ecs-metadata-token-ttl-seconds header must be an integer from \(Self.ttlRange.lowerBound) to \(Self.ttlRange.upperBound).\n"),
                        "InvalidTokenTTL")
            }
            return (.text(200, tokens.issue(ttlSeconds: ttl, nowMilliseconds: now)), "OK")
        }

        let role: Substring?
        if path == Self.credentialsPath || path == Self.credentialsPath + "/" {
            role = nil
        } else if path.hasPrefix(Self.credentialsPath + "/") {
            role = path.dropFirst(Self.credentialsPath.count + 1)
        } else {
            return (.text(404, "Not Found\n"), "NotFound")
        }
        guard request.method == "GET" else {
            return (.text(405, "Method Not Allowed: use GET.\n", headers: [("allow", "GET")]), "MethodNotAllowed")
        }
        guard let token = headers[Self.tokenHeader], tokens.isValid(token, nowMilliseconds: now) else {
            return (.text(401, "Unauthorized: send a token from PUT \(Self.tokenPath) in the X-aliyun-ecs-metadata-token header.\n"),
                    "Unauthorized")
        }
        guard let role else { return (.text(200, roleName), "OK") }
        guard role == roleName else { return (.text(404, "Not Found\n"), "NotFound") }

        let credential = issuer.issue(.ecsMetadata, nowMilliseconds: now)
        return (.json(200, .fields([
            ("AccessKeyId", .string(credential.accessKeyId)),
            ("AccessKeySecret", .string(credential.accessKeySecret)),
            ("Expiration", .string(credential.expiration)),
            ("SecurityToken", .string(credential.securityToken)),
            ("LastUpdated", .string(IdentityTime.iso8601(milliseconds: credential.issuedAtMilliseconds))),
            ("Code", .string("Success")),
        ])), "OK")
    }
}
