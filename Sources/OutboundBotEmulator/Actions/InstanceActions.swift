/// The instance actions of OutboundBot 2019-12-26, with the official SDK's
/// parameter names and answer keys. Each returns the fields that follow the
/// common ones (RequestId, Code, Message, HttpStatusCode, Success).
enum InstanceActions {
    static let version = "2019-12-26"
    static let names: Set<String> = ["CreateInstance", "DescribeInstance", "ListInstances", "ModifyInstance", "DeleteInstance"]
    static let maxNameLength = 256

    static func perform(_ action: String, parameters: [String: String], store: InstanceStore,
                        nowMilliseconds: Int64) throws(GatewayError) -> [ResponseValue.Field] {
        let reader = ParameterReader(parameters: parameters)
        switch action {
        case "CreateInstance":
            return try create(reader, store: store, nowMilliseconds: nowMilliseconds)
        case "DescribeInstance":
            let instance = try store.describe(try reader.required("InstanceId"))
            return [.init("Instance", instance.responseValue)]
        case "ListInstances":
            return try list(reader, store: store)
        case "ModifyInstance":
            return try modify(reader, store: store)
        case "DeleteInstance":
            try store.delete(try reader.required("InstanceId"))
            return []
        default:
            throw .invalidActionNotFound
        }
    }

    private static func create(_ reader: ParameterReader, store: InstanceStore,
                               nowMilliseconds: Int64) throws(GatewayError) -> [ResponseValue.Field] {
        let name = try reader.required("InstanceName")
        guard let concurrency = try reader.positiveInt32("MaxConcurrentConversation", required: true) else {
            throw .missing("MaxConcurrentConversation")
        }
        try checkName(name)
        let nluServiceType = reader.optional("NluServiceType").flatMap { $0.isEmpty ? nil : $0 }
            ?? Instance.defaultNluServiceType
        guard Instance.nluServiceTypes.contains(nluServiceType) else {
            throw .invalidParameter("NluServiceType", "must be one of Managed, Authorized, Provided, DialogStudio.")
        }
        let resourceGroupId = reader.optional("ResourceGroupId").flatMap { $0.isEmpty ? nil : $0 }
            ?? Instance.defaultResourceGroupId
        let instance = try store.create(
            .init(name: name, description: reader.optional("InstanceDescription") ?? "",
                  maxConcurrentConversation: concurrency, nluServiceType: nluServiceType,
                  resourceGroupId: resourceGroupId, callingNumbers: try reader.repeatList("CallingNumber") ?? []),
            nowMilliseconds: nowMilliseconds)
        return [.init("Instance", instance.responseValue)]
    }

    private static func list(_ reader: ParameterReader, store: InstanceStore) throws(GatewayError) -> [ResponseValue.Field] {
        let pageNumber = try reader.page("PageNumber", fallback: 1)
        let pageSize = try reader.page("PageSize", fallback: 10)
        let (total, page) = store.list(
            nameFilter: reader.optional("Name").flatMap { $0.isEmpty ? nil : $0 },
            resourceGroupId: reader.optional("ResourceGroupId").flatMap { $0.isEmpty ? nil : $0 },
            pageNumber: pageNumber, pageSize: pageSize)
        return [
            .init("PageNumber", .int(pageNumber)),
            .init("PageSize", .int(pageSize)),
            .init("TotalCount", .int(total)),
            .init("Instances", .array(page.map(\.responseValue))),
        ]
    }

    private static func modify(_ reader: ParameterReader, store: InstanceStore) throws(GatewayError) -> [ResponseValue.Field] {
        let instanceId = try reader.required("InstanceId")
        let name = reader.optional("InstanceName")
        if let name {
            guard !name.isEmpty else { throw .invalidParameter("InstanceName", "must not be empty.") }
            try checkName(name)
        }
        let change = InstanceStore.Modification(
            name: name, description: reader.optional("InstanceDescription"),
            maxConcurrentConversation: try reader.positiveInt32("MaxConcurrentConversation", required: false),
            callingNumbers: try reader.repeatList("CallingNumber"))
        let instance = try store.modify(instanceId, change)
        return [.init("Instance", instance.responseValue)]
    }

    private static func checkName(_ name: String) throws(GatewayError) {
        guard name.count <= maxNameLength else {
            throw .invalidParameter("InstanceName", "must be at most \(maxNameLength) characters.")
        }
    }
}
