/// The job actions: AssignJobs, StartJob, SubmitBatchJobs (to start), ListJobs,
/// QueryJobs, ListJobsByGroup, DescribeJob (to read back), CancelJobs,
/// SuspendJobs, ResumeJobs (to change state). Unknown ids are 404:
/// `NotExist.Instance`, `NotExist.JobGroup`, `NotExist.Job`.
///
/// A job's life: AssignJobs makes it Scheduling; SubmitBatchJobs (the group's
/// waiting jobs) or StartJob (one job) makes it Executing with one call task;
/// SuspendJobs makes Scheduling or Executing jobs Paused, ResumeJobs Paused ones
/// Scheduling; CancelJobs makes any of them Cancelled. Nothing else happens on
/// its own: the emulator places no calls, so no job ever completes or fails.
enum JobActions {
    static let names: Set<String> = [
        "AssignJobs", "StartJob", "SubmitBatchJobs", "ListJobs", "QueryJobs", "ListJobsByGroup", "DescribeJob",
        "CancelJobs", "SuspendJobs", "ResumeJobs",
    ]

    static func perform(_ action: String, _ reader: ParameterReader, store: StateStore,
                        nowMilliseconds: Int64) throws(GatewayError) -> [ResponseValue.Field] {
        let instanceId = try reader.required("InstanceId")
        switch action {
        case "AssignJobs":
            return try assign(reader, instanceId: instanceId, store: store, nowMilliseconds: nowMilliseconds)
        case "StartJob":
            return try start(reader, instanceId: instanceId, store: store, nowMilliseconds: nowMilliseconds)
        case "SubmitBatchJobs":
            let jobGroupId = try reader.required("JobGroupId")
            try store.change { state throws(GatewayError) in
                try state.requireInstance(instanceId)
                try state.jobs.submit(jobGroupId, of: instanceId, nowMilliseconds: nowMilliseconds)
            }
            return []
        case "ListJobs":
            // Jobs in the order asked for; ids that name no job of the instance are left out.
            let ids = try reader.repeatList("JobId") ?? []
            let jobs = try store.read { state throws(GatewayError) in
                try state.requireInstance(instanceId)
                return ids.compactMap { try? state.jobs.job($0, of: instanceId) }
            }
            return [.init("Jobs", .array(jobs.map { $0.responseValue(.listed) }))]
        case "QueryJobs":
            return try query(reader, instanceId: instanceId, store: store)
        case "ListJobsByGroup":
            return try listByGroup(reader, instanceId: instanceId, store: store)
        case "DescribeJob":
            let jobId = try reader.required("JobId")
            let job = try store.read { state throws(GatewayError) in
                try state.requireInstance(instanceId)
                return try state.jobs.job(jobId, of: instanceId)
            }
            return [.init("Job", job.responseValue(.described))]
        case "CancelJobs":
            return try change(.cancel, reader, instanceId: instanceId, store: store)
        case "SuspendJobs":
            return try change(.suspend, reader, instanceId: instanceId, store: store)
        case "ResumeJobs":
            return try change(.resume, reader, instanceId: instanceId, store: store)
        default:
            throw .invalidActionNotFound
        }
    }

    /// JobsJson.N, one job each (see `JobInputParser.job`). CallingNumber.N, when
    /// sent, overrides the group's calling numbers for these jobs.
    private static func assign(_ reader: ParameterReader, instanceId: String, store: StateStore,
                               nowMilliseconds: Int64) throws(GatewayError) -> [ResponseValue.Field] {
        let jobGroupId = try reader.required("JobGroupId")
        guard let entries = try reader.repeatList("JobsJson"), !entries.isEmpty else { throw .missing("JobsJson") }
        let inputs = try JobInputParser.jobs(entries, parameter: "JobsJson")
        let callingNumbers = try reader.repeatList("CallingNumber") ?? []
        let jobs = try store.change { state throws(GatewayError) in
            try state.requireInstance(instanceId)
            return try state.jobs.assign(inputs, to: jobGroupId, of: instanceId, callingNumbers: callingNumbers,
                                         nowMilliseconds: nowMilliseconds)
        }
        return [
            .init("JobGroupId", .string(jobGroupId)),
            .init("JobsId", .array(jobs.map { .string($0.jobId) })),
        ]
    }

