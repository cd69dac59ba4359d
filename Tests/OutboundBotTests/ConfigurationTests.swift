import OutboundBotSigner
import Testing
@testable import OutboundBot

struct ConfigurationTests {
    @Test func credentialsFromConfigurationWin() throws {
        let configured = Credentials(accessKeyId: "cfg", accessKeySecret: "s")
        let resolved = try CredentialsResolver.resolve(configured: configured) { _ in "env" }
        #expect(resolved.accessKeyId == "cfg")
    }

    @Test func credentialsFromEnvironment() throws {
        let environment = ["ALIBABA_CLOUD_ACCESS_KEY_ID": "id", "ALIBABA_CLOUD_ACCESS_KEY_SECRET": "secret",
                           "ALIBABA_CLOUD_SECURITY_TOKEN": "token"]
        let resolved = try CredentialsResolver.resolve(configured: nil) { environment[$0] }
        #expect(resolved.accessKeyId == "id")
        #expect(resolved.accessKeySecret == "secret")
        #expect(resolved.securityToken == "token")
    }

    @Test func missingCredentialsSayWhatToSet() {
        #expect {
            try CredentialsResolver.resolve(configured: nil) { _ in nil }
        } throws: { error in
            guard let error = error as? OutboundBotError else { return false }
            return error.kind == .credentials && error.message.contains("ALIBABA_CLOUD_ACCESS_KEY_ID")
                && error.message.contains("ALIBABA_CLOUD_ACCESS_KEY_SECRET")
        }
    }

    @Test func defaultEndpointFollowsTheRegion() {
        var configuration = ClientConfiguration()
        #expect(configuration.resolvedEndpoint == "outboundbot.cn-shanghai.aliyuncs.com")
        configuration.region = "cn-hangzhou"
        #expect(configuration.resolvedEndpoint == "outboundbot.cn-hangzhou.aliyuncs.com")
        configuration.endpoint = "127.0.0.1:8080"
        #expect(configuration.resolvedEndpoint == "127.0.0.1:8080")
    }

    @Test(arguments: ["example.com", "127.0.0.1:8080", "[::1]:443", "[::1]", "outboundbot.cn-shanghai.aliyuncs.com"])
    func validEndpoints(_ endpoint: String) throws {
        try Validation.checkEndpoint(endpoint, field: "endpoint")
    }

    @Test(arguments: ["", "host:0", "host:65536", "host:x", "ho st", "host\r\nX: y", "[::1", "http://host", "host/path"])
    func invalidEndpoints(_ endpoint: String) {
        #expect(throws: OutboundBotError.self) { try Validation.checkEndpoint(endpoint, field: "endpoint") }
    }
}
