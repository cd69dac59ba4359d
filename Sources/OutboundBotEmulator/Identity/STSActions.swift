/// STS (API 2015-04-01) on `/`: AssumeRole and AssumeRoleWithOIDC, issuing
/// credentials the emulator then accepts on OutboundBot actions.
struct STSActions: Sendable {
    let verifier: SignatureVerifier
    let issuer: CredentialIssuer
    /// nil when the emulator was started without `--oidc-token-file`: every OIDC token is refused.
    let oidcTokenFile: OIDCTokenFile?

    /// The answer's fields after `RequestId`, or the error.
    func perform(_ request: RPCRequest, nowMilliseconds now: Int64) throws(GatewayError) -> [ResponseValue.Field] {
        guard request.method == "GET" || request.method == "POST" else { throw .methodNotAllowed }
        guard let action = request.action, !action.isEmpty else { throw .missing("Action") }
        switch action {
        case "AssumeRole": return try assumeRole(request, now: now)
        case "AssumeRoleWithOIDC": return try assumeRoleWithOIDC(request, now: now)
        default: throw .invalidActionNotFound
        }
    }

    /// Signed (V3 or V1) with a configured key or an issued one, so roles chain.
    private func assumeRole(_ request: RPCRequest, now: Int64) throws(GatewayError) -> [ResponseValue.Field] {
        let (seconds, _) = now.quotientAndRemainder(dividingBy: 1000)
        _ = try verifier.verify(request, now: seconds, nowMilliseconds: now)
        let parameters = request.parameters
        let role = try STSParameters.roleArn(parameters)
        let session = try STSParameters.sessionName(try STSParameters.required("RoleSessionName", in: parameters))
        let duration = try STSParameters.duration(parameters)
        try STSParameters.checkPolicy(parameters)
        // ExternalId is optional and matched against nothing: the emulator has no trust policies.
        let credential = issuer.issue(.assumeRole, requestedSeconds: duration, nowMilliseconds: now)
        return Self.answer(role: role, session: session, credential: credential)
    }

    /// Anonymous: the OIDC token is the proof, and it must come in the body.
    private func assumeRoleWithOIDC(_ request: RPCRequest, now: Int64) throws(GatewayError) -> [ResponseValue.Field] {
        if request.queryParameters.contains(where: { $0.name == "OIDCToken" }) { throw .oidcTokenInURL }
        let parameters = request.parameters
        let role = try STSParameters.roleArn(parameters)
        let providerText = try STSParameters.required("OIDCProviderArn", in: parameters)
        guard RAMResourceName(parsing: providerText, kind: "oidc-provider") != nil else {
            throw .invalidSTSParameter("OIDCProviderArn",
                                       "it must look like acs:ram::<account id>:oidc-provider/<provider name>.")
        }
        let token = try STSParameters.required("OIDCToken", in: parameters)
        let session: String
        if let name = parameters["RoleSessionName"], !name.isEmpty {
            session = try STSParameters.sessionName(name)
        } else {
            session = "oidc-session-" + RandomText.make(12)
        }
        let duration = try STSParameters.duration(parameters)
        try STSParameters.checkPolicy(parameters)
        guard let oidcTokenFile else {
            throw .oidcTokenInvalid("The emulator was started without --oidc-token-file, so it accepts no OIDC token.")
        }
        try oidcTokenFile.check(token)
        let credential = issuer.issue(.assumeRoleWithOIDC, requestedSeconds: duration, nowMilliseconds: now)
        return Self.answer(role: role, session: session, credential: credential)
    }

    /// `AssumedRoleUser` and `Credentials`, as STS answers both actions.
    static func answer(role: RAMResourceName, session: String, credential: IssuedCredential) -> [ResponseValue.Field] {
        [
            .init("AssumedRoleUser", .fields([
                ("AssumedRoleId", .string(roleId(accountId: role.accountId, name: role.name) + ":" + session)),
                ("Arn", .string("acs:ram::\(role.accountId):role/\(role.name)/\(session)")),
            ])),
            .init("Credentials", .fields([
                ("SecurityToken", .string(credential.securityToken)),
                ("AccessKeyId", .string(credential.accessKeyId)),
                ("AccessKeySecret", .string(credential.accessKeySecret)),
                ("Expiration", .string(credential.expiration)),
            ])),
        ]
    }

    /// A role's numeric id, stable for the role as the real one is: FNV-1a of
    /// its lower-cased account and name (wrapping arithmetic by design).
    static func roleId(accountId: String, name: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in (accountId + ":" + name.lowercased()).utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
        }
        return String(hash % 1_000_000_000_000_000_000)
    }
}
