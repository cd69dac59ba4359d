/// What one call may override of its client's settings.
public struct CallOptions: Sendable {
    /// nil: the client's policy.
    public var retryPolicy: RetryPolicy?
    /// The whole call's budget; nil: the client's; 0: derived from the policy
    /// (see `ClientConfiguration.effectiveDeadlineMilliseconds`).
    public var deadlineMilliseconds: Int64?
    /// Cancels the call from any thread.
    public var cancellation: CancellationToken?

    public init(retryPolicy: RetryPolicy? = nil, deadlineMilliseconds: Int64? = nil,
                cancellation: CancellationToken? = nil) {
        self.retryPolicy = retryPolicy
        self.deadlineMilliseconds = deadlineMilliseconds
        self.cancellation = cancellation
    }

    /// A day: a deadline longer than that is a unit mistake.
    public static let deadlineLimitMilliseconds: Int64 = 86_400_000

    public static func validateDeadline(_ milliseconds: Int64) throws(OutboundBotError) {
        guard (0...deadlineLimitMilliseconds).contains(milliseconds) else {
            throw .invalidArgument(field: "deadline_ms",
                                   "\(milliseconds) is not 0 (derived) or from 1 to \(deadlineLimitMilliseconds)")
        }
    }

    public func validate() throws(OutboundBotError) {
        try retryPolicy?.validate()
        if let deadlineMilliseconds { try Self.validateDeadline(deadlineMilliseconds) }
    }
}
