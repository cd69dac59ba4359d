import OutboundBotSigner

/// Temporary credentials kept fresh for every thread of a client.
///
/// - **When.** They are refreshed once less than the refresh margin remains:
///   3 minutes, or a quarter of their lifetime when that is shorter (STS's
///   15-minute minimum gives 3 minutes; a test's 4-second credentials, 1 s).
/// - **Once for all threads.** The first caller past the margin refreshes;
///   the others go on with the current credentials while they are still
///   valid, and wait only when none are.
/// - **Failures.** A failed refresh keeps the old credentials while they
///   last and is retried with backoff (1 s doubling to 30 s). Once they have
///   run out, each call tries again and reports the refresh's error.
///
/// "Valid" leaves a safety gap before the expiry (5 s, or a tenth of the
/// lifetime when shorter), so a signed request does not reach the service
/// just after its credentials expired.
final class RefreshingCredentials: Sendable {
    static let maxMarginMilliseconds: Int64 = 180_000
    static let maxSafetyMilliseconds: Int64 = 5_000
    static let firstBackoffMilliseconds: Int64 = 1_000
    static let maxBackoffMilliseconds: Int64 = 30_000

    private let provider: any CredentialsProvider
    private let nowMilliseconds: @Sendable () -> Int64
    private let log: LogHandler?
    private let lock = ConditionLock()
    private let state: UnsafeState

    /// Touched only while `lock` is held.
    private final class UnsafeState: @unchecked Sendable {
        var current: ProvidedCredentials
        var obtainedAt: Int64
        var refreshing = false
        var generation = 0
        var failures = 0
        var nextAttemptAt: Int64 = 0
        var lastError: OutboundBotError?

        init(current: ProvidedCredentials, obtainedAt: Int64) {
            self.current = current
            self.obtainedAt = obtainedAt
        }
    }

    init(provider: any CredentialsProvider, first: ProvidedCredentials,
         nowMilliseconds: @escaping @Sendable () -> Int64, log: LogHandler?) {
        self.provider = provider
        self.nowMilliseconds = nowMilliseconds
        self.log = log
        state = UnsafeState(current: first, obtainedAt: nowMilliseconds())
    }

    /// How long before expiry a refresh starts, for credentials of `lifetime` ms.
    static func margin(lifetime: Int64) -> Int64 { min(maxMarginMilliseconds, max(lifetime, 0) / 4) }
    static func safety(lifetime: Int64) -> Int64 { min(maxSafetyMilliseconds, max(lifetime, 0) / 10) }

    /// Credentials to sign the next attempt with.
    func credentials() throws(OutboundBotError) -> Credentials {
        lock.lock()
        defer { lock.unlock() }
        var waitedFor: Int?
        while true {
            let now = nowMilliseconds()
            guard let expiry = state.current.expiresAtMilliseconds else { return state.current.credentials }
            let lifetime = expiry - state.obtainedAt
            if now < expiry - Self.margin(lifetime: lifetime) { return state.current.credentials }
            let valid = now < expiry - Self.safety(lifetime: lifetime)
            if state.refreshing {
                if valid { return state.current.credentials }
                waitedFor = state.generation
                lock.wait()
                continue
            }
            // A refresh this caller waited for failed, and nothing valid is left: report it.
            if let waited = waitedFor, waited != state.generation, !valid, let error = state.lastError {
                throw error
            }
            if valid && now < state.nextAttemptAt { return state.current.credentials }
            try refresh(stillValid: valid)
            return state.current.credentials
        }
    }

    /// Called holding the lock; fetches without it, so other threads carry on.
    private func refresh(stillValid: Bool) throws(OutboundBotError) {
        state.refreshing = true
        lock.unlock()
        let outcome: Result<ProvidedCredentials, OutboundBotError>
        do throws(OutboundBotError) {
            outcome = .success(try provider.fetch())
        } catch {
            outcome = .failure(error)
        }
        lock.lock()
        state.refreshing = false
        state.generation &+= 1
        lock.broadcast()
        switch outcome {
        case .success(let fresh):
            state.current = fresh
            state.obtainedAt = nowMilliseconds()
            state.failures = 0
            state.lastError = nil
            log.log(.info, "credentials: refreshed from \(fresh.source)\(DefaultCredentialsChain.expiryNote(fresh))")
        case .failure(let error):
            state.failures += 1
            let backoff = min(Self.firstBackoffMilliseconds << min(state.failures - 1, 5), Self.maxBackoffMilliseconds)
            state.nextAttemptAt = nowMilliseconds() + backoff
            state.lastError = error
            log.log(stillValid ? .warning : .error,
                    "credentials: refresh failed (\(stillValid ? "keeping the current ones, next try in \(backoff) ms" : "none valid left")): \(error.message)")
            if !stillValid { throw error }
        }
    }
}
