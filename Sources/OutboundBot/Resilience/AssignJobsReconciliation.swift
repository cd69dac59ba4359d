/// AssignJobs happened when ListJobsByGroup shows, in the job group, a job
/// for each of the request's reference ids. Only a request whose every job
/// carries a reference id (the job's `referenceId`, else its first contact's,
/// as the service reads them) can be looked up; the caller's reference ids
/// must then be unique within the group, which is what they are for.
struct AssignJobsReconciliation: Reconciliation {
    static let action = "AssignJobs"
    /// The service's largest page.
    static let pageSize: Int64 = 100

    let instanceId: String
    let jobGroupId: String
    /// In the request's order.
    let referenceIds: [String]
    private var found: [String: String] = [:]

    init?(_ request: ValidatedRequest) {
        guard case .string(let instanceId)? = request.value(of: "InstanceId"),
              case .string(let jobGroupId)? = request.value(of: "JobGroupId"),
              case .array(let jobs)? = request.value(of: "JobsJson")
        else { return nil }
        var referenceIds: [String] = []
        for job in jobs {
            guard let referenceId = Self.referenceId(of: job) else { return nil }
            referenceIds.append(referenceId)
        }
        guard !referenceIds.isEmpty, Set(referenceIds).count == referenceIds.count else { return nil }
        self.instanceId = instanceId
        self.jobGroupId = jobGroupId
        self.referenceIds = referenceIds
    }

    /// A JobsJson entry is JSON text (or, given as JSON, an object).
    private static func referenceId(of job: JSONValue) -> String? {
        let document: JSONValue
        switch job {
        case .string(let text):
            guard case .success(let parsed) = JSONValue.parse(Array(text.utf8)) else { return nil }
            document = parsed
        case .object:
            document = job
        default:
            return nil
        }
        if let own = document.member("referenceId")?.lenientString, !own.isEmpty { return own }
        if case .array(let contacts)? = document.member("contacts"),
           let first = contacts.first?.member("referenceId")?.lenientString, !first.isEmpty {
            return first
        }
        return nil
    }

    func lookup(page: Int) -> OutboundBotRequest {
        OutboundBotRequest(action: "ListJobsByGroup", parameters: [
            .init("InstanceId", .string(instanceId)),
            .init("JobGroupId", .string(jobGroupId)),
            .init("PageNumber", .integer(Int64(page))),
            .init("PageSize", .integer(Self.pageSize)),
        ])
    }

    mutating func examine(_ page: JSONValue, number: Int) -> ReconciliationFinding {
        let list = page.member("Jobs")?.member("List")
        guard case .array(let jobs)? = list else { return conclusion() }
        let wanted = Set(referenceIds)
        for job in jobs {
            if let reference = job.member("ReferenceId")?.lenientString, wanted.contains(reference),
               let jobId = job.member("JobId")?.lenientString {
                found[reference] = jobId
            }
        }
        let total = page.member("Jobs")?.member("TotalCount")?.lenientInt64 ?? 0
        if found.count < referenceIds.count, jobs.count == Int(Self.pageSize), Int64(number) * Self.pageSize < total {
            return .nextPage
        }
        return conclusion()
    }

    private func conclusion() -> ReconciliationFinding {
        if found.isEmpty { return .notFound }
        guard found.count == referenceIds.count else {
            return .partial("\(found.count) of its \(referenceIds.count) jobs are in job group \(jobGroupId)")
        }
        let jobIds = referenceIds.compactMap { found[$0] }
        return .found(.object([.init("JobGroupId", .string(jobGroupId)), .init("JobsId", .array(jobIds.map(JSONValue.string)))]),
                      summary: "\(jobIds.count) job\(jobIds.count == 1 ? "" : "s") by reference id in job group \(jobGroupId)")
    }
}
