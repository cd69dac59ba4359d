import struct Foundation.UUID

/// The job workflow of the emulator's one account: job groups and their jobs.
/// A plain value that `StateStore` keeps behind its lock, next to the
/// instances, so a change that touches both is atomic.
///
/// Every mutating function checks first and changes only once nothing can fail.
struct JobTable: Sendable {
    private(set) var groupsById: [String: JobGroup] = [:]
    private(set) var jobsById: [String: Job] = [:]
    /// Orders groups and jobs by creation.
    private(set) var counter: Int64 = 0

    /// What CreateJobGroup sets.
    struct GroupSettings: Sendable {
        var name: String
        var description: String
        var scriptId: String
        var scenarioId: String
        var callingNumbers: [String]
        var recallCallingNumbers: [String]
        var priority: String
        var minConcurrency: Int
        var ringingDuration: Int
        var strategy: JobStrategy
        var recallStrategy: RecallStrategy
        var flashSmsExtras: FlashSmsExtras
    }

    /// One job as AssignJobs (a JobsJson entry) or StartJob (JobJson) gives it.
    struct JobInput: Sendable, Equatable {
        var referenceId: String
        /// Without ContactId: the table assigns them.
        var contacts: [Job.Contact]
        var extras: [Job.Extra]
    }

    /// Which jobs CancelJobs, SuspendJobs and ResumeJobs act on: every job of
    /// the instance when `all`, else those named by JobId or by JobReferenceId;
    /// within `jobGroupId` when it is given. Names that match nothing are ignored.
    struct Selection: Sendable {
        var all: Bool
        var jobGroupId: String?
        var jobIds: [String]
        var referenceIds: [String]
    }

    /// The three changes of state a caller can ask for.
    enum Change: Sendable {
        /// Scheduling or Executing to Paused.
        case suspend
        /// Paused to Scheduling.
        case resume
        /// Anything not yet Cancelled to Cancelled.
        case cancel
    }

    init() {}

    /// The table a state file describes.
    init(groups: [JobGroup], jobs: [Job], counter: Int64) {
        self.counter = counter
        for group in groups {
            self.groupsById[group.jobGroupId] = group
            self.counter = max(self.counter, group.sequence)
        }
        for job in jobs {
            self.jobsById[job.jobId] = job
            self.counter = max(self.counter, job.sequence)
        }
    }

    var allGroups: [JobGroup] { groupsById.values.sorted { $0.sequence < $1.sequence } }
    var allJobs: [Job] { jobsById.values.sorted { $0.sequence < $1.sequence } }

    // MARK: Job groups

    mutating func createGroup(_ settings: GroupSettings, instanceId: String, nowMilliseconds: Int64) -> JobGroup {
        counter += 1
        let group = JobGroup(
            jobGroupId: Self.newId(), instanceId: instanceId, jobGroupName: settings.name,
            jobGroupDescription: settings.description, scriptId: settings.scriptId, scenarioId: settings.scenarioId,
            callingNumbers: settings.callingNumbers, recallCallingNumbers: settings.recallCallingNumbers,
            priority: settings.priority, minConcurrency: settings.minConcurrency,
            ringingDuration: settings.ringingDuration, strategy: settings.strategy,
            recallStrategy: settings.recallStrategy, flashSmsExtras: settings.flashSmsExtras,
            status: .draft, creationTime: nowMilliseconds, sequence: counter)
        groupsById[group.jobGroupId] = group
        return group
    }

    /// The group `jobGroupId` of `instanceId`; another instance's group does not exist here.
    func group(_ jobGroupId: String, of instanceId: String) throws(GatewayError) -> JobGroup {
        guard let group = groupsById[jobGroupId], group.instanceId == instanceId else { throw .jobGroupNotExist }
        return group
    }

    /// The instance's groups, in creation order.
    func groups(of instanceId: String) -> [JobGroup] {
        groupsById.values.filter { $0.instanceId == instanceId }.sorted { $0.sequence < $1.sequence }
    }

    /// The group and every job in it.
    mutating func deleteGroup(_ jobGroupId: String, of instanceId: String) throws(GatewayError) {
        _ = try group(jobGroupId, of: instanceId)
        groupsById[jobGroupId] = nil
        jobsById = jobsById.filter { $0.value.jobGroupId != jobGroupId }
    }

    // MARK: Jobs

    /// The group's jobs, in creation order.
    func jobs(inGroup jobGroupId: String) -> [Job] {
        jobsById.values.filter { $0.jobGroupId == jobGroupId }.sorted { $0.sequence < $1.sequence }
    }

    /// The instance's jobs, in creation order.
    func jobs(of instanceId: String) -> [Job] {
        jobsById.values.filter { $0.instanceId == instanceId }.sorted { $0.sequence < $1.sequence }
    }

    func job(_ jobId: String, of instanceId: String) throws(GatewayError) -> Job {
        guard let job = jobsById[jobId], job.instanceId == instanceId else { throw .jobNotExist }
        return job
    }

