/// One outbound-call job: who to call (its contacts), in which job group, and
/// where it is in its life.
struct Job: Codable, Sendable, Equatable {
    /// Scheduling: assigned, waiting to be dialled. Executing: started.
    /// Paused: suspended. Cancelled: final.
    enum Status: String, Codable, Sendable, CaseIterable {
        case scheduling = "Scheduling"
        case executing = "Executing"
        case paused = "Paused"
        case cancelled = "Cancelled"
    }

    struct Contact: Codable, Sendable, Equatable {
        var contactId: String
        var contactName: String
        var honorific: String
        var phoneNumber: String
        var referenceId: String
        var role: String
    }

    struct Extra: Codable, Sendable, Equatable {
        var key: String
        var value: String
    }

    /// One call attempt, made when the job starts.
    struct CallTask: Codable, Sendable, Equatable {
        var taskId: String
        var callId: String
        var calledNumber: String
        var callingNumber: String
        /// Milliseconds since 1970.
        var planedTime: Int64
    }

    var jobId: String
    var instanceId: String
    /// Empty for a job StartJob made outside any group.
    var jobGroupId: String
    var referenceId: String
    var status: Status
    var callingNumbers: [String]
    var contacts: [Contact]
    var extras: [Extra]
    var scenarioId: String
    var strategyId: String
    var tasks: [CallTask]
    /// Milliseconds since 1970.
    var creationTime: Int64
    /// Creation order; lists are sorted by it.
    var sequence: Int64

    enum CodingKeys: String, CodingKey {
        case jobId = "JobId"
        case instanceId = "InstanceId"
        case jobGroupId = "JobGroupId"
        case referenceId = "ReferenceId"
        case status = "Status"
        case callingNumbers = "CallingNumbers"
        case contacts = "Contacts"
        case extras = "Extras"
        case scenarioId = "ScenarioId"
        case strategyId = "StrategyId"
        case tasks = "Tasks"
        case creationTime = "CreationTime"
        case sequence = "Sequence"
    }

    /// The number a call dials: the first contact's.
    var calledNumber: String { contacts.first?.phoneNumber ?? "" }

    /// True for a job that can still be dialled, paused or cancelled.
    var isOpen: Bool { status != .cancelled }
}