    /// JobJson is one job. TaskIds and CallIds are `[{Key: JobId, Value: id}]`.
    private static func start(_ reader: ParameterReader, instanceId: String, store: StateStore,
                              nowMilliseconds: Int64) throws(GatewayError) -> [ResponseValue.Field] {
        let input = try JobInputParser.job(try reader.required("JobJson"), parameter: "JobJson")
        let jobGroupId = reader.nonEmpty("JobGroupId")
        let callingNumbers = try reader.repeatList("CallingNumber") ?? []
        let scenarioId = reader.nonEmpty("ScriptId") ?? reader.nonEmpty("ScenarioId") ?? ""
        let job = try store.change { state throws(GatewayError) in
            try state.requireInstance(instanceId)
            return try state.jobs.start(input, in: jobGroupId, of: instanceId, callingNumbers: callingNumbers,
                                        scenarioId: scenarioId, nowMilliseconds: nowMilliseconds)
        }
        let task = job.tasks.last
        return [
            .init("TaskIds", .array([.fields([("Key", .string(job.jobId)), ("Value", .string(task?.taskId ?? ""))])])),
            .init("CallIds", .array([.fields([("Key", .string(job.jobId)), ("Value", .string(task?.callId ?? ""))])])),
        ]
    }

    /// Paged by PageNumber/PageSize, in creation order. JobGroupId, PhoneNumber
    /// (a contact's), ContactName, StartTime/EndTime (creation, milliseconds) filter.
    private static func query(_ reader: ParameterReader, instanceId: String,
                              store: StateStore) throws(GatewayError) -> [ResponseValue.Field] {
        let pageNumber = try reader.page("PageNumber", fallback: 1)
        let pageSize = try reader.page("PageSize", fallback: 10)
        let jobGroupId = reader.nonEmpty("JobGroupId")
        let phone = reader.nonEmpty("PhoneNumber")
        let contactName = reader.nonEmpty("ContactName")
        let from = try reader.int64("StartTime")
        let to = try reader.int64("EndTime")
        let matching = try store.read { state throws(GatewayError) in
            try state.requireInstance(instanceId)
            if let jobGroupId { _ = try state.jobs.group(jobGroupId, of: instanceId) }
            return state.jobs.jobs(of: instanceId).filter { job in
                (jobGroupId == nil || job.jobGroupId == jobGroupId)
                    && (phone.map { phone in job.contacts.contains { $0.phoneNumber == phone } } ?? true)
                    && (contactName.map { name in job.contacts.contains { $0.contactName == name } } ?? true)
                    && (from.map { job.creationTime >= $0 } ?? true)
                    && (to.map { job.creationTime <= $0 } ?? true)
            }
        }
        return [pagedJobs(matching, .queried, pageNumber: pageNumber, pageSize: pageSize)]
    }

    /// The group's jobs, paged; JobStatus filters by status.
    private static func listByGroup(_ reader: ParameterReader, instanceId: String,
                                    store: StateStore) throws(GatewayError) -> [ResponseValue.Field] {
        let jobGroupId = try reader.required("JobGroupId")
        let pageNumber = try reader.page("PageNumber", fallback: 1)
        let pageSize = try reader.page("PageSize", fallback: 10)
        let status = reader.nonEmpty("JobStatus")
        let matching = try store.read { state throws(GatewayError) in
            try state.requireInstance(instanceId)
            _ = try state.jobs.group(jobGroupId, of: instanceId)
            return state.jobs.jobs(inGroup: jobGroupId).filter { status == nil || $0.status.rawValue == status }
        }
        return [pagedJobs(matching, .byGroup, pageNumber: pageNumber, pageSize: pageSize)]
    }

    /// `Jobs: {PageNumber, PageSize, TotalCount, List}`.
    private static func pagedJobs(_ jobs: [Job], _ shape: Job.AnswerShape, pageNumber: Int,
                                  pageSize: Int) -> ResponseValue.Field {
        .init("Jobs", .fields([
            ("PageNumber", .int(pageNumber)),
            ("PageSize", .int(pageSize)),
            ("TotalCount", .int(jobs.count)),
            ("List", .array(Paging.page(jobs, number: pageNumber, size: pageSize).map { $0.responseValue(shape) })),
        ]))
    }

    /// All=true: every job of the instance (of JobGroupId, when given).
    /// All=false: the jobs named by JobId.N or JobReferenceId.N (at least one of them).
    private static func change(_ change: JobTable.Change, _ reader: ParameterReader, instanceId: String,
                               store: StateStore) throws(GatewayError) -> [ResponseValue.Field] {
        guard let all = try reader.boolean("All") else { throw .missing("All") }
        let selection = JobTable.Selection(
            all: all, jobGroupId: reader.nonEmpty("JobGroupId"),
            jobIds: try reader.repeatList("JobId") ?? [], referenceIds: try reader.repeatList("JobReferenceId") ?? [])
        guard all || !selection.jobIds.isEmpty || !selection.referenceIds.isEmpty else {
            throw .invalidParameter("JobId", "JobId or JobReferenceId is required when All is false.")
        }
        try store.change { state throws(GatewayError) in
            try state.requireInstance(instanceId)
            try state.jobs.apply(change, to: selection, of: instanceId)
        }
        return []
    }
}
