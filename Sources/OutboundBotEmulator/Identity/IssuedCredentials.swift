/// One temporary credential the emulator handed out.
struct IssuedCredential: Sendable {
    var accessKeyId: String
    var accessKeySecret: String
    var securityToken: String
    var issuedAtMilliseconds: Int64
    var expiresAtMilliseconds: Int64

    func isExpired(atMilliseconds now: Int64) -> Bool { now > expiresAtMilliseconds }

    /// The expiry as STS writes it, floored to the second.
    var expiration: String { IdentityTime.iso8601(milliseconds: expiresAtMilliseconds) }
}

/// Every credential the emulator issued, by AccessKeyId, so that requests
/// signed with one are accepted, and refused as expired once it has run out.
///
/// Expired entries are kept `graceMilliseconds` longer, so a late request still
/// gets `InvalidSecurityToken.Expired` rather than an unknown-key error; after
/// that they are purged lazily (on lookup, and in a sweep every so many
/// inserts), so the store does not grow without bound.
final class IssuedCredentials: Sendable {
    private struct State {
        var byId: [String: IssuedCredential] = [:]
        var insertsSinceSweep = 0
    }

    private let state = Locked(State())
    static let graceMilliseconds: Int64 = 300_000
    private static let sweepInterval = 256

    func insert(_ credential: IssuedCredential, nowMilliseconds now: Int64) {
        state.withLock { state in
            state.byId[credential.accessKeyId] = credential
            state.insertsSinceSweep += 1
            if state.insertsSinceSweep >= Self.sweepInterval {
                state.insertsSinceSweep = 0
                state.byId = state.byId.filter { !Self.isForgotten($0.value, now: now) }
            }
        }
    }

    /// The credential, expired or not, unless it is past its grace period.
    func credential(id: String, nowMilliseconds now: Int64) -> IssuedCredential? {
        state.withLock { state in
            guard let credential = state.byId[id] else { return nil }
            if Self.isForgotten(credential, now: now) {
                state.byId[id] = nil
                return nil
            }
            return credential
        }
    }

    func removeAll() {
        state.withLock { $0 = State() }
    }

    private static func isForgotten(_ credential: IssuedCredential, now: Int64) -> Bool {
        let (limit, overflow) = credential.expiresAtMilliseconds.addingReportingOverflow(graceMilliseconds)
        return !overflow && now > limit
    }
}
