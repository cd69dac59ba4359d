/// Server failures that tests arm over the admin API; each rule fires on the
/// next `count` calls of its action (or of any action, `*`) that pass
/// signature verification.
final class FaultInjector: Sendable {
    enum Kind: String, Sendable, CaseIterable {
        /// 500 InternalError.
        case internalError = "internal_error"
        /// 400 Throttling.User with `x-acs-retry-after`.
        case throttling
        /// The normal answer, `delayMilliseconds` later.
        case delay
        /// The status line and part of the body, then the connection is closed.
        case close
        /// A 502 HTML page, as a proxy in front of the service would send.
        case badGateway = "bad_gateway"
    }

    struct Rule: Sendable, Equatable {
        var action: String
        var kind: Kind
        var remaining: Int
        var delayMilliseconds: Int
        var retryAfterSeconds: Int
    }

    private let rules = Locked<[Rule]>([])

    func add(_ rule: Rule) {
        rules.withLock { $0.append(rule) }
    }

    func removeAll() {
        rules.withLock { $0.removeAll() }
    }

    /// The first armed rule for `action`, used up by one.
    func take(action: String) -> Rule? {
        rules.withLock { rules in
            guard let index = rules.firstIndex(where: { ($0.action == action || $0.action == "*") && $0.remaining > 0 })
            else { return nil }
            let rule = rules[index]
            rules[index].remaining -= 1
            if rules[index].remaining <= 0 { rules.remove(at: index) }
            return rule
        }
    }
}
