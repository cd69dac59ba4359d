/// Server failures that tests arm over the admin API; each rule fires on the
/// next `count` calls of its action (or of any action, `*`) that pass
/// signature verification and carry every parameter of its `match` with the
/// same value (an empty `match` takes any call).
///
/// Some kinds fail the call before the action runs (`internalError`,
/// `throttling`, `badGateway`: nothing is performed); the others let the
/// action run, its state change included, and then shape the answer
/// (`delay`, `close`, `errorAfterPerforming`), the outcome a client cannot
/// tell from a failure unless it looks.
final class FaultInjector: Sendable {
    enum Kind: String, Sendable, CaseIterable {
        /// 500 InternalError; the action is not performed.
        case internalError = "internal_error"
        /// 400 Throttling.User with `x-acs-retry-after` (milliseconds) and
        /// `Retry-After` (seconds, rounded up); the action is not performed.
        case throttling
        /// The action is performed; its answer is sent `delayMilliseconds` later.
        case delay
        /// The action is performed; the status line and part of its answer are
        /// sent, then the connection is closed.
        case close
        /// A 502 HTML page, as a proxy in front of the service would send; the
        /// action is not performed.
        case badGateway = "bad_gateway"
        /// The action is performed, then the answer is 500 InternalError instead
        /// of its own.
        case errorAfterPerforming = "error_after_performing"

        /// Whether the action runs (and its state changes) when this fault fires.
        var performsAction: Bool {
            switch self {
            case .delay, .close, .errorAfterPerforming: return true
            case .internalError, .throttling, .badGateway: return false
            }
        }
    }

    struct Rule: Sendable, Equatable {
        var action: String
        var kind: Kind
        var remaining: Int
        var delayMilliseconds: Int
        /// Throttling's wait, sent in `x-acs-retry-after` as is and in `Retry-After` in seconds.
        var retryAfterMilliseconds: Int
        /// Wire parameters (`InstanceName`, `CallingNumber.1`, ...) and the values a call must carry.
        var match: [String: String] = [:]

        func applies(to action: String, parameters: [String: String]) -> Bool {
            (self.action == action || self.action == "*") && remaining > 0
                && match.allSatisfy { parameters[$0.key] == $0.value }
        }
    }

    private let rules = Locked<[Rule]>([])

    func add(_ rule: Rule) {
        rules.withLock { $0.append(rule) }
    }

    func removeAll() {
        rules.withLock { $0.removeAll() }
    }

    /// The first armed rule for `action` with these parameters, used up by one.
    func take(action: String, parameters: [String: String]) -> Rule? {
        rules.withLock { rules in
            guard let index = rules.firstIndex(where: { $0.applies(to: action, parameters: parameters) })
            else { return nil }
            let rule = rules[index]
            rules[index].remaining -= 1
            if rules[index].remaining <= 0 { rules.remove(at: index) }
            return rule
        }
    }
}
