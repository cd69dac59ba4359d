/// How many credentials each source issued, the latest issues, and how many
/// requests were refused as expired: what tests read (`GET /_emulator/credentials`)
/// to see whether a client refreshed its credentials, and when.
///
/// Never holds a secret or a token.
final class IdentityCounters: Sendable {
    struct Event: Sendable {
        var source: CredentialSource
        var accessKeyId: String
        var issuedAtMilliseconds: Int64
        var expiresAtMilliseconds: Int64
    }

    private struct State {
        var issued: [CredentialSource: Int] = [:]
        var events: [Event] = []
        var expiredRejections = 0
    }

    /// The most events kept; the oldest go first.
    static let eventCapacity = 10_000

    private let state = Locked(State())

    func recordIssue(_ event: Event) {
        state.withLock { state in
            state.issued[event.source] = Self.incremented(state.issued[event.source] ?? 0)
            state.events.append(event)
            // Trimmed in batches so that appends stay amortized O(1).
            if state.events.count >= 2 * Self.eventCapacity {
                state.events.removeFirst(state.events.count - Self.eventCapacity)
            }
        }
    }

    func recordExpiredRejection() {
        state.withLock { $0.expiredRejections = Self.incremented($0.expiredRejections) }
    }

    func removeAll() {
        state.withLock { $0 = State() }
    }

    /// `{"issued":{source: n, ...},"expiredRejections":n,"events":[...]}`, every source listed.
    var responseValue: ResponseValue {
        let snapshot = state.withLock { state in
            (state.issued, state.expiredRejections, Array(state.events.suffix(Self.eventCapacity)))
        }
        return .fields([
            ("issued", .object(CredentialSource.allCases.map { .init($0.rawValue, .int(snapshot.0[$0] ?? 0)) })),
            ("expiredRejections", .int(snapshot.1)),
            ("events", .array(snapshot.2.map { event in
                .fields([
                    ("source", .string(event.source.rawValue)),
                    ("accessKeyId", .string(event.accessKeyId)),
                    ("issuedAtMs", .int(event.issuedAtMilliseconds)),
                    ("expiresAtMs", .int(event.expiresAtMilliseconds)),
                ])
            })),
        ])
    }

    /// Saturates rather than traps.
    private static func incremented(_ value: Int) -> Int {
        value < Int.max ? value + 1 : value
    }
}
