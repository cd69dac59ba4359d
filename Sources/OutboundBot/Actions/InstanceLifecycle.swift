/// Typed conveniences for the rest of an instance's life: describe, list,
/// modify and delete. Each is a thin layer over the one call path; the
/// catalogue checks their parameters like any other request's.

/// An answer whose `Instance` member, if any, is read as an `Instance`.
public struct InstancePayload: ResponsePayload {
    public var instance: Instance?

    public init(_ fields: LenientFields) {
        instance = fields.object("Instance").map(Instance.init)
    }
}

/// DescribeInstance: one instance by id.
public struct DescribeInstanceRequest: OutboundBotAction {
    public static let name = "DescribeInstance"
    public var instanceId: String

    public init(instanceId: String) { self.instanceId = instanceId }

    public var request: OutboundBotRequest {
        OutboundBotRequest(action: Self.name, parameters: [.init("InstanceId", .string(instanceId))])
    }

    public static func output(from answer: ServiceAnswer<InstancePayload>) -> TypedResponse<Instance?> {
        TypedResponse(response: answer.response, value: answer.payload.instance)
    }
}

/// ModifyInstance: new name, description, concurrency or calling numbers.
public struct ModifyInstanceRequest: OutboundBotAction {
    public static let name = "ModifyInstance"
    public var instanceId: String
    /// Required by the service: 1...Int32.max.
    public var maxConcurrentConversation: Int64
    public var instanceName: String?
    public var instanceDescription: String?
    /// nil leaves the numbers as they are.
    public var callingNumbers: [String]?

    public init(instanceId: String, maxConcurrentConversation: Int64, instanceName: String? = nil,
                instanceDescription: String? = nil, callingNumbers: [String]? = nil) {
        self.instanceId = instanceId
        self.maxConcurrentConversation = maxConcurrentConversation
        self.instanceName = instanceName
        self.instanceDescription = instanceDescription
        self.callingNumbers = callingNumbers
    }

    public func validate() throws(OutboundBotError) {
        guard (1...Int64(Int32.max)).contains(maxConcurrentConversation) else {
            throw .invalidArgument(field: "max_concurrent_conversation", "must be in 1...\(Int32.max), got \(maxConcurrentConversation)")
        }
        if let instanceName, instanceName.count > CreateInstanceRequest.maxInstanceNameLength {
            throw .invalidArgument(field: "instance_name", "must be at most \(CreateInstanceRequest.maxInstanceNameLength) characters, got \(instanceName.count)")
        }
    }

    public var request: OutboundBotRequest {
        var request = OutboundBotRequest(action: Self.name, parameters: [
            .init("InstanceId", .string(instanceId)),
            .init("MaxConcurrentConversation", .integer(maxConcurrentConversation)),
        ])
        if let instanceName { request.set("InstanceName", .string(instanceName)) }
        if let instanceDescription { request.set("InstanceDescription", .string(instanceDescription)) }
        if let callingNumbers { request.set("CallingNumber", .array(callingNumbers.map(JSONValue.string))) }
        return request
    }

    public static func output(from answer: ServiceAnswer<InstancePayload>) -> TypedResponse<Instance?> {
        TypedResponse(response: answer.response, value: answer.payload.instance)
    }
}

/// DeleteInstance: remove an instance by id.
public struct DeleteInstanceRequest: OutboundBotAction {
    public static let name = "DeleteInstance"
    public var instanceId: String

    public init(instanceId: String) { self.instanceId = instanceId }

    public var request: OutboundBotRequest {
        OutboundBotRequest(action: Self.name, parameters: [.init("InstanceId", .string(instanceId))])
    }

    public static func output(from answer: ServiceAnswer<NoPayload>) -> OutboundBotResponse {
        answer.response
    }
}

/// ListInstances: one page of instances. Walk every page with `Pager`.
public struct ListInstancesRequest: OutboundBotAction {
    public static let name = "ListInstances"
    /// 1-based; 0 leaves it to the service (page 1).
    public var pageNumber: Int32
    /// 0 leaves it to the service.
    public var pageSize: Int32
    /// Only instances whose name contains this, when set.
    public var name: String?
    public var resourceGroupId: String?

    public init(pageNumber: Int32 = 0, pageSize: Int32 = 0, name: String? = nil, resourceGroupId: String? = nil) {
        self.pageNumber = pageNumber
        self.pageSize = pageSize
        self.name = name
        self.resourceGroupId = resourceGroupId
    }

    public func validate() throws(OutboundBotError) {
        guard pageNumber >= 0 else { throw .invalidArgument(field: "page_number", "must not be negative, got \(pageNumber)") }
        guard pageSize >= 0 else { throw .invalidArgument(field: "page_size", "must not be negative, got \(pageSize)") }
    }

    public var request: OutboundBotRequest {
        var request = OutboundBotRequest(action: Self.name)
        if pageNumber > 0 { request.set("PageNumber", .integer(Int64(pageNumber))) }
        if pageSize > 0 { request.set("PageSize", .integer(Int64(pageSize))) }
        if let name { request.set("Name", .string(name)) }
        if let resourceGroupId { request.set("ResourceGroupId", .string(resourceGroupId)) }
        return request
    }

    /// One page: its instances and where it sits in the whole list.
    public struct Page: Sendable {
        public var instances: [Instance]
        /// 0 when the answer did not say.
        public var totalCount: Int64
        public var pageNumber: Int64
        public var pageSize: Int64
    }

    public struct Payload: ResponsePayload {
        public var page: Page

        public init(_ fields: LenientFields) {
            page = Page(instances: fields.objects("Instances").map(Instance.init),
                        totalCount: fields.int64("TotalCount") ?? 0,
                        pageNumber: fields.int64("PageNumber") ?? 0,
                        pageSize: fields.int64("PageSize") ?? 0)
        }
    }

    public static func output(from answer: ServiceAnswer<Payload>) -> TypedResponse<Page> {
        TypedResponse(response: answer.response, value: answer.payload.page)
    }
}
