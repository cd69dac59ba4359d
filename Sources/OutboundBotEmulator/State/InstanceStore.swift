import Foundation
import Synchronization

/// All instances of the emulator's one account, behind one lock.
///
/// Every check-and-change (name uniqueness, the concurrency quota) happens
/// inside a single critical section, so of two concurrent creates of one name
/// exactly one wins. After a change the new state is written to the state file
/// outside the lock; generations keep a slow writer from overwriting newer data.
final class InstanceStore: Sendable {
    private struct State {
        var instances: [String: Instance] = [:]
        /// InstanceName to InstanceId: names are unique account-wide.
        var idsByName: [String: String] = [:]
        var creationCounter: Int64 = 0
        var totalConcurrency = 0
        var generation: UInt64 = 0

        /// Built only when there is a state file to write: sorting every instance costs.
        func snapshot(if wanted: Bool) -> StateSnapshot? {
            wanted ? snapshot : nil
        }

        var snapshot: StateSnapshot {
            StateSnapshot(creationCounter: creationCounter,
                          instances: instances.values.sorted { $0.sequence < $1.sequence })
        }

        mutating func load(_ snapshot: StateSnapshot) {
            self = State()
            creationCounter = snapshot.creationCounter
            for instance in snapshot.instances {
                instances[instance.instanceId] = instance
                idsByName[instance.instanceName] = instance.instanceId
                totalConcurrency += instance.maxConcurrentConversation
                creationCounter = max(creationCounter, instance.sequence)
            }
        }
    }

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

    private let state = Mutex(State())
    private let stateFile: StateFile?
    private var persistent: Bool { stateFile != nil }
    let concurrencyQuota: Int

    init(concurrencyQuota: Int, stateFile: StateFile?) throws {
        self.concurrencyQuota = concurrencyQuota
        self.stateFile = stateFile
        if let snapshot = try stateFile?.load() {
            state.withLock { $0.load(snapshot) }
        }
    }

    func create(_ request: CreateRequest, nowMilliseconds: Int64) throws(GatewayError) -> Instance {
        let result: Result<(Instance, StateSnapshot?, UInt64), GatewayError> = state.withLock { state in
            guard state.idsByName[request.name] == nil else { return .failure(.instanceNameDuplicated) }
            guard state.totalConcurrency + request.maxConcurrentConversation <= concurrencyQuota else {
                return .failure(.concurrencyLimitExceeded)
            }
            state.creationCounter += 1
            let instance = Instance(
                instanceId: UUID().uuidString.lowercased(), instanceName: request.name,
                instanceDescription: request.description, creationTime: nowMilliseconds,
                creatorId: Instance.accountId, creatorName: Instance.creatorName, ownerName: Instance.accountName,
                resourceGroupId: request.resourceGroupId, maxConcurrentConversation: request.maxConcurrentConversation,
                nluServiceType: request.nluServiceType, callingNumbers: request.callingNumbers,
                sequence: state.creationCounter)
            state.instances[instance.instanceId] = instance
            state.idsByName[instance.instanceName] = instance.instanceId
            state.totalConcurrency += instance.maxConcurrentConversation
            state.generation += 1
            return .success((instance, state.snapshot(if: persistent), state.generation))
        }
        let (instance, snapshot, generation) = try result.get()
        persist(snapshot, generation: generation)
        return instance
    }

    func describe(_ instanceId: String) throws(GatewayError) -> Instance {
        guard let instance = state.withLock({ $0.instances[instanceId] }) else { throw .instanceNotFound }
        return instance
    }

    /// Instances whose name contains `nameFilter` (and in `resourceGroupId`, when given),
    /// in creation order: the total, and the requested page.
    func list(nameFilter: String?, resourceGroupId: String?, pageNumber: Int, pageSize: Int) -> (total: Int, page: [Instance]) {
        let all = state.withLock { Array($0.instances.values) }
        let matching = all
            .filter { nameFilter.map($0.instanceName.contains) ?? true }
            .filter { resourceGroupId == nil || $0.resourceGroupId == resourceGroupId }
            .sorted { $0.sequence < $1.sequence }
        let (start, overflow) = (pageNumber - 1).multipliedReportingOverflow(by: pageSize)
        guard !overflow, start < matching.count else { return (matching.count, []) }
        return (matching.count, Array(matching[start..<min(matching.count, start + pageSize)]))
    }

    func modify(_ instanceId: String, _ change: Modification) throws(GatewayError) -> Instance {
        let result: Result<(Instance, StateSnapshot?, UInt64), GatewayError> = state.withLock { state in
            guard var instance = state.instances[instanceId] else { return .failure(.instanceNotFound) }
            if let name = change.name, let owner = state.idsByName[name], owner != instanceId {
                return .failure(.instanceNameDuplicated)
            }
            if let concurrency = change.maxConcurrentConversation,
               state.totalConcurrency - instance.maxConcurrentConversation + concurrency > concurrencyQuota {
                return .failure(.concurrencyLimitExceeded)
            }
            if let name = change.name {
                state.idsByName[instance.instanceName] = nil
                state.idsByName[name] = instanceId
                instance.instanceName = name
            }
            if let description = change.description { instance.instanceDescription = description }
            if let concurrency = change.maxConcurrentConversation {
                state.totalConcurrency += concurrency - instance.maxConcurrentConversation
                instance.maxConcurrentConversation = concurrency
            }
            if let numbers = change.callingNumbers { instance.callingNumbers = numbers }
            state.instances[instanceId] = instance
            state.generation += 1
            return .success((instance, state.snapshot(if: persistent), state.generation))
        }
        let (instance, snapshot, generation) = try result.get()
        persist(snapshot, generation: generation)
        return instance
    }

    func delete(_ instanceId: String) throws(GatewayError) {
        let result: Result<(StateSnapshot?, UInt64), GatewayError> = state.withLock { state in
            guard let instance = state.instances.removeValue(forKey: instanceId) else {
                return .failure(.instanceNotFound)
            }
            state.idsByName[instance.instanceName] = nil
            state.totalConcurrency -= instance.maxConcurrentConversation
            state.generation += 1
            return .success((state.snapshot(if: persistent), state.generation))
        }
        let (snapshot, generation) = try result.get()
        persist(snapshot, generation: generation)
    }

    /// Every instance, in creation order.
    func all() -> [Instance] {
        state.withLock { $0.snapshot.instances }
    }

    /// Forgets every instance and restarts the creation counter.
    func reset() {
        let (snapshot, generation) = state.withLock { state in
            let generation = state.generation + 1
            state = State()
            state.generation = generation
            return (state.snapshot, generation)
        }
        persist(snapshot, generation: generation)
    }

    /// Writes the current state (used on shutdown).
    func save() {
        let (snapshot, generation) = state.withLock { ($0.snapshot, $0.generation) }
        persist(snapshot, generation: generation)
    }

    private func persist(_ snapshot: StateSnapshot?, generation: UInt64) {
        guard let stateFile, let snapshot else { return }
        do {
            try stateFile.write(snapshot, generation: generation)
        } catch {
            // The change stands in memory; the next successful write carries it.
            Diagnostics.log("could not write state file \(stateFile.path): \(error)")
        }
    }
}
