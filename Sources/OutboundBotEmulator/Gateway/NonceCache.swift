/// Remembers nonces for as long as a request carrying them could still pass
/// the clock check, so a replay inside that window is caught.
final class NonceCache: Sendable {
    private struct State {
        var expiries: [String: Int64] = [:]
        var insertsSinceSweep = 0
    }

    private let state = Locked(State())
    /// Sweeping every so many inserts keeps memory bounded without a timer.
    private static let sweepInterval = 4096

    /// Records `nonce` for `accessKeyId` until `expiry` (seconds since 1970).
    /// Returns false when it is already recorded and not yet expired.
    func insert(accessKeyId: String, nonce: String, expiry: Int64, now: Int64) -> Bool {
        let key = accessKeyId + "\n" + nonce
        return state.withLock { state in
            if let existing = state.expiries[key], existing >= now { return false }
            state.expiries[key] = expiry
            state.insertsSinceSweep += 1
            if state.insertsSinceSweep >= Self.sweepInterval {
                state.insertsSinceSweep = 0
                state.expiries = state.expiries.filter { $0.value >= now }
            }
            return true
        }
    }

    func removeAll() {
        state.withLock { $0 = State() }
    }
}
