import struct Foundation.UUID

/// All instances of the emulator's one account: a plain value that
/// `StateStore` keeps behind its lock, so every check-and-change (name
/// uniqueness, the concurrency quota) happens inside one critical section and,
/// of two concurrent creates of one name, exactly one wins.
///
/// Every mutating function checks first and changes only once nothing can fail.
struct InstanceTable: Sendable {
    private(set) var byId: [String: Instance] = [:]
    /// InstanceName to InstanceId: names are unique account-wide.
    private var idsByName: [String: String] = [:]
    private(set) var creationCounter: Int64 = 0
    private var totalConcurrency = 0

    struct CreateRequest: Sendable {
        var name: String
        var description: String
        var maxConcurrentConversation: Int
        var nluServiceType: String
        var resourceGroupId: String
        var callingNumbers: [String]
    }

    struct Modification: Sendable {
        var name: String?
        var description: String?
        var maxConcurrentConversation: Int?
        var callingNumbers: [String]?
    }

    init() {}

    /// The table a state file describes.
    init(instances: [Instance], creationCounter: Int64) {
        self.creationCounter = creationCounter
        for instance in instances {
            byId[instance.instanceId] = instance
            idsByName[instance.instanceName] = instance.instanceId
            totalConcurrency += instance.maxConcurrentConversation
            self.creationCounter = max(self.creationCounter, instance.sequence)
        }
    }

    /// Every instance, in creation order.
    var all: [Instance] {
        byId.values.sorted { $0.sequence < $1.sequence }
    }

    mutating func create(_ request: CreateRequest, quota: Int, nowMilliseconds: Int64) throws(GatewayError) -> Instance {
        guard idsByName[request.name] == nil else { throw .instanceNameDuplicated }
        guard totalConcurrency + request.maxConcurrentConversation <= quota else { throw .concurrencyLimitExceeded }
        creationCounter += 1
        let instance = Instance(
            instanceId: UUID().uuidString.lowercased(), instanceName: request.name,
            instanceDescription: request.description, creationTime: nowMilliseconds,
            creatorId: Instance.accountId, creatorName: Instance.creatorName, ownerName: Instance.accountName,
            resourceGroupId: request.resourceGroupId, maxConcurrentConversation: request.maxConcurrentConversation,
            nluServiceType: request.nluServiceType, callingNumbers: request.callingNumbers,
            sequence: creationCounter)
        byId[instance.instanceId] = instance
        idsByName[instance.instanceName] = instance.instanceId
        totalConcurrency += instance.maxConcurrentConversation
        return instance
    }

    func describe(_ instanceId: String) throws(GatewayError) -> Instance {
        guard let instance = byId[instanceId] else { throw .instanceNotFound }
        return instance
    }

    /// Instances whose name contains `nameFilter` (and in `resourceGroupId`, when given),
    /// in creation order: the total, and the requested page.
    func list(nameFilter: String?, resourceGroupId: String?, pageNumber: Int, pageSize: Int) -> (total: Int, page: [Instance]) {
        let matching = byId.values
            .filter { nameFilter.map($0.instanceName.contains) ?? true }
            .filter { resourceGroupId == nil || $0.resourceGroupId == resourceGroupId }
            .sorted { $0.sequence < $1.sequence }
        return (matching.count, Paging.page(matching, number: pageNumber, size: pageSize))
    }

    mutating func modify(_ instanceId: String, _ change: Modification, quota: Int) throws(GatewayError) -> Instance {
        guard var instance = byId[instanceId] else { throw .instanceNotFound }
        if let name = change.name, let owner = idsByName[name], owner != instanceId {
            throw .instanceNameDuplicated
        }
        if let concurrency = change.maxConcurrentConversation,
           totalConcurrency - instance.maxConcurrentConversation + concurrency > quota {
            throw .concurrencyLimitExceeded
        }
        if let name = change.name {
            idsByName[instance.instanceName] = nil
            idsByName[name] = instanceId
            instance.instanceName = name
        }
        if let description = change.description { instance.instanceDescription = description }
        if let concurrency = change.maxConcurrentConversation {
            totalConcurrency += concurrency - instance.maxConcurrentConversation
            instance.maxConcurrentConversation = concurrency
        }
        if let numbers = change.callingNumbers { instance.callingNumbers = numbers }
        byId[instanceId] = instance
        return instance
    }

    mutating func delete(_ instanceId: String) throws(GatewayError) {
        guard let instance = byId.removeValue(forKey: instanceId) else { throw .instanceNotFound }
        idsByName[instance.instanceName] = nil
        totalConcurrency -= instance.maxConcurrentConversation
    }
}
