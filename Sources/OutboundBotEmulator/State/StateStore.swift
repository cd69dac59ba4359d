/// The emulator's state behind one lock (a pthread mutex ThreadSanitizer can
/// see), and the state file that persists it.
///
/// `change` runs a check-and-change as one critical section, then writes the
/// new state to the state file outside the lock; generations keep a slow writer
/// from overwriting newer data.
final class StateStore: Sendable {
    private let state: Locked<EmulatorState>
    private let stateFile: StateFile?
    /// The account-wide ceiling on the sum of MaxConcurrentConversation.
    let concurrencyQuota: Int

    init(concurrencyQuota: Int, stateFile: StateFile?) throws {
        self.concurrencyQuota = concurrencyQuota
        self.stateFile = stateFile
        state = Locked(try stateFile?.load().map(EmulatorState.init) ?? EmulatorState())
    }

    /// Reads under the lock.
    func read<Result>(_ body: (EmulatorState) throws(GatewayError) -> Result) throws(GatewayError) -> Result {
        try state.withLock { (state: inout EmulatorState) throws(GatewayError) in try body(state) }
    }

    /// Changes under the lock, then persists. `body` must throw before it
    /// changes anything (the tables' functions all check first), so a failed
    /// call leaves the state as it was and writes nothing.
    func change<Result>(_ body: (inout EmulatorState) throws(GatewayError) -> Result) throws(GatewayError) -> Result {
        let persistent = stateFile != nil
        let (result, snapshot, generation) = try state.withLock {
            (state: inout EmulatorState) throws(GatewayError) -> (Result, StateSnapshot?, UInt64) in
            let result = try body(&state)
            state.generation += 1
            // Built only when there is a state file to write: sorting everything costs.
            return (result, persistent ? state.snapshot : nil, state.generation)
        }
        persist(snapshot, generation: generation)
        return result
    }

    /// Every instance, in creation order.
    func allInstances() -> [Instance] {
        state.withLock { $0.instances.all }
    }

    /// Forgets everything and restarts the counters.
    func reset() {
        let (snapshot, generation) = state.withLock { state in
            let generation = state.generation + 1
            state = EmulatorState()
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
