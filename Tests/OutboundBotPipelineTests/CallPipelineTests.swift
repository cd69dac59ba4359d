import OutboundBotSigner
import Testing
@testable import OutboundBot

/// The one path, end to end against a fake transport: method, location,
/// signing of form bodies, attempts, nothing sent on bad input.
struct CallPipelineTests {
    static let ok = #"{"RequestId":"R","Success":true,"Code":"OK"}"#

    @Test func getActionsPutEverythingInTheQuery() throws {
        let transport = FakeTransport(bodies: [Self.ok])
        let client = try FakeTransport.client(transport)
        let response = try client.call(OutboundBotRequest(action: "SearchTask", json: Array(#"{"InstanceId":"i","PageIndex":2}"#.utf8))).get()
        #expect(response.requestId == "R" && response.success && response.attempts == 1)
        let sent = try #require(transport.sent.first)
        #expect(sent.method == "GET")
        #expect(sent.body.isEmpty)
        #expect(queryPairs(sent)["InstanceId"] == "i" && queryPairs(sent)["PageIndex"] == "2")
    }

    @Test func v3SignsTheFormBody() throws {
        let transport = FakeTransport(bodies: [Self.ok])
        let client = try FakeTransport.client(transport)
        _ = try client.call(OutboundBotRequest(action: "AssignJobsAsync",
                                               json: Array(#"{"InstanceId":"i","JobGroupId":"g","JobsJson":["a b"]}"#.utf8))).get()
        let sent = try #require(transport.sent.first)
        #expect(sent.method == "POST")
        #expect(formPairs(sent) == ["InstanceId": "i", "JobGroupId": "g", "JobsJson": #"["a b"]"#])
        let headers = Dictionary(uniqueKeysWithValues: sent.headers.map { ($0.name.lowercased(), $0.value) })
        #expect(headers["content-type"] == "application/x-www-form-urlencoded")
        #expect(headers["x-acs-content-sha256"] == SignatureV3.hashedPayload(sent.body))
        #expect(headers["authorization"]?.contains("SignedHeaders=content-type;host;") == true)
    }

    @Test func v1SignsQueryAndBodyTogether() throws {
        let transport = FakeTransport(bodies: [Self.ok])
        let client = try FakeTransport.client(transport, signatureVersion: .v1)
        _ = try client.call(OutboundBotRequest(action: "AssignJobsAsync",
                                               json: Array(#"{"InstanceId":"i","JobGroupId":"g"}"#.utf8))).get()
        let sent = try #require(transport.sent.first)
        var query = queryPairs(sent)
        let signature = query.removeValue(forKey: "Signature")
        #expect(query["InstanceId"] == nil, "body parameters stay in the body")
        let all = (query.map { ($0.key, $0.value) } + formPairs(sent).map { ($0.key, $0.value) }).map { (name: $0.0, value: $0.1) }
        let expected = SignatureV1.signature(
            stringToSign: SignatureV1.stringToSign(method: "POST", canonicalizedQuery: SignatureV1.canonicalizedQueryString(all)),
            secret: "SECRET-VALUE")
        #expect(signature == expected)
    }

    @Test func badInputSendsNothing() throws {
        let transport = FakeTransport(bodies: [Self.ok])
        let client = try FakeTransport.client(transport)
        let result = client.call(OutboundBotRequest(action: "DescribeInstance"))
        guard case .failure(let error) = result else { Issue.record("expected a failure"); return }
        #expect(error.kind == .invalidArgument && error.attempts == 0)
        #expect(transport.sent.isEmpty)
    }

    @Test func serviceErrorsKeepTheEnvelope() throws {
        let transport = FakeTransport(bodies: [#"{"RequestId":"R2","Code":"InvalidParameter","Message":"bad","Success":false}"#], status: 400)
        let client = try FakeTransport.client(transport)
        guard case .failure(let error) = client.call(OutboundBotRequest(action: "DescribeInstance", parameters: [.init("InstanceId", .string("i"))]))
        else { Issue.record("expected a failure"); return }
        #expect(error.kind == .service && error.code == "InvalidParameter" && error.httpStatus == 400)
        #expect(error.requestId == "R2" && error.attempts == 1)
    }

    @Test func typedLifecycleWrappersReadTheirPayload() throws {
        let transport = FakeTransport(bodies: [
            #"{"RequestId":"R","Success":true,"Instance":{"InstanceId":"i-1","MaxConcurrentConversation":3}}"#,
            #"{"RequestId":"R","Success":true,"TotalCount":2,"PageNumber":1,"PageSize":1,"Instances":[{"InstanceId":"i-1"},7]}"#,
        ])
        let client = try FakeTransport.client(transport)
        let described = try client.call(DescribeInstanceRequest(instanceId: "i-1")).get()
        #expect(described.value?.instanceId == "i-1" && described.value?.maxConcurrentConversation == 3)
        let page = try client.call(ListInstancesRequest(pageNumber: 1, pageSize: 1)).get()
        #expect(page.value.instances.map(\.instanceId) == ["i-1"] && page.value.totalCount == 2)
        #expect(queryPairs(transport.sent[1])["PageSize"] == "1")
    }
}
