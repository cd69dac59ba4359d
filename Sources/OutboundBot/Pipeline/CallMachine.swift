import OutboundBotCatalogue

/// One call from its first attempt to its outcome: signs each attempt,
/// judges each answer, waits, retries, reconciles, gives up. It performs no
/// I/O and never sleeps: it returns a `CallStep` and a driver performs it.
///
/// The policy (see `RetryPolicy` and include/outboundbot.h, "Retries"):
/// - a failure where nothing reached the service, or throttling, is retried
///   for any action; a 5xx, reset, read timeout or unreadable answer only
///   for read-only actions;
/// - such an ambiguous outcome of a write is never retried blindly: an
///   action with a `Reconciliation` (CreateInstance) is looked up first and
///   retried only when not found; any other write gives up, saying why;
/// - `InvalidInstanceName.Duplicated` after an ambiguous attempt is
///   reconciled too (the earlier attempt may have created the instance);
/// - waits are full-jitter backoff or the server's retry-after, whichever
///   is longer; the deadline bounds everything.
///
/// Used by one thread at a time (the driver's).
final class CallMachine<Payload: ResponsePayload>: @unchecked Sendable {
    private enum Phase {
        case idle
        case attempting(startedAt: Int64)
        case waiting(then: AfterWait)
        case lookingUp(page: Int, startedAt: Int64, onNotFound: AfterLookup)
        case finished
    }

    private enum AfterWait {
        case attempt
        case lookUp(page: Int, onNotFound: AfterLookup)
    }

    /// What a lookup that finds nothing means.
    private enum AfterLookup {
        /// The ambiguous attempt did nothing: retry it.
        case retry(OutboundBotError)
        /// This error (a duplicate name held by someone else) is the answer.
        case report(OutboundBotError)

        var error: OutboundBotError {
            switch self {
            case .retry(let error), .report(let error): error
            }
        }
    }

    private let environment: CallEnvironment
    private let request: ValidatedRequest
    private let flat: FlatParameters
    private let policy: RetryPolicy
    private let deadlineMilliseconds: Int64
    private let cancellation: CancellationToken?

    private var phase = Phase.idle
    private var attempts = 0
    private var lookupFailures = 0
    private var deadlineAt: Int64 = 0
    private var sawAmbiguousAttempt = false
    private var firstAttemptMilliseconds: Int64 = 0
    /// Made when an outcome first needs it, which few calls do.
    private lazy var reconciliation: (any Reconciliation)? =
        Reconciliations.reconciliation(for: request, firstAttemptMilliseconds: firstAttemptMilliseconds)
    /// The secrets the attempts were signed with, to remove from what goes back.
    private var secrets = Redaction.Secrets([])

    init(request: ValidatedRequest, flat: FlatParameters, environment: CallEnvironment,
         policy: RetryPolicy, deadlineMilliseconds: Int64, cancellation: CancellationToken?) {
        self.request = request
        self.flat = flat
        self.environment = environment
        self.policy = policy
        self.deadlineMilliseconds = deadlineMilliseconds
        self.cancellation = cancellation
    }

    private var log: LogHandler? { environment.configuration.log }
    private var actionName: String { request.action.name }
    private var now: Int64 { environment.monotonicMilliseconds() }

    // MARK: Driver interface

    func start() -> CallStep<Payload> {
        deadlineAt = now + deadlineMilliseconds
        if cancellation?.isCancelled == true { return cancelled() }
        return nextAttempt()
    }

    /// The outcome of the exchange the last `.send` asked for.
    func received(_ outcome: Result<HTTPResponse, OutboundBotError>) -> CallStep<Payload> {
        switch phase {
        case .attempting(let startedAt):
            return judgeAttempt(outcome, elapsed: now - startedAt)
        case .lookingUp(let page, let startedAt, let onNotFound):
            return judgeLookup(outcome, page: page, elapsed: now - startedAt, onNotFound: onNotFound)
        default:
            return finish(.failure(OutboundBotError(.internal, "an answer arrived that no attempt asked for")))
        }
    }

    /// The wait the last `.wait` asked for is over.
    func resumed() -> CallStep<Payload> {
        guard case .waiting(let then) = phase else {
            return finish(.failure(OutboundBotError(.internal, "resumed without waiting")))
        }
        if cancellation?.isCancelled == true { return cancelled() }
        switch then {
        case .attempt: return nextAttempt()
        case .lookUp(let page, let onNotFound): return lookUp(page: page, onNotFound: onNotFound)
        }
    }

