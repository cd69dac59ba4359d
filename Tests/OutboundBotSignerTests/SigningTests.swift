import Testing
@testable import OutboundBotSigner

/// Signing of OutboundBot calls: STS, Chinese text, many calling numbers.
struct SigningTests {
    let context = SigningContext(secondsSince1970: 1_700_000_000, nonce: "0123456789abcdef0123456789abcdef")
    let credentials = Credentials(accessKeyId: "testid", accessKeySecret: "testsecret")
    let call = RPCCall(host: "outboundbot.cn-shanghai.aliyuncs.com", action: "CreateInstance", version: "2019-12-26",
                       parameters: [("InstanceName", "第一个实例"), ("MaxConcurrentConversation", "4"),
                                    ("CallingNumber.1", "95187"), ("InstanceDescription", "")])

    func header(_ name: String, in request: SignedRequest) -> String? {
        request.headers.first { $0.name.lowercased() == name }?.value
    }

    @Test func v3SignsEveryAcsHeaderAndKeepsParametersInTheQuery() throws {
        let signed = SignatureV3.sign(call, credentials: credentials, context: context)
        #expect(signed.method == "POST")
        #expect(signed.body.isEmpty)
        #expect(signed.query == "CallingNumber.1=95187&InstanceDescription=&InstanceName=%E7%AC%AC%E4%B8%80%E4%B8%AA%E5%AE%9E%E4%BE%8B&MaxConcurrentConversation=4")
        #expect(header("x-acs-date", in: signed) == "2023-11-14T22:13:20Z")
        #expect(header("x-acs-content-sha256", in: signed) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        let authorization = try #require(header("authorization", in: signed))
        #expect(authorization.hasPrefix("ACS3-HMAC-SHA256 Credential=testid,SignedHeaders=host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version,Signature="))
        #expect(!authorization.contains("testsecret"))
    }

    @Test func v3WithSTSSignsTheTokenHeader() throws {
        let sts = Credentials(accessKeyId: "STS.id", accessKeySecret: "s", securityToken: "token/+=")
        let signed = SignatureV3.sign(call, credentials: sts, context: context)
        #expect(header("x-acs-security-token", in: signed) == "token/+=")
        let authorization = try #require(header("authorization", in: signed))
        #expect(authorization.contains("x-acs-date;x-acs-security-token;x-acs-signature-nonce"))
        #expect(authorization != (try #require(header("authorization", in: SignatureV3.sign(call, credentials: Credentials(accessKeyId: "STS.id", accessKeySecret: "s"), context: context)))))
    }

    @Test func v3SignatureChangesWithNonceAndSecret() {
        let a = SignatureV3.sign(call, credentials: credentials, context: context)
        let b = SignatureV3.sign(call, credentials: credentials, context: SigningContext(secondsSince1970: 1_700_000_000, nonce: "other"))
        let c = SignatureV3.sign(call, credentials: Credentials(accessKeyId: "testid", accessKeySecret: "wrong"), context: context)
        #expect(header("authorization", in: a) != header("authorization", in: b))
        #expect(header("authorization", in: a) != header("authorization", in: c))
    }

    @Test func v1AddsCommonParametersAndSignatureLast() throws {
        let sts = Credentials(accessKeyId: "testid", accessKeySecret: "testsecret", securityToken: "tok")
        let signed = SignatureV1.sign(call, credentials: sts, context: context)
        let pairs = try #require(PercentEncoding.parseQuery(Substring(signed.query), plusIsSpace: false))
        let names = pairs.map(\.name)
        #expect(names.last == "Signature")
        for name in ["AccessKeyId", "Action", "Format", "SignatureMethod", "SignatureNonce", "SignatureVersion",
                     "SecurityToken", "Timestamp", "Version", "CallingNumber.1", "InstanceDescription"] {
            #expect(names.contains(name), "missing \(name)")
        }
        // The signature verifies against the canonical query of everything before it.
        let unsigned = pairs.filter { $0.name != "Signature" }
        let expected = SignatureV1.signature(
            stringToSign: SignatureV1.stringToSign(method: "POST", canonicalizedQuery: SignatureV1.canonicalizedQueryString(unsigned)),
            secret: "testsecret")
        #expect(pairs.last?.value == expected)
    }

    @Test func credentialsNeverPrintTheirSecrets() {
        let sts = Credentials(accessKeyId: "id", accessKeySecret: "SUPERSECRET", securityToken: "TOKENVALUE")
        #expect(!"\(sts)".contains("SUPERSECRET"))
        #expect(!"\(sts)".contains("TOKENVALUE"))
    }
}
