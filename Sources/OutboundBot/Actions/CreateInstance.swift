/// CreateInstance: create an outbound-call instance.
public struct CreateInstanceRequest: OutboundBotAction {
    public static let name = "CreateInstance"
    public static let maxInstanceNameLength = 256
    public static let maxCallingNumbers = 1000
    public static let nluServiceTypes = ["Managed", "Authorized", "Provided", "DialogStudio"]

    public var instanceName: String
    public var instanceDescription: String?
    /// 1...Int32.max. Wider than Int32 so out-of-range input is reported, not truncated.
    public var maxConcurrentConversation: Int64
    public var nluServiceType: String?
    public var resourceGroupId: String?
    public var callingNumbers: [String]

    public init(instanceName: String, instanceDescription: String? = nil, maxConcurrentConversation: Int64,
                nluServiceType: String? = nil, resourceGroupId: String? = nil, callingNumbers: [String] = []) {
        self.instanceName = instanceName
        self.instanceDescription = instanceDescription
        self.maxConcurrentConversation = maxConcurrentConversation
        self.nluServiceType = nluServiceType
        self.resourceGroupId = resourceGroupId
        self.callingNumbers = callingNumbers
    }

    public func validate() throws(OutboundBotError) {
        // Names, ids and numbers are single-line tokens; only the description is free text.
        try Validation.checkSingleLine(instanceName, field: "instance_name")
        try Validation.checkSingleLine(nluServiceType ?? "", field: "nlu_service_type")
        try Validation.checkSingleLine(resourceGroupId ?? "", field: "resource_group_id")
        for (index, number) in callingNumbers.enumerated() {
            try Validation.checkSingleLine(number, field: "calling_numbers[\(index)]")
        }
        if instanceName.isEmpty {
            throw .invalidArgument(field: "instance_name", "must not be empty")
        }
        if instanceName.count > Self.maxInstanceNameLength {
            throw .invalidArgument(field: "instance_name", "must be at most \(Self.maxInstanceNameLength) characters, got \(instanceName.count)")
        }
        guard (1...Int64(Int32.max)).contains(maxConcurrentConversation) else {
            throw .invalidArgument(field: "max_concurrent_conversation", "must be in 1...\(Int32.max), got \(maxConcurrentConversation)")
        }
        if let nluServiceType, !nluServiceType.isEmpty, !Self.nluServiceTypes.contains(nluServiceType) {
            throw .invalidArgument(field: "nlu_service_type", "must be one of \(Self.nluServiceTypes.joined(separator: ", "))")
        }
        if callingNumbers.count > Self.maxCallingNumbers {
            throw .invalidArgument(field: "calling_numbers", "at most \(Self.maxCallingNumbers) numbers, got \(callingNumbers.count)")
        }
        for (index, number) in callingNumbers.enumerated() where number.isEmpty {
            throw .invalidArgument(field: "calling_numbers[\(index)]", "must not be empty")
        }
    }

    public var request: OutboundBotRequest {
        var request = OutboundBotRequest(action: Self.name, parameters: [
            .init("InstanceName", .string(instanceName)),
            .init("MaxConcurrentConversation", .integer(maxConcurrentConversation)),
        ])
        if let instanceDescription { request.set("InstanceDescription", .string(instanceDescription)) }
        if let nluServiceType, !nluServiceType.isEmpty { request.set("NluServiceType", .string(nluServiceType)) }
        if let resourceGroupId, !resourceGroupId.isEmpty { request.set("ResourceGroupId", .string(resourceGroupId)) }
        if !callingNumbers.isEmpty { request.set("CallingNumber", .array(callingNumbers.map(JSONValue.string))) }
        return request
    }

    /// The `Instance` member of the answer, if any.
    public struct Payload: ResponsePayload {
        public var instance: Instance?

        public init(_ fields: LenientFields) {
            instance = fields.object("Instance").map(Instance.init)
        }
    }

    public static func output(from answer: ServiceAnswer<Payload>) -> CreateInstanceResponse {
        CreateInstanceResponse(requestId: answer.response.requestId, code: answer.response.code,
                               message: answer.response.message, httpStatus: answer.response.httpStatus,
                               instance: answer.payload.instance, body: answer.response.body,
                               attempts: answer.response.attempts, reconciled: answer.response.reconciled)
    }
}

/// An instance as the service describes it. Absent fields are "" or 0.
public struct Instance: Sendable, Equatable {
    public var instanceId: String
    public var instanceName: String
    public var instanceDescription: String
    /// Milliseconds since the Unix epoch.
    public var creationTime: Int64
    public var creatorId: Int64
    public var creatorName: String
    public var ownerName: String
    public var resourceGroupId: String
    public var maxConcurrentConversation: Int64

    /// An instance with every field absent.
    public static let empty = Instance(instanceId: "", instanceName: "", instanceDescription: "", creationTime: 0,
                                       creatorId: 0, creatorName: "", ownerName: "", resourceGroupId: "",
                                       maxConcurrentConversation: 0)

    public init(instanceId: String, instanceName: String, instanceDescription: String, creationTime: Int64,
                creatorId: Int64, creatorName: String, ownerName: String, resourceGroupId: String,
                maxConcurrentConversation: Int64) {
        self.instanceId = instanceId
        self.instanceName = instanceName
        self.instanceDescription = instanceDescription
        self.creationTime = creationTime
        self.creatorId = creatorId
        self.creatorName = creatorName
        self.ownerName = ownerName
        self.resourceGroupId = resourceGroupId
        self.maxConcurrentConversation = maxConcurrentConversation
    }

    public init(_ fields: LenientFields) {
        self.init(instanceId: fields.string("InstanceId") ?? "",
                  instanceName: fields.string("InstanceName") ?? "",
                  instanceDescription: fields.string("InstanceDescription") ?? "",
                  creationTime: fields.int64("CreationTime") ?? 0,
                  creatorId: fields.int64("CreatorId") ?? 0,
                  creatorName: fields.string("CreatorName") ?? "",
                  ownerName: fields.string("OwnerName") ?? "",
                  resourceGroupId: fields.string("ResourceGroupId") ?? "",
                  maxConcurrentConversation: fields.int64("MaxConcurrentConversation") ?? 0)
    }
}

/// A successful CreateInstance.
public struct CreateInstanceResponse: Sendable {
    public var requestId: String
    public var code: String
    public var message: String
    public var httpStatus: Int
    /// nil when the answer carried no `Instance` object.
    public var instance: Instance?
    /// The raw JSON body.
    public var body: [UInt8]
    /// HTTP attempts the call made.
    public var attempts: Int = 1
    /// Found by ListInstances after an ambiguous attempt (see `CallMachine`).
    public var reconciled = false
}
