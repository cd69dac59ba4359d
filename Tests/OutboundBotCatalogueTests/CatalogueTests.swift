import XCTest
import OutboundBotCatalogue

/// The generated catalogue, checked by hand against the official SDKs' source:
/// alibabacloud-outboundbot20191226 2.2.1 (client.py and models/*_request.py) for names, methods,
/// locations, styles and required flags; github.com/alibabacloud-go/outboundbot-20191226 for
/// integer widths. Each expected value below was read there, not copied from the generated file.
final class CatalogueTests: XCTestCase {
    private func action(_ name: String, file: StaticString = #filePath, line: UInt = #line) throws -> ActionSpec {
        try XCTUnwrap(Catalogue.action(named: name), "\(name) is not in the catalogue", file: file, line: line)
    }

    // MARK: - The whole catalogue

    func testHoldsEveryActionOnceInNameOrder() {
        let names = Catalogue.actions.map(\.name)
        XCTAssertEqual(names.count, 175)
        XCTAssertEqual(Set(names).count, names.count, "action names must be unique")
        XCTAssertEqual(names, names.sorted())
        XCTAssertEqual(Catalogue.apiVersion, "2019-12-26")
        for spec in Catalogue.actions {
            XCTAssertEqual(Catalogue.action(named: spec.name), spec)
            let parameterNames = spec.parameters.map(\.name)
            XCTAssertEqual(Set(parameterNames).count, parameterNames.count, "\(spec.name): duplicate parameter")
        }
        XCTAssertNil(Catalogue.action(named: "createInstance"), "names are case-sensitive")
        XCTAssertNil(Catalogue.action(named: "NoSuchAction"))
    }

    func testStylesAgreeWithTypes() {
        for spec in Catalogue.actions {
            for parameter in spec.parameters {
                switch parameter.type {
                case .string, .int32, .int64, .boolean:
                    XCTAssertEqual(parameter.style, .plain, "\(spec.name).\(parameter.name)")
                case .list, .object:
                    XCTAssertNotEqual(parameter.style, .plain, "\(spec.name).\(parameter.name)")
                }
            }
        }
    }

    func testGetActionsSendEverythingInTheQuery() {
        let gets = Catalogue.actions.filter { $0.method == .get }
        // client.py: the eight `method = 'GET'` actions, each sending `request.to_map()`.
        XCTAssertEqual(gets.map(\.name), [
            "CreateDownloadUrl", "CreateTaskExportTask", "GetRealtimeConcurrencyReport", "GetTaskByUuid",
            "ListDownloadTasks", "ListFlashSmsTemplates", "ListJobGroupsAsync", "SearchTask",
        ])
        for spec in gets {
            XCTAssertTrue(spec.parameters.allSatisfy { $0.location == .query }, spec.name)
        }
    }

    func testNearestNameSuggestsAnActionForATypo() {
        let names = Catalogue.actions.map(\.name)
        XCTAssertEqual(NearestName.suggest(for: "ListInstance", among: names), "ListInstances")
        XCTAssertEqual(NearestName.suggest(for: "createinstance", among: names), "CreateInstance")
        XCTAssertNil(NearestName.suggest(for: "Frobnicate", among: names))
    }

    // MARK: - Actions checked by hand

    /// client.py assign_jobs_with_options: everything into `query`, lists as they are.
    func testAssignJobs() throws {
        XCTAssertEqual(try action("AssignJobs"), ActionSpec("AssignJobs", .post, readOnly: false, [
            ParameterSpec("CallingNumber", .list(.string), style: .repeatList),
            ParameterSpec("InstanceId", .string, required: true),
            ParameterSpec("IsAsynchrony", .boolean),
            ParameterSpec("JobDataParsingTaskId", .string),
            ParameterSpec("JobGroupId", .string, required: true),
            ParameterSpec("JobsJson", .list(.string), required: true, style: .repeatList),
            ParameterSpec("RosterType", .string),
            ParameterSpec("StrategyJson", .string),
        ]))
    }

