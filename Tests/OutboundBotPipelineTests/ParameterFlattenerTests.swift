import Testing
@testable import OutboundBot

/// The wire form of each style, checked against what the official SDK sends.
struct ParameterFlattenerTests {
    func flat(_ action: String, _ json: String) throws -> FlatParameters {
        ParameterFlattener.flatten(try RequestValidator.validate(try OutboundBotRequest(action: action, json: Array(json.utf8))))
    }

    func dictionary(_ pairs: [(name: String, value: String)]) -> [String: String] {
        Dictionary(pairs.map { ($0.name, $0.value) }, uniquingKeysWith: { first, _ in first })
    }

    @Test func repeatListOfStrings() throws {
        let wire = try flat("AssignJobs", #"{"InstanceId":"i","JobGroupId":"g","JobsJson":["{\"a\":1}","b"],"IsAsynchrony":false}"#)
        #expect(dictionary(wire.query) == ["InstanceId": "i", "JobGroupId": "g", "JobsJson.1": #"{"a":1}"#, "JobsJson.2": "b",
                                           "IsAsynchrony": "false"])
        #expect(wire.body.isEmpty)
    }

    @Test func jsonStyleInTheBody() throws {
        let wire = try flat("AssignJobsAsync", #"{"InstanceId":"i","JobGroupId":"g","CallingNumber":["1","2"],"JobsJson":["x"]}"#)
        #expect(wire.query.isEmpty)
        #expect(dictionary(wire.body) == ["InstanceId": "i", "JobGroupId": "g", "CallingNumber": #"["1","2"]"#, "JobsJson": #"["x"]"#])
    }

    @Test func repeatListOfObjects() throws {
        let wire = try flat("CreateNumber", #"{"TrunkId":"t","Numbers":[{"Number":"95187","RateLimitCount":5},{"Number":"95188"}]}"#)
        #expect(dictionary(wire.query) == ["TrunkId": "t", "Numbers.1.Number": "95187", "Numbers.1.RateLimitCount": "5",
                                           "Numbers.2.Number": "95188"])
    }

    @Test func jsonStyleObject() throws {
        let wire = try flat("CreateBeebotIntent", #"{"InstanceId":"i","ScriptId":"s","IntentDefinition":{"IntentName":"x","AliasName":"a,b"}}"#)
        #expect(dictionary(wire.query)["IntentDefinition"] == #"{"AliasName":"a,b","IntentName":"x"}"#, "members in name order")
    }

    @Test func textIsEscapedInJSONStyle() throws {
        let wire = try flat("AssignJobsAsync", #"{"InstanceId":"i","JobGroupId":"g","JobsJson":["line\n\"q\"\\"]}"#)
        #expect(dictionary(wire.body)["JobsJson"] == #"["line\n\"q\"\\"]"#)
    }
}