    /// The token was cancelled before the call began.
    func cancelledBeforeStart() -> Result<ServiceAnswer<Payload>, OutboundBotError> {
        var error = OutboundBotError(.cancelled, "the call was cancelled before it started")
        error.attempts = 0
        return .failure(error)
    }

    /// The call's token was cancelled, or its client is closing.
    func cancelled(_ reason: String = "the call was cancelled") -> CallStep<Payload> {
        var message = attempts == 0 ? "\(reason) before it started"
            : "\(reason) after \(attempts) attempt\(attempts == 1 ? "" : "s")"
        if case .attempting = phase, !request.action.isReadOnly {
            message += "; the \(actionName) in flight may have been performed"
        }
        log.log(.info, "\(actionName): \(message)")
        var error = OutboundBotError(.cancelled, message)
        error.attempts = attempts
        return finish(.failure(error))
    }

    // MARK: Attempts

    private func nextAttempt() -> CallStep<Payload> {
        let remaining = deadlineAt - now
        guard remaining > 0 else { return deadlinePassed(nil) }
        attempts += 1
        if attempts == 1 {
            firstAttemptMilliseconds = environment.clock() * 1000
        }
        let timeout = min(Int64(environment.configuration.readTimeoutMilliseconds), remaining)
        switch environment.signedRequest(request, flat, timeoutMilliseconds: timeout, cancellation: cancellation) {
        case .success(let (httpRequest, signing)):
            secrets = signing.secrets
            logRequest(httpRequest)
            phase = .attempting(startedAt: now)
            return .send(httpRequest)
        case .failure(var error):
            attempts -= 1  // nothing was sent
            error.attempts = attempts
            return finish(.failure(error))
        }
    }

    private func judgeAttempt(_ outcome: Result<HTTPResponse, OutboundBotError>, elapsed: Int64) -> CallStep<Payload> {
        let decoded = outcome.flatMap { ResponseDecoder.decode($0, payload: Payload.self) }
        // Made only when a line is logged.
        func heading() -> String { "attempt \(attempts)/\(policy.maxAttempts) \(actionName)" }
        if case .success = decoded {
            logAttempt(heading(), outcome, decoded, elapsed: elapsed, decision: "done")
        }
        // Consumed, so a success is finished in place rather than copied.
        switch consume decoded {
        case .success(var answer):
            answer.response.attempts = attempts
            answer.response.body = Redaction.removing(secrets, from: answer.response.body)
            answer.response.message = Redaction.removing(secrets, from: answer.response.message)
            return finish(.success(answer))
        case .failure(let failure):
            let decoded = Result<ServiceAnswer<Payload>, OutboundBotError>.failure(failure)
            let error = returned(failure)
            if error.kind == .cancelled {
                logAttempt(heading(), outcome, decoded, elapsed: elapsed, decision: "cancelled")
                return cancelled()
            }
            if sawAmbiguousAttempt, error.code == "InvalidInstanceName.Duplicated", reconciliation != nil {
                logAttempt(heading(), outcome, decoded, elapsed: elapsed,
                           decision: "duplicate after an ambiguous attempt: looking it up")
                return lookUp(page: 1, onNotFound: .report(error))
            }
            let retryAfter = outcome.success.flatMap {
                RetryAfter.milliseconds(in: $0, nowSeconds: environment.clock())
            }
            let verdict = AttemptVerdict.of(error, retryAfterMilliseconds: retryAfter)
            if verdict == .ambiguous, !request.action.isReadOnly {
                guard reconciliation != nil else {
                    logAttempt(heading(), outcome, decoded, elapsed: elapsed, decision: "give up: a write that may have been performed")
                    var final = error
                    final.message += " (\(actionName) may have been performed, so it was not retried)"
                    return finish(.failure(final))
                }
                sawAmbiguousAttempt = true
                logAttempt(heading(), outcome, decoded, elapsed: elapsed, decision: "ambiguous: looking it up")
                return lookUp(page: 1, onNotFound: .retry(error))
            }
            guard verdict.allowsRetry(readOnly: request.action.isReadOnly) else {
                logAttempt(heading(), outcome, decoded, elapsed: elapsed, decision: "give up: \(verdict.name)")
                return finish(.failure(error))
            }
            let hint: Int64? = if case .throttled(let after) = verdict { after } else { nil }
            return retry(after: error, hint: hint) { decision in
                self.logAttempt(heading(), outcome, decoded, elapsed: elapsed, decision: decision)
            }
        }
    }

