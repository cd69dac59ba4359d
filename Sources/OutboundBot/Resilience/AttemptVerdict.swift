/// What one failed attempt says about retrying it. Pure: it reads the error
/// (kind, HTTP status, code, whether the request may have reached the
/// service) and the server's retry-after, nothing else.
enum AttemptVerdict: Equatable {
    /// The error is the answer: a rejected request, bad credentials, a
    /// certificate that does not verify, an answer too large.
    case final
    /// Nothing reached the service (DNS, connect, TLS handshake): safe to
    /// retry any action.
    case notSent
    /// The service refused to work now and did nothing: safe to retry any
    /// action, after `afterMilliseconds` when it said.
    case throttled(afterMilliseconds: Int64?)
    /// The service may have performed the request (5xx, reset, read
    /// timeout, an unreadable answer): a read may be retried, a write must
    /// not be, unless reconciled.
    case ambiguous

    static func of(_ error: OutboundBotError, retryAfterMilliseconds: Int64?) -> AttemptVerdict {
        switch error.kind {
        case .service,
             .response where error.httpStatus != 0:
            if error.code.hasPrefix("Throttling") || error.httpStatus == 429
                || (error.httpStatus == 503 && retryAfterMilliseconds != nil) {
                return .throttled(afterMilliseconds: retryAfterMilliseconds)
            }
            if error.httpStatus >= 500 { return .ambiguous }
            // A 2xx whose body cannot be read: the action may well have run.
            if error.kind == .response, (200..<300).contains(error.httpStatus) { return .ambiguous }
            return .final
        case .network, .timeout:
            return error.requestMayHaveReachedService ? .ambiguous : .notSent
        case .tls:
            // Only a failed handshake is transient; a certificate that does not verify stays so.
            return error.requestMayHaveReachedService ? .final : .notSent
        default:
            return .final
        }
    }

    /// Whether an action of this kind may simply be sent again.
    func allowsRetry(readOnly: Bool) -> Bool {
        switch self {
        case .final: false
        case .notSent, .throttled: true
        case .ambiguous: readOnly
        }
    }

    /// For the log line.
    var name: String {
        switch self {
        case .final: "final"
        case .notSent: "not sent"
        case .throttled: "throttled"
        case .ambiguous: "ambiguous"
        }
    }
}