    /// client.py assign_jobs_async_with_options: everything into `body`; CallingNumber and
    /// JobsJson converted with array_to_string_with_specified_style(..., 'json').
    func testAssignJobsAsyncSendsABodyWithJSONLists() throws {
        let spec = try action("AssignJobsAsync")
        XCTAssertEqual(spec, ActionSpec("AssignJobsAsync", .post, readOnly: false, [
            ParameterSpec("CallingNumber", .list(.string), in: .body, style: .json),
            ParameterSpec("InstanceId", .string, required: true, in: .body),
            ParameterSpec("JobGroupId", .string, required: true, in: .body),
            ParameterSpec("JobsJson", .list(.string), in: .body, style: .json),
            ParameterSpec("StrategyJson", .string, in: .body),
        ]))
        XCTAssertEqual(spec.parameter(named: "JobsJson")?.type.displayName, "list<string>")
        XCTAssertNil(spec.parameter(named: "IsAsynchrony"))
    }

    /// models/_create_number_request.py: Numbers is List[CreateNumberRequestNumbers], sent as
    /// Numbers.1.Number, Numbers.1.RateLimitCount, ... The Go SDK has no CreateNumber, so its two
    /// integers take the int64 default.
    func testCreateNumberTakesAListOfObjects() throws {
        let spec = try action("CreateNumber")
        XCTAssertEqual(spec, ActionSpec("CreateNumber", .post, readOnly: false, [
            ParameterSpec("Numbers", .list(.object([
                FieldSpec("Number", .string),
                FieldSpec("RateLimitCount", .int64),
                FieldSpec("RateLimitPeriod", .int64),
            ])), required: true, style: .repeatList),
            ParameterSpec("TrunkId", .string, required: true),
        ]))
        XCTAssertEqual(spec.parameter(named: "Numbers")?.type.displayName, "list<object>")
    }

    /// Integer widths inside objects come from the Go SDK (CreateBeebotIntentLgfRequestLgfDefinition
    /// has `IntentId *int64`); ListInstances' Tag is a repeat-list of Key/Value objects.
    func testNestedFieldsCarryTheirGoWidthsAndRequiredFlags() throws {
        XCTAssertEqual(try action("CreateBeebotIntentLgf").parameter(named: "LgfDefinition"),
                       ParameterSpec("LgfDefinition", .object([
                           FieldSpec("IntentId", .int64, required: true),
                           FieldSpec("RuleText", .string, required: true),
                       ]), required: true, style: .json))
        XCTAssertEqual(try action("DescribeTTSDemo").parameter(named: "Volume")?.type, .int32)
    }

    /// client.py create_beebot_intent_with_options: IntentDefinition is a model converted to a
    /// JSON string and sent in the query; models mark IntentName (inside it) as required.
    func testCreateBeebotIntentSendsAJSONObject() throws {
        XCTAssertEqual(try action("CreateBeebotIntent"), ActionSpec("CreateBeebotIntent", .post, readOnly: false, [
            ParameterSpec("InstanceId", .string, required: true),
            ParameterSpec("IntentDefinition", .object([
                FieldSpec("AliasName", .string),
                FieldSpec("IntentName", .string, required: true),
            ]), required: true, style: .json),
            ParameterSpec("ScriptId", .string, required: true),
        ]))
    }

