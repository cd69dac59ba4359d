import OutboundBotSigner
import Testing
@testable import OutboundBot

struct ConfigurationTests {
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