    /// Waits and tries again, when an attempt and the time for it remain.
    private func retry(after error: OutboundBotError, hint: Int64?,
                       logDecision: (String) -> Void) -> CallStep<Payload> {
        guard attempts < policy.maxAttempts else {
            logDecision("give up after \(attempts) attempt\(attempts == 1 ? "" : "s")")
            return finish(.failure(error))
        }
        let delay = max(policy.backoffMilliseconds(beforeRetry: attempts, random: environment.random), hint ?? 0)
        guard now + delay < deadlineAt else {
            logDecision("give up: the deadline leaves no time to wait \(delay) ms")
            return deadlinePassed(error)
        }
        logDecision("retry in \(delay) ms")
        phase = .waiting(then: .attempt)
        return .wait(milliseconds: delay)
    }

    // MARK: Reconciliation

    private func lookUp(page: Int, onNotFound: AfterLookup) -> CallStep<Payload> {
        guard let reconciliation else { return finish(.failure(onNotFound.error)) }
        let remaining = deadlineAt - now
        guard remaining > 0 else { return deadlinePassed(onNotFound.error, unknownOutcome: true) }
        let lookup: ValidatedRequest
        do throws(OutboundBotError) {
            lookup = try RequestValidator.validate(reconciliation.lookup(page: page))
        } catch {
            return outcomeUnknown(onNotFound.error, because: error)
        }
        let timeout = min(Int64(environment.configuration.readTimeoutMilliseconds), remaining)
        switch environment.signedRequest(lookup, ParameterFlattener.flatten(lookup),
                                         timeoutMilliseconds: timeout, cancellation: cancellation) {
        case .success(let (httpRequest, _)):
            logRequest(httpRequest)
            phase = .lookingUp(page: page, startedAt: now, onNotFound: onNotFound)
            return .send(httpRequest)
        case .failure(let error):
            return outcomeUnknown(onNotFound.error, because: error)
        }
    }

    private func judgeLookup(_ outcome: Result<HTTPResponse, OutboundBotError>, page: Int, elapsed: Int64,
                             onNotFound: AfterLookup) -> CallStep<Payload> {
        func heading() -> String { "lookup page \(page) \(reconciliation?.lookup(page: page).action ?? "") for \(actionName)" }
        let decoded = outcome.flatMap { ResponseDecoder.decode($0, payload: NoPayload.self) }
        guard case .success(let answer) = decoded else {
            guard case .failure(let failure) = decoded else { return outcomeUnknown(onNotFound.error, because: nil) }
            let error = returned(failure)
            if error.kind == .cancelled { return cancelled() }
            lookupFailures += 1
            let verdict = AttemptVerdict.of(error, retryAfterMilliseconds: nil)
            let delay = policy.backoffMilliseconds(beforeRetry: lookupFailures, random: environment.random)
            guard verdict.allowsRetry(readOnly: true), lookupFailures < policy.maxAttempts, now + delay < deadlineAt else {
                logAttempt(heading(), outcome, decoded, elapsed: elapsed, decision: "give up: the outcome is unknown")
                return outcomeUnknown(onNotFound.error, because: error)
            }
            logAttempt(heading(), outcome, decoded, elapsed: elapsed, decision: "retry the lookup in \(delay) ms")
            phase = .waiting(then: .lookUp(page: page, onNotFound: onNotFound))
            return .wait(milliseconds: delay)
        }
        guard reconciliation != nil, case .success(let json) = answer.response.json() else {
            return outcomeUnknown(onNotFound.error, because: OutboundBotError(.response, "the lookup's answer is not JSON"))
        }
        let finding = reconciliation?.examine(json, number: page) ?? .notFound
        switch finding {
        case .partial(let explanation):
            logAttempt(heading(), outcome, decoded, elapsed: elapsed, decision: "give up: \(explanation)")
            var final = onNotFound.error
            final.message += " (\(actionName) was partly performed, so it was not retried: \(explanation))"
            return finish(.failure(final))
        case .found(let value, let summary):
            logAttempt(heading(), outcome, decoded, elapsed: elapsed, decision: "reconciled: found \(summary)")
            return finishReconciled(value, lookup: answer.response)
        case .nextPage where page < Reconciliations.maxPages:
            logAttempt(heading(), outcome, decoded, elapsed: elapsed, decision: "not on this page")
            return lookUp(page: page + 1, onNotFound: onNotFound)
        case .nextPage, .notFound:
            switch onNotFound {
            case .retry(let error):
                return retry(after: error, hint: nil) { decision in
                    self.logAttempt(heading(), outcome, decoded, elapsed: elapsed, decision: "not found: \(decision)")
                }
            case .report(let error):
                logAttempt(heading(), outcome, decoded, elapsed: elapsed, decision: "not found: the name is taken by another instance")
                return finish(.failure(error))
            }
        }
    }

