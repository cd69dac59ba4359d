import Testing
@testable import OutboundBot

/// The pager walks pages as the catalogue says and always stops.
struct PagerTests {
    func items(_ pager: inout Pager) throws -> [String] {
        var ids: [String] = []
        while let item = pager.next() {
            ids.append(try item.get().string(at: try JSONPath("InstanceId")).get())
        }
        return ids
    }

    @Test func walksPageNumbersUntilTheTotal() throws {
        let transport = FakeTransport(bodies: [
            #"{"TotalCount":3,"Instances":[{"InstanceId":"a"},{"InstanceId":"b"}]}"#,
            #"{"TotalCount":3,"Instances":[{"InstanceId":"c"}]}"#,
            #"{"TotalCount":3,"Instances":[{"InstanceId":"never"}]}"#,
        ])
        var pager = try Pager(client: FakeTransport.client(transport),
                              request: OutboundBotRequest(action: "ListInstances", parameters: [.init("PageSize", .integer(2))]))
        #expect(try items(&pager) == ["a", "b", "c"])
        #expect(transport.sent.map { queryPairs($0)["PageNumber"] } == ["1", "2"])
    }

    @Test func stopsAtAnEmptyOrShortPage() throws {
        let transport = FakeTransport(bodies: [#"{"Instances":[{"InstanceId":"a"}]}"#, #"{"Instances":[]}"#])
        var pager = try Pager(client: FakeTransport.client(transport), request: OutboundBotRequest(action: "ListInstances"))
        #expect(try items(&pager) == ["a"])
        #expect(transport.sent.count == 2)
    }

    @Test func aServerThatNeverEndsIsCutOff() throws {
        // Same non-empty page forever, no total, no page size: bounded by maxPages.
        let transport = FakeTransport(bodies: [#"{"Instances":[{"InstanceId":"a"}]}"#])
        var pager = try Pager(client: FakeTransport.client(transport), request: OutboundBotRequest(action: "ListInstances"))
        var count = 0
        var last: Result<JSONValue, OutboundBotError>?
        while let item = pager.next() { count += 1; last = item }
        #expect(count == Pager.maxPages + 1)
        guard case .failure(let error)? = last else { Issue.record("expected the cut-off error"); return }
        #expect(error.kind == .response)
    }

    @Test func followsNextTokens() throws {
        let transport = FakeTransport(bodies: [
            #"{"TagResources":[{"InstanceId":"a"}],"NextToken":"t2"}"#,
            #"{"TagResources":[{"InstanceId":"b"}],"NextToken":""}"#,
        ])
        let request = OutboundBotRequest(action: "ListTagResources", parameters: [
            .init("RegionId", .string("cn-shanghai")), .init("ResourceType", .string("instance")),
        ])
        var pager = try Pager(client: FakeTransport.client(transport), request: request)
        #expect(try items(&pager) == ["a", "b"])
        #expect(transport.sent.map { queryPairs($0)["NextToken"] } == [nil, "t2"])
    }

    @Test func refusesActionsThatDoNotPage() throws {
        #expect(throws: OutboundBotError.self) {
            try Pager(client: FakeTransport.client(FakeTransport(bodies: ["{}"])), request: OutboundBotRequest(action: "DescribeInstance"))
        }
    }
}
