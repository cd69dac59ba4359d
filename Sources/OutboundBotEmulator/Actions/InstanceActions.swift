/// The instance actions of OutboundBot 2019-12-26, with the official SDK's
/// parameter names and answer keys. Each returns the fields that follow the
/// common ones (RequestId, Code, Message, HttpStatusCode, Success).
enum InstanceActions {
    static let names: Set<String> = ["CreateInstance", "DescribeInstance", "ListInstances", "ModifyInstance", "DeleteInstance"]
    static let maxNameLength = 256

    static func perform(_ action: String, _ reader: ParameterReader, store: StateStore,
                        nowMilliseconds: Int64) throws(GatewayError) -> [ResponseValue.Field] {
        switch action {
        case "CreateInstance":
            return try create(reader, store: store, nowMilliseconds: nowMilliseconds)
        case "DescribeInstance":
            let instanceId = try reader.required("InstanceId")
            let instance = try store.read { state throws(GatewayError) in try state.instances.describe(instanceId) }
            return [.init("Instance", instance.responseValue)]
        case "ListInstances":
            return try list(reader, store: store)
        case "ModifyInstance":
            return try modify(reader, store: store)
        case "DeleteInstance":
            let instanceId = try reader.required("InstanceId")
            // The instance's job groups and jobs go with it.
            try store.change { state throws(GatewayError) in
                try state.instances.delete(instanceId)
                state.jobs.removeAll(of: instanceId)
            }
            return []
        default:
            throw .invalidActionNotFound
        }
    }

    private static func create(_ reader: ParameterReader, store: StateStore,
                               nowMilliseconds: Int64) throws(GatewayError) -> [ResponseValue.Field] {
        let name = try reader.required("InstanceName")
        guard let concurrency = try reader.positiveInt32("MaxConcurrentConversation", required: true) else {
            throw .missing("MaxConcurrentConversation")
        }
        try checkName(name)
        let nluServiceType = reader.nonEmpty("NluServiceType") ?? Instance.defaultNluServiceType
        guard Instance.nluServiceTypes.contains(nluServiceType) else {
            throw .invalidParameter("NluServiceType", "must be one of Managed, Authorized, Provided, DialogStudio.")
        }
        let request = InstanceTable.CreateRequest(
            name: name, description: reader.optional("InstanceDescription") ?? "",
            maxConcurrentConversation: concurrency, nluServiceType: nluServiceType,
            resourceGroupId: reader.nonEmpty("ResourceGroupId") ?? Instance.defaultResourceGroupId,
            callingNumbers: try reader.repeatList("CallingNumber") ?? [])
        let quota = store.concurrencyQuota
        let instance = try store.change { state throws(GatewayError) in
            try state.instances.create(request, quota: quota, nowMilliseconds: nowMilliseconds)
        }
        return [.init("Instance", instance.responseValue)]
    }

    private static func list(_ reader: ParameterReader, store: StateStore) throws(GatewayError) -> [ResponseValue.Field] {
        let pageNumber = try reader.page("PageNumber", fallback: 1)
        let pageSize = try reader.page("PageSize", fallback: 10)
        let nameFilter = reader.nonEmpty("Name")
        let resourceGroupId = reader.nonEmpty("ResourceGroupId")
        let (total, page) = try store.read { state throws(GatewayError) in
            state.instances.list(nameFilter: nameFilter, resourceGroupId: resourceGroupId,
                                 pageNumber: pageNumber, pageSize: pageSize)
        }
        return [
            .init("PageNumber", .int(pageNumber)),
            .init("PageSize", .int(pageSize)),
            .init("TotalCount", .int(total)),
            .init("Instances", .array(page.map(\.responseValue))),
        ]
    }

    private static func modify(_ reader: ParameterReader, store: StateStore) throws(GatewayError) -> [ResponseValue.Field] {
        let instanceId = try reader.required("InstanceId")
        let name = reader.optional("InstanceName")
        if let name {
            guard !name.isEmpty else { throw .invalidParameter("InstanceName", "must not be empty.") }
            try checkName(name)
        }
        let change = InstanceTable.Modification(
            name: name, description: reader.optional("InstanceDescription"),
            maxConcurrentConversation: try reader.positiveInt32("MaxConcurrentConversation", required: false),
            callingNumbers: try reader.repeatList("CallingNumber"))
        let quota = store.concurrencyQuota
        let instance = try store.change { state throws(GatewayError) in
            try state.instances.modify(instanceId, change, quota: quota)
        }
        return [.init("Instance", instance.responseValue)]
    }

    private static func checkName(_ name: String) throws(GatewayError) {
        guard name.count <= maxNameLength else {
            throw .invalidParameter("InstanceName", "must be at most \(maxNameLength) characters.")
        }
    }
}
