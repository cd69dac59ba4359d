/// A job group (a campaign): its settings, as CreateJobGroup took them, and
/// its status. The jobs themselves are in `JobTable`.
struct JobGroup: Codable, Sendable, Equatable {
    /// Draft until jobs are assigned, Scheduling while they wait, Executing once started.
    enum Status: String, Codable, Sendable {
        case draft = "Draft"
        case scheduling = "Scheduling"
        case executing = "Executing"
    }

    var jobGroupId: String
    var instanceId: String
    var jobGroupName: String
    var jobGroupDescription: String
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
    var status: Status
    /// Milliseconds since 1970.
    var creationTime: Int64
    /// Creation order; lists are sorted by it.
    var sequence: Int64

    enum CodingKeys: String, CodingKey {
        case jobGroupId = "JobGroupId"
        case instanceId = "InstanceId"
        case jobGroupName = "JobGroupName"
        case jobGroupDescription = "JobGroupDescription"
        case scriptId = "ScriptId"
        case scenarioId = "ScenarioId"
        case callingNumbers = "CallingNumbers"
        case recallCallingNumbers = "RecallCallingNumbers"
        case priority = "Priority"
        case minConcurrency = "MinConcurrency"
        case ringingDuration = "RingingDuration"
        case strategy = "Strategy"
        case recallStrategy = "RecallStrategy"
        case flashSmsExtras = "FlashSmsExtras"
        case status = "Status"
        case creationTime = "CreationTime"
        case sequence = "Sequence"
    }

    static let defaultPriority = "Daily"
    static let defaultRingingDuration = 25
}

/// StrategyJson, as far as the answers show it.
struct JobStrategy: Codable, Sendable, Equatable {
    var strategyId: String
    var strategyName: String = ""
    var startTime: Int64 = 0
    var endTime: Int64 = 0
    var repeatBy: String = "Once"
    var repeatDays: [String] = []
    var repeatable: Bool = false
    var maxAttemptsPerDay: Int = 0
    var minAttemptInterval: Int = 0
    var routingStrategy: String = "None"
    var workingTime: [WorkingTime] = []

    struct WorkingTime: Codable, Sendable, Equatable {
        var beginTime: String
        var endTime: String
    }
}

/// RecallStrategyJson.
struct RecallStrategy: Codable, Sendable, Equatable {
    var emptyNumberIgnore = false
    var inArrearsIgnore = false
    var outOfServiceIgnore = false
}

/// FlashSmsExtras.
struct FlashSmsExtras: Codable, Sendable, Equatable {
    var configId = ""
    var templateId = ""
}
