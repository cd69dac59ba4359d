import Testing
@testable import OutboundBot

/// Every way a request can be wrong is an invalid-argument error naming the
/// action and the parameter, found before anything is sent.
struct RequestValidatorTests {
    func problem(_ action: String, _ json: String) -> String? {
        do {
            _ = try RequestValidator.validate(try OutboundBotRequest(action: action, json: Array(json.utf8)))
            return nil
        } catch {
            #expect(error.kind == .invalidArgument)
            return error.message
        }
    }

    @Test func unknownActionSuggestsTheNearest() throws {
        let message = try #require(problem("ListInstance", "{}"))
        #expect(message == "action: unknown action 'ListInstance' (did you mean ListInstances?)")
    }

    @Test func unknownParameterSuggestsTheNearest() throws {
        let message = try #require(problem("DescribeInstance", #"{"InstanceID":"i-1"}"#))
        #expect(message.hasPrefix("DescribeInstance.InstanceID: unknown parameter"))
        #expect(message.contains("did you mean InstanceId?"))
    }

    @Test func missingRequiredParameter() {
        #expect(problem("DescribeInstance", "{}") == "DescribeInstance.InstanceId: required parameter missing")
        #expect(problem("DescribeInstance", #"{"InstanceId":null}"#) == "DescribeInstance.InstanceId: required parameter missing")
    }

    @Test func wrongTypes() throws {
        #expect(try #require(problem("ListInstances", #"{"PageSize":"10"}"#))
            == "ListInstances.PageSize: expected int32, got string (write the number without quotes)")
        #expect(try #require(problem("ListInstances", #"{"PageSize":1.5}"#)).hasPrefix("ListInstances.PageSize: expected int32, got number"))
        #expect(try #require(problem("AssignJobs", #"{"InstanceId":"i","JobGroupId":"g","JobsJson":"x"}"#))
            == "AssignJobs.JobsJson: expected list<string>, got string")
        #expect(try #require(problem("AssignJobs", #"{"InstanceId":"i","JobGroupId":"g","JobsJson":["a",3]}"#))
            == "AssignJobs.JobsJson[1]: expected string, got integer")
    }

    @Test func int32Range() throws {
        #expect(try #require(problem("ListInstances", #"{"PageSize":2147483648}"#))
            .hasPrefix("ListInstances.PageSize: 2147483648 is out of range for int32"))
        #expect(problem("ListInstances", #"{"PageSize":2147483647}"#) == nil)
    }

    @Test func lineBreaksInIdsAndNulAnywhere() throws {
        #expect(problem("DescribeInstance", #"{"InstanceId":"i-1\nX-Evil: 1"}"#)
            == "DescribeInstance.InstanceId: must not contain CR, LF or NUL")
        #expect(problem("DescribeInstance", #"{"InstanceId":"i-1\u0000"}"#)
            == "DescribeInstance.InstanceId: must not contain CR, LF or NUL")
    }

    @Test func objectFieldsAreChecked() throws {
        #expect(try #require(problem("CreateNumber", #"{"TrunkId":"t","Numbers":[{"Numbr":"1"}]}"#))
            .hasPrefix("CreateNumber.Numbers[0].Numbr: unknown field (did you mean Number?)"))
        #expect(try #require(problem("CreateNumber", #"{"TrunkId":"t","Numbers":[{"RateLimitCount":"1"}]}"#))
            .hasPrefix("CreateNumber.Numbers[0].RateLimitCount: expected"))
    }

    @Test func malformedParameterJSON() throws {
        #expect(throws: OutboundBotError.self) { try OutboundBotRequest(action: "ListInstances", json: Array("{".utf8)) }
        #expect(throws: OutboundBotError.self) { try OutboundBotRequest(action: "ListInstances", json: Array("[1]".utf8)) }
        #expect(throws: OutboundBotError.self) { try OutboundBotRequest(action: "ListInstances", json: [0x7B, 0xFF, 0x7D]) }
    }

    @Test func parameterGivenTwice() throws {
        let request = OutboundBotRequest(action: "DescribeInstance",
                                         parameters: [.init("InstanceId", .string("a")), .init("InstanceId", .string("b"))])
        let error = #expect(throws: OutboundBotError.self) { try RequestValidator.validate(request) }
        #expect(error?.message == "DescribeInstance.InstanceId: given twice")
    }
}
