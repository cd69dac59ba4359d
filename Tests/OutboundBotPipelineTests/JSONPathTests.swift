import Testing
@testable import OutboundBot

/// Path lookups: typed, total, never trapping on what the answer holds.
struct JSONPathTests {
    let answer = try! JSONValue.parse(Array(#"""
        {"RequestId":"R","instance":{"InstanceId":"i-1","CreatorId":123,"Busy":"true"},
         "Jobs":{"List":[{"JobId":"j-1","Ok":true},{"JobId":"j-2"},null],"TotalCount":"3"},"Gone":null,"Big":1e300}
        """#.utf8)).get()

    func path(_ text: String) -> JSONPath { try! JSONPath(text) }

    @Test func parsesMembersAndIndexes() throws {
        #expect(try JSONPath("Jobs.List[0].JobId").steps == [.member("Jobs"), .member("List"), .index(0), .member("JobId")])
        #expect(try JSONPath("A[1][2]").steps == [.member("A"), .index(1), .index(2)])
    }

    @Test func rejectsMalformedPaths() {
        for bad in ["", ".", "A.", ".A", "A..B", "A[", "A[x]", "A[-1]", "A[]", "[0]", "A[0]B", "A[99999999999999999999999]"] {
            #expect(throws: JSONPathError.self, "\(bad)") { try JSONPath(bad) }
        }
    }

    @Test func typedLookups() {
        #expect(answer.string(at: path("Instance.InstanceId")) == .success("i-1"))  // case-folded member
        #expect(answer.string(at: path("instance.CreatorId")) == .success("123"))
        #expect(answer.int64(at: path("Instance.CreatorId")) == .success(123))
        #expect(answer.int64(at: path("Jobs.TotalCount")) == .success(3))
        #expect(answer.bool(at: path("Instance.Busy")) == .success(true))
        #expect(answer.bool(at: path("Jobs.List[0].Ok")) == .success(true))
        #expect(answer.arrayLength(at: path("Jobs.List")) == .success(3))
        #expect(answer.string(at: path("Jobs.List[1].JobId")) == .success("j-2"))
    }

    @Test func missingAndWrongTypes() {
        #expect(answer.string(at: path("Instance.Nope")) == .failure(.notFound(at: "Instance.Nope")))
        #expect(answer.string(at: path("Gone")) == .failure(.notFound(at: "Gone")))
        #expect(answer.string(at: path("Jobs.List[2].JobId")) == .failure(.notFound(at: "Jobs.List[2]")))
        #expect(answer.string(at: path("Jobs.List[99]")) == .failure(.notFound(at: "Jobs.List[99]")))
        #expect(answer.string(at: path("Jobs.List")) == .failure(.wrongType(expected: "string", found: "array")))
        #expect(answer.int64(at: path("Instance.InstanceId")) == .failure(.wrongType(expected: "integer", found: "string")))
        #expect(answer.int64(at: path("Big")) == .failure(.wrongType(expected: "integer", found: "number")))
        #expect(answer.arrayLength(at: path("Instance")) == .failure(.wrongType(expected: "array", found: "object")))
        #expect(answer.string(at: path("RequestId[0]")) == .failure(.wrongType(expected: "array", found: "string")))
    }

    @Test func jsonTextRoundTrips() throws {
        let text = #"{"a":[1,-2,true,null,"x\"\\\n\u0001"],"b":{}}"#  // members in name order
        let value = try JSONValue.parse(Array(text.utf8)).get()
        #expect(value.jsonText == text)
    }
}
