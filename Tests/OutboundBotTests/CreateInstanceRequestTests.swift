import Testing
@testable import OutboundBot

struct CreateInstanceRequestTests {
    func request(name: String = "第一个实例", max: Int64 = 4, numbers: [String] = ["95187"]) -> CreateInstanceRequest {
        CreateInstanceRequest(instanceName: name, maxConcurrentConversation: max, callingNumbers: numbers)
    }

    func problem(_ request: CreateInstanceRequest) -> String? {
        do throws(OutboundBotError) {
            try request.validate()
            return nil
        } catch {
            #expect(error.kind == .invalidArgument)
            return error.message
        }
    }

    @Test func validRequestPasses() {
        #expect(problem(request()) == nil)
        #expect(problem(request(name: String(repeating: "名", count: 256), max: Int64(Int32.max))) == nil)
    }

    @Test(arguments: [Int64(0), -1, Int64(Int32.max) + 1, .min, .max])
    func maxConcurrentConversationOutOfRange(_ value: Int64) throws {
        let message = try #require(problem(request(max: value)))
        #expect(message.hasPrefix("max_concurrent_conversation:"))
    }

    @Test func instanceNameEmptyOrTooLong() throws {
        #expect(try #require(problem(request(name: ""))).hasPrefix("instance_name:"))
        #expect(try #require(problem(request(name: String(repeating: "a", count: 257)))).hasPrefix("instance_name:"))
    }

    @Test func nluServiceTypeMustBeKnown() throws {
        var bad = request()
        bad.nluServiceType = "Other"
        #expect(try #require(problem(bad)).hasPrefix("nlu_service_type:"))
        bad.nluServiceType = "Provided"
        #expect(problem(bad) == nil)
    }

    @Test func namesIdsAndNumbersAreSingleLineButTheDescriptionMaySpanLines() throws {
        #expect(try #require(problem(request(name: "a\r\nb"))).hasPrefix("instance_name:"))
        #expect(try #require(problem(request(numbers: ["1", "2\n"]))).hasPrefix("calling_numbers[1]:"))
        var other = request()
        other.resourceGroupId = "rg\n"
        #expect(try #require(problem(other)).hasPrefix("resource_group_id:"))
        other.resourceGroupId = nil
        other.nluServiceType = "Managed\u{0}"
        #expect(try #require(problem(other)).hasPrefix("nlu_service_type:"))
        other.nluServiceType = nil
        other.instanceDescription = "line one\nline two"
        #expect(problem(other) == nil)
    }

    @Test func emptyCallingNumberIsNamedByIndex() throws {
        #expect(try #require(problem(request(numbers: ["1", ""]))) .hasPrefix("calling_numbers[1]:"))
    }

    /// The wire parameters the one call path makes of a request.
    func wireParameters(_ request: CreateInstanceRequest) throws -> [(name: String, value: String)] {
        ParameterFlattener.flatten(try RequestValidator.validate(request.request)).query
    }

    @Test func parametersFlattenCallingNumbersFromOne() throws {
        let numbers = (1...12).map { "9518\($0)" }
        var full = request(numbers: numbers)
        full.instanceDescription = "描述"
        full.nluServiceType = "Managed"
        full.resourceGroupId = "rg-1"
        let parameters = Dictionary(uniqueKeysWithValues: try wireParameters(full).map { ($0.name, $0.value) })
        #expect(parameters["InstanceName"] == "第一个实例")
        #expect(parameters["MaxConcurrentConversation"] == "4")
        #expect(parameters["InstanceDescription"] == "描述")
        #expect(parameters["NluServiceType"] == "Managed")
        #expect(parameters["ResourceGroupId"] == "rg-1")
        #expect(parameters["CallingNumber.1"] == "95181")
        #expect(parameters["CallingNumber.12"] == "951812")
        #expect(parameters["CallingNumber.13"] == nil)
        #expect(parameters.count == 17)
    }

    @Test func optionalParametersAreOmittedWhenAbsent() throws {
        let names = try wireParameters(request(numbers: [])).map(\.name)
        #expect(names == ["InstanceName", "MaxConcurrentConversation"])
    }
}