    /// The action's answer, made from what the lookup found: the same
    /// envelope and fields a direct answer has, so callers read it alike.
    private func finishReconciled(_ found: JSONValue, lookup: OutboundBotResponse) -> CallStep<Payload> {
        guard case .object(let fields) = found else { return finish(.failure(OutboundBotError(.internal, "bad reconciliation"))) }
        let body = JSONValue.object([
            .init("RequestId", .string(lookup.requestId)),
            .init("Code", .string("OK")),
            .init("Message", .string("reconciled: found by a lookup after an ambiguous attempt")),
            .init("HttpStatusCode", .integer(200)),
            .init("Success", .bool(true)),
        ] + fields)
        let synthesized = HTTPResponse(status: 200, headers: ["x-acs-request-id": lookup.requestId],
                                       body: Array(body.jsonText.utf8))
        return finish(ResponseDecoder.decode(synthesized, payload: Payload.self).map { answer in
            var answer = answer
            answer.response.attempts = attempts
            answer.response.reconciled = true
            return answer
        }.mapError(returned))
    }

    /// A lookup could not say whether the write happened: the attempt's error,
    /// saying so.
    private func outcomeUnknown(_ error: OutboundBotError, because cause: OutboundBotError?) -> CallStep<Payload> {
        var final = error
        final.message += " (\(actionName) may have been performed: looking it up failed"
            + (cause.map { ": \($0.message)" } ?? "") + ")"
        return finish(.failure(final))
    }

    // MARK: Outcomes

    private func deadlinePassed(_ last: OutboundBotError?, unknownOutcome: Bool = false) -> CallStep<Payload> {
        var error = last ?? OutboundBotError(.timeout, "the call's deadline passed")
        if last == nil { error.attempts = attempts }
        error.message += " (the call's deadline of \(deadlineMilliseconds) ms"
            + (unknownOutcome ? " passed before \(actionName) could be looked up)" : " leaves no time for another attempt)")
        return finish(.failure(error))
    }

    /// An error as it goes back: the true attempt count, no secret.
    private func returned(_ error: OutboundBotError) -> OutboundBotError {
        var error = error
        error.attempts = attempts
        error.message = Redaction.removing(secrets, from: error.message)
        error.body = Redaction.removing(secrets, from: error.body)
        return error
    }

    private func finish(_ result: Result<ServiceAnswer<Payload>, OutboundBotError>) -> CallStep<Payload> {
        phase = .finished
        return .finish(result)
    }

    // MARK: Tracing

    private func logAttempt<P>(_ heading: @autoclosure () -> String, _ outcome: Result<HTTPResponse, OutboundBotError>,
                               _ decoded: Result<ServiceAnswer<P>, OutboundBotError>, elapsed: Int64, decision: String) {
        log.log(.info, {
            var line = heading() + ": "
            switch (outcome, decoded) {
            case (.success(let http), .success(let answer)):
                line += "HTTP \(http.status) \(answer.response.code.isEmpty ? "OK" : answer.response.code)"
                if !answer.response.requestId.isEmpty { line += " request-id \(answer.response.requestId)" }
            case (.success(let http), .failure(let error)):
                line += "HTTP \(http.status) \(error.code.isEmpty ? error.kind.description : error.code)"
                if !error.requestId.isEmpty { line += " request-id \(error.requestId)" }
            case (.failure(let error), _):
                line += "\(error.kind) error (\(Redaction.removing(secrets, from: error.message)))"
            }
            return line + " in \(elapsed) ms: \(decision)"
        }())
    }

    private func logRequest(_ request: HTTPRequest) {
        guard let log, log.level >= .debug else { return }
        log.emit(.debug, "> \(request.method) \(Redaction.url(request.url))")
        for header in request.headers {
            log.emit(.debug, "> " + Redaction.header(name: header.name, value: header.value))
        }
    }
}

extension Result {
    var success: Success? {
        if case .success(let value) = self { value } else { nil }
    }
}
