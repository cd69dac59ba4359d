/// How often and how patiently a call is retried. Plain values, validated
/// when a client is made or a call starts.
public struct RetryPolicy: Sendable, Equatable {
    public static let defaultMaxAttempts = 3
    public static let defaultBaseDelayMilliseconds: Int64 = 200
    public static let defaultMaxDelayMilliseconds: Int64 = 5000
    /// Larger counts are refused: a host that asks for 1,000 attempts has a bug.
    public static let attemptsLimit = 100
    /// Ten minutes: longer waits belong to the host's own scheduling.
    public static let delayLimitMilliseconds: Int64 = 600_000

    /// HTTP attempts of the action, the first included: 1 turns retries off.
    public var maxAttempts: Int
    /// The backoff before the first retry, at most; it doubles per retry.
    public var baseDelayMilliseconds: Int64
    /// The backoff's cap (a server's retry-after may ask for longer).
    public var maxDelayMilliseconds: Int64

    public init(maxAttempts: Int = RetryPolicy.defaultMaxAttempts,
                baseDelayMilliseconds: Int64 = RetryPolicy.defaultBaseDelayMilliseconds,
                maxDelayMilliseconds: Int64 = RetryPolicy.defaultMaxDelayMilliseconds) {
        self.maxAttempts = maxAttempts
        self.baseDelayMilliseconds = baseDelayMilliseconds
        self.maxDelayMilliseconds = maxDelayMilliseconds
    }

    public static let `default` = RetryPolicy()
    /// One attempt, never retried.
    public static let off = RetryPolicy(maxAttempts: 1)

    /// Refuses counts and delays out of range, naming the C field.
    public func validate() throws(OutboundBotError) {
        guard (1...Self.attemptsLimit).contains(maxAttempts) else {
            throw .invalidArgument(field: "max_attempts", "\(maxAttempts) is not from 1 to \(Self.attemptsLimit)")
        }
        guard (0...Self.delayLimitMilliseconds).contains(baseDelayMilliseconds) else {
            throw .invalidArgument(field: "retry_base_delay_ms",
                                   "\(baseDelayMilliseconds) is not from 0 to \(Self.delayLimitMilliseconds)")
        }
        guard (baseDelayMilliseconds...Self.delayLimitMilliseconds).contains(maxDelayMilliseconds) else {
            throw .invalidArgument(field: "retry_max_delay_ms",
                                   "\(maxDelayMilliseconds) is not from retry_base_delay_ms (\(baseDelayMilliseconds)) to \(Self.delayLimitMilliseconds)")
        }
    }

    /// Full jitter (the AWS architecture blog's "exponential backoff and
    /// jitter"): a uniform wait in [0, min(max, base * 2^(retry-1))], so
    /// clients throttled together do not come back together.
    /// `random(n)` returns a uniform value in 0...n.
    public func backoffMilliseconds(beforeRetry retry: Int, random: (Int64) -> Int64) -> Int64 {
        let doublings = Int64(min(max(retry - 1, 0), 30))
        let ceiling = min(maxDelayMilliseconds, baseDelayMilliseconds.multipliedReportingOverflow(by: 1 << doublings).overflow
                          ? maxDelayMilliseconds : baseDelayMilliseconds << doublings)
        return ceiling <= 0 ? 0 : min(max(random(ceiling), 0), ceiling)
    }
}
