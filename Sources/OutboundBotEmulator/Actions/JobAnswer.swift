/// The `Job` objects of the answers, in the official SDK's key spelling and
/// nesting: ListJobs' `Jobs[]`, QueryJobs' and ListJobsByGroup's `Jobs.List[]`,
/// DescribeJob's `Job`.
extension Job {
    enum AnswerShape {
        /// ListJobsResponseBodyJobs.
        case listed
        /// QueryJobsResponseBodyJobsList (with TagHits).
        case queried
        /// ListJobsByGroupResponseBodyJobsList (no Tasks).
        case byGroup
        /// DescribeJobResponseBodyJob (with InstanceId and CalledNumber).
        case described
    }

    func responseValue(_ shape: AnswerShape) -> ResponseValue {
        var fields: [(String, ResponseValue)] = [
            ("JobId", .string(jobId)),
            ("JobGroupId", .string(jobGroupId)),
            ("ReferenceId", .string(referenceId)),
            ("Status", .string(status.rawValue)),
            ("Priority", .int(0)),
            ("SystemPriority", .int(0)),
            ("ScenarioId", .string(scenarioId)),
            ("StrategyId", .string(strategyId)),
            ("FailureReason", .string("")),
            ("CallingNumbers", .array(callingNumbers.map(ResponseValue.string))),
            ("Contacts", .array(contacts.map(contactValue))),
            ("Extras", .array(extras.map { .fields([("Key", .string($0.key)), ("Value", .string($0.value))]) })),
            ("Summary", .array([])),
        ]
        if shape != .byGroup {
            fields.append(("Tasks", .array(tasks.map(taskValue))))
        }
        switch shape {
        case .queried: fields.append(("TagHits", .array([])))
        case .described:
            fields += [("InstanceId", .string(instanceId)), ("CalledNumber", .string(calledNumber))]
        case .listed, .byGroup: break
        }
        return .fields(fields)
    }

    private func contactValue(_ contact: Contact) -> ResponseValue {
        .fields([
            ("ContactId", .string(contact.contactId)),
            ("ContactName", .string(contact.contactName)),
            ("Honorific", .string(contact.honorific)),
            ("JobId", .string(jobId)),
            ("PhoneNumber", .string(contact.phoneNumber)),
            ("ReferenceId", .string(contact.referenceId)),
            ("Role", .string(contact.role)),
            ("State", .string("Available")),
        ])
    }

    /// A call attempt; its status follows the job's.
    private func taskValue(_ task: CallTask) -> ResponseValue {
        var fields: [(String, ResponseValue)] = [
            ("TaskId", .string(task.taskId)),
            ("JobId", .string(jobId)),
            ("CallId", .string(task.callId)),
            ("CalledNumber", .string(task.calledNumber)),
            ("CallingNumber", .string(task.callingNumber)),
            ("PlanedTime", .int(task.planedTime)),
            ("ActualTime", .int(task.planedTime)),
            ("Duration", .int(0)),
            ("Status", .string(status.rawValue)),
            ("ScenarioId", .string(scenarioId)),
            ("Conversation", .array([])),
        ]
        if let contact = contacts.first { fields.append(("Contact", contactValue(contact))) }
        return .fields(fields)
    }
}
