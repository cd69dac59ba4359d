import Testing
@testable import OutboundBot
import OutboundBotSigner

/// STS, OIDC, metadata and URI providers: what they send, and the clear
/// errors they give for answers they cannot use.
struct ProviderTests {
    static let stsAnswer = "{\"RequestId\":\"r\",\"Credentials\":" + temporaryCredentialsJSON(id: "STS.role") + "}"

    func sts(_ transport: ScriptedTransport, files: [String: String] = [:]) -> STSClient {
        STSClient(endpoint: "127.0.0.1:9", scheme: "http", environment: world(files: files, transport: transport))
    }

    @Test func assumeRoleIsSignedV1WithTheSourceKey() throws {
        let server = ScriptedTransport { _ in ok(Self.stsAnswer) }
        let role = RoleRequest(roleArn: "acs:ram::123:role/r", sessionName: "s", durationSeconds: 900,
                               policy: "{\"Version\":\"1\"}", externalId: "ext")
        let found = try sts(server).assumeRole(role, signedWith: Credentials(accessKeyId: "src", accessKeySecret: "src-secret"))
        #expect(found.credentials == Credentials(accessKeyId: "STS.role", accessKeySecret: "tmp-secret",
                                                 securityToken: "tmp-token"))
        let request = try #require(server.sent.first)
        let all = query(request).merging(form(request)) { a, _ in a }
        #expect(all["Action"] == "AssumeRole")
        #expect(all["Version"] == "2015-04-01")
        #expect(all["AccessKeyId"] == "src")
        #expect(all["SignatureMethod"] == "HMAC-SHA1")
        #expect(all["RoleArn"] == "acs:ram::123:role/r")
        #expect(all["RoleSessionName"] == "s")
        #expect(all["DurationSeconds"] == "900")
        #expect(all["Policy"] == "{\"Version\":\"1\"}")
        #expect(all["ExternalId"] == "ext")
        // The signature verifies with the source secret.
        let signed = all.filter { $0.key != "Signature" }.map { (name: $0.key, value: $0.value) }
        let expected = SignatureV1.signature(
            stringToSign: SignatureV1.stringToSign(method: "POST", canonicalizedQuery: SignatureV1.canonicalizedQueryString(signed)),
            secret: "src-secret")
        #expect(all["Signature"] == expected)
    }

    @Test func oidcSendsTheTokenInTheBodyNeverTheURL() throws {
        let server = ScriptedTransport { _ in ok(Self.stsAnswer) }
        let provider = OIDCRoleProvider(role: RoleRequest(roleArn: "acs:ram::123:role/r"),
                                        oidcProviderArn: "acs:ram::123:oidc-provider/p", tokenFile: "/var/run/token",
                                        sts: sts(server, files: ["/var/run/token": "eyJ.oidc.token\n"]), source: "OIDC test")
        let found = try provider.fetch()
        #expect(found.source == "OIDC test")
        let request = try #require(server.sent.first)
        #expect(!request.url.contains("eyJ"))
        #expect(form(request)["OIDCToken"] == "eyJ.oidc.token")
        #expect(form(request)["OIDCProviderArn"] == "acs:ram::123:oidc-provider/p")
        #expect(query(request)["Action"] == "AssumeRoleWithOIDC")
        #expect(query(request)["Signature"] == nil)
    }

    @Test func aTokenFileThatDisappearsIsAClearError() {
        let provider = OIDCRoleProvider(role: RoleRequest(roleArn: "acs:ram::123:role/r"), oidcProviderArn: "p",
                                        tokenFile: "/var/run/gone", sts: sts(ScriptedTransport { _ in ok(Self.stsAnswer) }),
                                        source: "OIDC test")
        #expect {
            try provider.fetch()
        } throws: { error in
            (error as? OutboundBotError)?.message == "OIDC test: OIDC token file /var/run/gone: does not exist"
        }
    }

    @Test func anSTSErrorNamesTheCodeAndNeverEchoesTheSecret() {
        let server = ScriptedTransport { request in
            ok("{\"Code\":\"NoPermission\",\"Message\":\"denied for \(String(decoding: request.body, as: UTF8.self)) src-secret\"}", status: 403)
        }
        #expect {
            try sts(server).assumeRole(RoleRequest(roleArn: "acs:ram::123:role/r"),
                                       signedWith: Credentials(accessKeyId: "src", accessKeySecret: "src-secret"))
        } throws: { error in
            guard let error = error as? OutboundBotError else { return false }
            return error.kind == .credentials && error.code == "NoPermission" && error.message.contains("HTTP 403 NoPermission")
                && !error.message.contains("src-secret")
        }
    }

    @Test func anAnswerThatHasAlreadyExpiredIsRefused() {
        let server = ScriptedTransport { _ in
            ok("{\"Credentials\":" + temporaryCredentialsJSON(expiration: "2020-01-01T00:00:00Z") + "}")
        }
        #expect {
            try sts(server).assumeRole(RoleRequest(roleArn: "acs:ram::123:role/r"),
                                       signedWith: Credentials(accessKeyId: "src", accessKeySecret: "s"))
        } throws: { error in
            (error as? OutboundBotError)?.message.contains("had already expired (Expiration 2020-01-01T00:00:00Z)") == true
        }
    }

    @Test(arguments: [
        ("<html><body>502</body></html>", "is not JSON"),
        ("{\"Credentials\":{\"AccessKeyId\":\"a\"}}", "AccessKeySecret: missing"),
        ("{\"Credentials\":" + temporaryCredentialsJSON(expiration: "tomorrow") + "}", "Expiration: \"tomorrow\" is not a UTC time"),
        ("{\"RequestId\":\"r\"}", "Credentials: missing"),
    ])
    func unusableSTSAnswers(body: String, expected: String) {
        let server = ScriptedTransport { _ in ok(body) }
        #expect {
            try sts(server).assumeRole(RoleRequest(roleArn: "acs:ram::123:role/r"),
                                       signedWith: Credentials(accessKeyId: "src", accessKeySecret: "s"))
        } throws: { error in
            guard let error = error as? OutboundBotError else { return false }
            return error.kind == .credentials && error.message.contains(expected) && error.message.hasPrefix("STS AssumeRole")
        }
    }

    func metadata(_ server: ScriptedTransport, role: String? = "R") -> ECSMetadataProvider {
        ECSMetadataProvider(endpoint: "127.0.0.1:9", roleName: role, timeoutMilliseconds: 1000,
                            environment: world(transport: server))
    }

    @Test func aMetadataServiceAnsweringHTMLIsAClearError() {
        let server = ScriptedTransport { _ in ok("<html>captive portal</html>") }
        #expect {
            try metadata(server).fetch()
        } throws: { error in
            (error as? OutboundBotError)?.message.contains("the session token is not plain text") == true
        }
    }

    @Test func aMetadataServiceThatTimesOutCostsOneBudget() {
        let server = ScriptedTransport { _ in .failure(OutboundBotError(.timeout, "timed out")) }
        #expect {
            try metadata(server).fetch()
        } throws: { error in
            (error as? OutboundBotError)?.message.hasSuffix("no answer within 1000 ms") == true
        }
        #expect(server.sent.count == 1)
    }

    @Test func aMetadataCodeOtherThanSuccessIsAnError() {
        let server = ScriptedTransport { request in
            request.method == "PUT" ? ok("t") : ok(temporaryCredentialsJSON(code: "Failure"))
        }
        #expect {
            try metadata(server).fetch()
        } throws: { error in
            (error as? OutboundBotError)?.message.contains("role R: Code Failure") == true
        }
    }
}