    /// AssignJobs: new jobs in the group, waiting to be dialled (Scheduling);
    /// a Draft group becomes Scheduling.
    mutating func assign(_ inputs: [JobInput], to jobGroupId: String, of instanceId: String,
                         callingNumbers: [String], nowMilliseconds: Int64) throws(GatewayError) -> [Job] {
        var group = try group(jobGroupId, of: instanceId)
        let created = inputs.map { input in
            insertJob(input, instanceId: instanceId, group: group, callingNumbers: callingNumbers,
                      status: .scheduling, nowMilliseconds: nowMilliseconds)
        }
        if group.status == .draft {
            group.status = .scheduling
            groupsById[jobGroupId] = group
        }
        return created
    }

    /// StartJob: dials one job at once. In a group that holds a waiting
    /// (Scheduling or Paused) job with the same ReferenceId, that job is
    /// started; otherwise a new job is made (in the group, when one is named)
    /// and started. The group becomes Executing.
    mutating func start(_ input: JobInput, in jobGroupId: String?, of instanceId: String, callingNumbers: [String],
                        scenarioId: String, nowMilliseconds: Int64) throws(GatewayError) -> Job {
        var group: JobGroup?
        if let jobGroupId { group = try self.group(jobGroupId, of: instanceId) }
        let waiting = group.flatMap { group in
            jobs(inGroup: group.jobGroupId).first {
                $0.referenceId == input.referenceId && ($0.status == .scheduling || $0.status == .paused)
            }
        }
        var job = waiting ?? insertJob(input, instanceId: instanceId, group: group, callingNumbers: callingNumbers,
                                       status: .scheduling, nowMilliseconds: nowMilliseconds)
        if !scenarioId.isEmpty { job.scenarioId = scenarioId }
        Self.begin(&job, nowMilliseconds: nowMilliseconds)
        jobsById[job.jobId] = job
        if var group {
            group.status = .executing
            groupsById[group.jobGroupId] = group
        }
        return job
    }

    /// SubmitBatchJobs: every waiting (Scheduling) job of the group is started,
    /// and the group becomes Executing.
    mutating func submit(_ jobGroupId: String, of instanceId: String, nowMilliseconds: Int64) throws(GatewayError) {
        var group = try group(jobGroupId, of: instanceId)
        for var job in jobs(inGroup: jobGroupId) where job.status == .scheduling {
            Self.begin(&job, nowMilliseconds: nowMilliseconds)
            jobsById[job.jobId] = job
        }
        group.status = .executing
        groupsById[jobGroupId] = group
    }

    /// CancelJobs, SuspendJobs, ResumeJobs: applies `change` to the selected
    /// jobs it applies to; returns how many changed.
    @discardableResult
    mutating func apply(_ change: Change, to selection: Selection, of instanceId: String) throws(GatewayError) -> Int {
        if let jobGroupId = selection.jobGroupId { _ = try group(jobGroupId, of: instanceId) }
        let ids = Set(selection.jobIds)
        let references = Set(selection.referenceIds)
        var changed = 0
        for var job in jobsById.values where job.instanceId == instanceId {
            if let jobGroupId = selection.jobGroupId, job.jobGroupId != jobGroupId { continue }
            guard selection.all || ids.contains(job.jobId) || references.contains(job.referenceId) else { continue }
            guard let next = Self.status(after: change, from: job.status) else { continue }
            job.status = next
            jobsById[job.jobId] = job
            changed += 1
        }
        return changed
    }

    /// Drops the instance's groups and jobs (when the instance is deleted).
    mutating func removeAll(of instanceId: String) {
        groupsById = groupsById.filter { $0.value.instanceId != instanceId }
        jobsById = jobsById.filter { $0.value.instanceId != instanceId }
    }

    // MARK: Helpers

    private mutating func insertJob(_ input: JobInput, instanceId: String, group: JobGroup?, callingNumbers: [String],
                                    status: Job.Status, nowMilliseconds: Int64) -> Job {
        counter += 1
        let jobId = Self.newId()
        let contacts = input.contacts.map { contact in
            var contact = contact
            contact.contactId = Self.newId()
            return contact
        }
        let job = Job(
            jobId: jobId, instanceId: instanceId, jobGroupId: group?.jobGroupId ?? "",
            referenceId: input.referenceId, status: status,
            callingNumbers: callingNumbers.isEmpty ? group?.callingNumbers ?? [] : callingNumbers,
            contacts: contacts, extras: input.extras, scenarioId: group?.scenarioId ?? "",
            strategyId: group?.strategy.strategyId ?? "", tasks: [], creationTime: nowMilliseconds, sequence: counter)
        jobsById[jobId] = job
        return job
    }

    /// Executing, with one call attempt recorded.
    private static func begin(_ job: inout Job, nowMilliseconds: Int64) {
        job.status = .executing
        job.tasks.append(.init(taskId: newId(), callId: newId(), calledNumber: job.calledNumber,
                               callingNumber: job.callingNumbers.first ?? "", planedTime: nowMilliseconds))
    }

    /// The status `change` leads to, or nil when it does not apply.
    private static func status(after change: Change, from status: Job.Status) -> Job.Status? {
        switch (change, status) {
        case (.suspend, .scheduling), (.suspend, .executing): .paused
        case (.resume, .paused): .scheduling
        case (.cancel, .scheduling), (.cancel, .executing), (.cancel, .paused): .cancelled
        default: nil
        }
    }

    static func newId() -> String {
        UUID().uuidString.lowercased()
    }
}
