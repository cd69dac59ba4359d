/// The job-group actions: CreateJobGroup, DescribeJobGroup, ListJobGroups,
/// DeleteJobGroup. A group belongs to an instance; an unknown InstanceId is
/// `NotExist.Instance`, an unknown JobGroupId `NotExist.JobGroup` (both 404).
enum JobGroupActions {
    static let names: Set<String> = ["CreateJobGroup", "DescribeJobGroup", "ListJobGroups", "DeleteJobGroup"]

    static func perform(_ action: String, _ reader: ParameterReader, store: StateStore,
                        nowMilliseconds: Int64) throws(GatewayError) -> [ResponseValue.Field] {
        let instanceId = try reader.required("InstanceId")
        switch action {
        case "CreateJobGroup":
            let settings = try groupSettings(reader)
            let group = try store.change { state throws(GatewayError) in
                try state.requireInstance(instanceId)
                return state.jobs.createGroup(settings, instanceId: instanceId, nowMilliseconds: nowMilliseconds)
            }
            return [.init("JobGroup", group.responseValue(.created, jobs: []))]
        case "DescribeJobGroup":
            let jobGroupId = try reader.required("JobGroupId")
            let (group, jobs) = try store.read { state throws(GatewayError) in
                try state.requireInstance(instanceId)
                return (try state.jobs.group(jobGroupId, of: instanceId), state.jobs.jobs(inGroup: jobGroupId))
            }
            return [.init("JobGroup", group.responseValue(.described, jobs: jobs))]
        case "ListJobGroups":
            return try list(reader, instanceId: instanceId, store: store)
        case "DeleteJobGroup":
            let jobGroupId = try reader.required("JobGroupId")
            try store.change { state throws(GatewayError) in
                try state.requireInstance(instanceId)
                try state.jobs.deleteGroup(jobGroupId, of: instanceId)
            }
            return []
        default:
            throw .invalidActionNotFound
        }
    }

    private static func groupSettings(_ reader: ParameterReader) throws(GatewayError) -> JobTable.GroupSettings {
        let name = try reader.required("JobGroupName")
        let priority = reader.nonEmpty("Priority") ?? JobGroup.defaultPriority
        guard ["Urgent", "Daily"].contains(priority) else {
            throw .invalidParameter("Priority", "it must be Urgent or Daily.")
        }
        let scriptId = reader.nonEmpty("ScriptId") ?? ""
        return JobTable.GroupSettings(
            name: name, description: reader.optional("JobGroupDescription") ?? "",
            scriptId: scriptId, scenarioId: reader.nonEmpty("ScenarioId") ?? scriptId,
            callingNumbers: try reader.repeatList("CallingNumber") ?? [],
            recallCallingNumbers: try reader.repeatList("RecallCallingNumber") ?? [],
            priority: priority,
            minConcurrency: try reader.nonNegativeInt32("MinConcurrency") ?? 0,
            ringingDuration: try reader.positiveInt32("RingingDuration", required: false) ?? JobGroup.defaultRingingDuration,
            strategy: try JobInputParser.strategy(reader.optional("StrategyJson"), parameter: "StrategyJson"),
            recallStrategy: try JobInputParser.recallStrategy(reader.optional("RecallStrategyJson"),
                                                              parameter: "RecallStrategyJson"),
            flashSmsExtras: try JobInputParser.flashSmsExtras(reader.optional("FlashSmsExtras"),
                                                              parameter: "FlashSmsExtras"))
    }

    /// Paged by PageNumber/PageSize, in creation order. SearchText matches the
    /// name (substring), JobGroupStatusFilter the status, StartTime/EndTime
    /// (milliseconds) the creation time.
    private static func list(_ reader: ParameterReader, instanceId: String,
                             store: StateStore) throws(GatewayError) -> [ResponseValue.Field] {
        let pageNumber = try reader.page("PageNumber", fallback: 1)
        let pageSize = try reader.page("PageSize", fallback: 10)
        let search = reader.nonEmpty("SearchText")
        let statusFilter = reader.nonEmpty("JobGroupStatusFilter")
        let from = try reader.int64("StartTime")
        let to = try reader.int64("EndTime")
        let (total, page) = try store.read { state throws(GatewayError) in
            try state.requireInstance(instanceId)
            let matching = state.jobs.groups(of: instanceId).filter { group in
                (search.map(group.jobGroupName.contains) ?? true)
                    && (statusFilter == nil || group.status.rawValue == statusFilter)
                    && (from.map { group.creationTime >= $0 } ?? true)
                    && (to.map { group.creationTime <= $0 } ?? true)
            }
            let page = Paging.page(matching, number: pageNumber, size: pageSize).map { group in
                group.responseValue(.listed, jobs: state.jobs.jobs(inGroup: group.jobGroupId))
            }
            return (matching.count, page)
        }
        return [.init("JobGroups", .fields([
            ("PageNumber", .int(pageNumber)),
            ("PageSize", .int(pageSize)),
            ("TotalCount", .int(total)),
            ("List", .array(page)),
        ]))]
    }
}

extension EmulatorState {
    /// The job actions' check that their instance exists.
    func requireInstance(_ instanceId: String) throws(GatewayError) {
        guard instances.byId[instanceId] != nil else { throw .instanceNotExist }
    }
}
