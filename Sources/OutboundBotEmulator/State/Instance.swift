/// One outbound-call instance, as the emulator keeps and persists it.
struct Instance: Codable, Sendable, Equatable {
    var instanceId: String
    var instanceName: String
    var instanceDescription: String
    /// Milliseconds since 1970.
    var creationTime: Int64
    var creatorId: Int64
    var creatorName: String
    var ownerName: String
    var resourceGroupId: String
    var maxConcurrentConversation: Int
    var nluServiceType: String
    var callingNumbers: [String]
    /// Creation order; lists are sorted by it.
    var sequence: Int64

    // The state file uses the API's own spelling, so it reads like an answer.
    enum CodingKeys: String, CodingKey {
        case instanceId = "InstanceId"
        case instanceName = "InstanceName"
        case instanceDescription = "InstanceDescription"
        case creationTime = "CreationTime"
        case creatorId = "CreatorId"
        case creatorName = "CreatorName"
        case ownerName = "OwnerName"
        case resourceGroupId = "ResourceGroupId"
        case maxConcurrentConversation = "MaxConcurrentConversation"
        case nluServiceType = "NluServiceType"
        case callingNumbers = "CallingNumbers"
        case sequence = "Sequence"
    }

    /// The emulator's one account; every key belongs to it.
    static let accountId: Int64 = 1_234_567_890_123_456
    static let accountName = "emulator-account"
    static let creatorName = "emulator-user"
    static let defaultResourceGroupId = "rg-emulator-default"
    static let defaultNluServiceType = "Managed"
    static let nluServiceTypes: Set<String> = ["Managed", "Authorized", "Provided", "DialogStudio"]

    /// The `Instance` object of the answers, in the official SDK's key spelling.
    var responseValue: ResponseValue {
        .fields([
            ("InstanceId", .string(instanceId)),
            ("InstanceName", .string(instanceName)),
            ("InstanceDescription", .string(instanceDescription)),
            ("CreationTime", .int(creationTime)),
            ("CreatorId", .int(creatorId)),
            ("CreatorName", .string(creatorName)),
            ("OwnerName", .string(ownerName)),
            ("ResourceGroupId", .string(resourceGroupId)),
            ("MaxConcurrentConversation", .int(maxConcurrentConversation)),
            ("NluServiceType", .string(nluServiceType)),
            ("CallingNumbers", .array(callingNumbers.map(ResponseValue.string))),
            ("IsPreset", .bool(false)),
            ("ResourceTags", .array([])),
        ])
    }
}