    /// client.py search_task_with_options: GET with `Utils.query(request.to_map())`, so every model
    /// field goes into the query; integer widths from the Go SDK's SearchTaskRequest.
    func testSearchTaskIsAGetWithEverythingInTheQuery() throws {
        let spec = try action("SearchTask")
        XCTAssertEqual(spec.method, .get)
        XCTAssertTrue(spec.isReadOnly)
        XCTAssertEqual(spec.parameters.count, 25)
        XCTAssertTrue(spec.parameters.allSatisfy { $0.location == .query })
        XCTAssertEqual(spec.parameters.filter(\.isRequired).map(\.name), ["InstanceId"])
        XCTAssertEqual(spec.parameter(named: "ActualTimeGte"), ParameterSpec("ActualTimeGte", .int64))
        XCTAssertEqual(spec.parameter(named: "TaskCreateTimeLte"), ParameterSpec("TaskCreateTimeLte", .int64))
        XCTAssertEqual(spec.parameter(named: "PageIndex"), ParameterSpec("PageIndex", .int32))
        XCTAssertEqual(spec.parameter(named: "PageSize"), ParameterSpec("PageSize", .int32))
        XCTAssertEqual(spec.parameter(named: "LabelsJson"), ParameterSpec("LabelsJson", .list(.string), style: .repeatList))
        XCTAssertEqual(spec.parameter(named: "SortOrder"), ParameterSpec("SortOrder", .string))
        XCTAssertEqual(spec.pagination, Pagination(.pageNumber(number: "PageIndex", size: "PageSize"),
                                                   items: "SearchTaskInfoList", totalCount: "Total"))
    }

    /// The action the typed Swift API already speaks: the same six parameters it sends.
    func testCreateInstanceMatchesTheTypedRequest() throws {
        XCTAssertEqual(try action("CreateInstance"), ActionSpec("CreateInstance", .post, readOnly: false, [
            ParameterSpec("CallingNumber", .list(.string), style: .repeatList),
            ParameterSpec("InstanceDescription", .string),
            ParameterSpec("InstanceName", .string, required: true),
            ParameterSpec("MaxConcurrentConversation", .int32, required: true),
            ParameterSpec("NluServiceType", .string),
            ParameterSpec("ResourceGroupId", .string),
        ]))
    }

    // MARK: - Pagination and read-only

    /// models/_list_instances_response_body.py: Instances is the list, TotalCount beside it.
    func testListInstancesPages() throws {
        let spec = try action("ListInstances")
        XCTAssertTrue(spec.isReadOnly)
        XCTAssertEqual(spec.pagination, Pagination(.pageNumber(number: "PageNumber", size: "PageSize"),
                                                   items: "Instances", totalCount: "TotalCount"))
        XCTAssertEqual(spec.parameter(named: "PageNumber")?.type, .int32)
        XCTAssertEqual(spec.parameter(named: "Tag"), ParameterSpec("Tag", .list(.object([
            FieldSpec("Key", .string),
            FieldSpec("Value", .string),
        ])), style: .repeatList))
    }

    func testOtherPaginationShapes() throws {
        // The items one level down, beside their total count.
        XCTAssertEqual(try action("ListJobGroups").pagination,
                       Pagination(.pageNumber(number: "PageNumber", size: "PageSize"),
                                  items: "JobGroups.List", totalCount: "JobGroups.TotalCount"))
        // A token walk.
        XCTAssertEqual(try action("ListTagResources").pagination,
                       Pagination(.nextToken(request: "NextToken", response: "NextToken"), items: "TagResources"))
        // PageNumber/PageSize filter an export; the answer has no items.
        XCTAssertNil(try action("CreateTaskExportTask").pagination)
        XCTAssertNil(try action("CreateInstance").pagination)
        for spec in Catalogue.actions where spec.pagination != nil {
            XCTAssertTrue(spec.isReadOnly, "\(spec.name) pages but is not read-only")
        }
    }

    func testReadOnlyFollowsTheVerb() throws {
        for name in ["DescribeInstance", "ListInstances", "GetVersion", "QueryJobs", "SearchTask",
                     "DownloadRecording", "ExportScript"] {
            XCTAssertTrue(try action(name).isReadOnly, name)
        }
        for name in ["CreateInstance", "ModifyInstance", "DeleteInstance", "AssignJobs", "StartJob",
                     "SuspendJobs", "CancelJobs", "Dialogue", "GenerateUploadUrl", "SaveContactBlockList"] {
            XCTAssertFalse(try action(name).isReadOnly, name)
        }
    }
}
