/// The session tokens of the instance metadata service (IMDSv2): issued by
/// `PUT /latest/api/token` for a TTL, required by every credentials read.
final class MetadataTokens: Sendable {
    private struct State {
        var expiries: [String: Int64] = [:]
        var issuesSinceSweep = 0
    }

    private let state = Locked(State())
    /// Sweeping every so many issues keeps memory bounded without a timer.
    private static let sweepInterval = 256

    /// A new token valid for `ttlSeconds` (the caller checked 1…21600).
    func issue(ttlSeconds: Int, nowMilliseconds now: Int64) -> String {
        let token = RandomText.make(44)
        let milliseconds = Int64(min(max(ttlSeconds, InstanceMetadata.ttlRange.lowerBound), InstanceMetadata.ttlRange.upperBound)) * 1000
        let (expiry, overflow) = now.addingReportingOverflow(milliseconds)
        state.withLock { state in
            state.expiries[token] = overflow ? .max : expiry
            state.issuesSinceSweep += 1
            if state.issuesSinceSweep >= Self.sweepInterval {
                state.issuesSinceSweep = 0
                state.expiries = state.expiries.filter { $0.value >= now }
            }
        }
        return token
    }

    /// True for a token this service issued whose TTL has not run out.
    func isValid(_ token: String, nowMilliseconds now: Int64) -> Bool {
        state.withLock { state in
            guard let expiry = state.expiries[token] else { return false }
            if now > expiry {
                state.expiries[token] = nil
                return false
            }
            return true
        }
    }
}
