/// Cancels the calls that carry it, from any thread. Once cancelled it stays
/// cancelled. Calls observe it: a blocking wait is woken at once, a transfer
/// is aborted at libcurl's next progress check, an asynchronous call is
/// completed by its I/O thread.
public final class CancellationToken: Sendable {
    private struct State {
        var cancelled = false
        var nextId: UInt64 = 0
        var observers: [UInt64: @Sendable () -> Void] = [:]
    }

    private let state = Locked(State())

    public init() {}

    public var isCancelled: Bool { state.withLock { $0.cancelled } }

    /// Cancels; returns whether any call was observing (in flight).
    @discardableResult
    public func cancel() -> Bool {
        let observers = state.withLock { state -> [@Sendable () -> Void] in
            state.cancelled = true
            defer { state.observers = [:] }
            return Array(state.observers.values)
        }
        // Outside the lock: an observer may take its own locks.
        for observer in observers { observer() }
        return !observers.isEmpty
    }

    /// Runs `observer` once on cancellation; nil (and nothing registered)
    /// when already cancelled. Stop with `stopObserving`.
    func observe(_ observer: @escaping @Sendable () -> Void) -> UInt64? {
        state.withLock { state in
            guard !state.cancelled else { return nil }
            state.nextId += 1
            state.observers[state.nextId] = observer
            return state.nextId
        }
    }

    func stopObserving(_ id: UInt64?) {
        guard let id else { return }
        _ = state.withLock { $0.observers.removeValue(forKey: id) }
    }
}
