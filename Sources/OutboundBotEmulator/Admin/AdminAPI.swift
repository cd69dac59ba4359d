import Foundation

/// `/_emulator/...`: how tests arm faults, read the request log, see and reset
/// state, and count the credentials the emulator issued. Served only when the
/// emulator is started with `--admin`.
struct AdminAPI: Sendable {
    static let prefix = "/_emulator/"

    let store: StateStore
    let faults: FaultInjector
    let log: RequestLog
    let nonces: NonceCache
    let issuer: CredentialIssuer

    /// nil for a path the admin API does not know (answered like any unknown path).
    func handle(_ request: IncomingRequest) -> EmulatorResponse? {
        switch (request.method, String(request.path)) {
        case ("POST", "/_emulator/faults"): return addFault(request.body)
        case ("DELETE", "/_emulator/faults"):
            faults.removeAll()
            return Self.ok
        case ("GET", "/_emulator/requests"):
            return .json(200, .fields([("requests", .array(log.all().map(\.responseValue)))]))
        case ("DELETE", "/_emulator/requests"):
            log.removeAll()
            return Self.ok
        case ("GET", "/_emulator/instances"):
            return .json(200, .fields([("instances", .array(store.allInstances().map(\.responseValue)))]))
        case ("GET", "/_emulator/credentials"):
            return .json(200, issuer.counters.responseValue)
        case ("POST", "/_emulator/reset"):
            store.reset()
            nonces.removeAll()
            faults.removeAll()
            log.removeAll()
            issuer.counters.removeAll()
            issuer.store.removeAll()
            return Self.ok
        case (_, "/_emulator/faults"), (_, "/_emulator/requests"), (_, "/_emulator/instances"), (_, "/_emulator/reset"),
             (_, "/_emulator/credentials"):
            return Self.failure(405, "method \(request.method) is not allowed here")
        default:
            return nil
        }
    }

    /// The body of `POST /_emulator/faults`.
    private struct FaultSpec: Decodable {
        var action: String?
        var kind: String
        var count: Int?
        var delay_ms: Int?
        var retry_after_ms: Int?
        /// The older spelling, in whole seconds; taken as `retry_after_ms` = seconds × 1000.
        var retry_after_seconds: Int?
        /// Only calls carrying these wire parameters with these values.
        var match: [String: String]?
    }

    /// Throttling's wait when the body gives none.
    static let defaultRetryAfterMilliseconds = 1000
    static let maxRetryAfterMilliseconds = 86_400_000

    private func addFault(_ body: [UInt8]) -> EmulatorResponse {
        let spec: FaultSpec
        do {
            spec = try JSONDecoder().decode(FaultSpec.self, from: Data(body))
        } catch {
            return Self.failure(400, "the body must be a JSON object with kind and optional action, count, delay_ms, retry_after_ms (integers; retry_after_seconds is accepted too) and match (an object of strings)")
        }
        guard let kind = FaultInjector.Kind(rawValue: spec.kind) else {
            let kinds = FaultInjector.Kind.allCases.map(\.rawValue).joined(separator: ", ")
            return Self.failure(400, "kind must be one of \(kinds)")
        }
        let action = spec.action ?? "*"
        guard !action.isEmpty else { return Self.failure(400, "action must not be empty (use \"*\" for any)") }
        let count = spec.count ?? 1
        guard count >= 1 else { return Self.failure(400, "count must be a positive integer") }
        let delay = spec.delay_ms ?? 0
        guard (0...600_000).contains(delay) else { return Self.failure(400, "delay_ms must be from 0 to 600000") }
        let retryAfter: Int
        switch (spec.retry_after_ms, spec.retry_after_seconds) {
        case (.some, .some):
            return Self.failure(400, "give retry_after_ms or retry_after_seconds, not both")
        case (let milliseconds?, nil):
            guard (0...Self.maxRetryAfterMilliseconds).contains(milliseconds) else {
                return Self.failure(400, "retry_after_ms must be from 0 to \(Self.maxRetryAfterMilliseconds)")
            }
            retryAfter = milliseconds
        case (nil, let seconds?):
            guard (0...Self.maxRetryAfterMilliseconds / 1000).contains(seconds) else {
                return Self.failure(400, "retry_after_seconds must be from 0 to \(Self.maxRetryAfterMilliseconds / 1000)")
            }
            retryAfter = seconds * 1000
        case (nil, nil):
            retryAfter = Self.defaultRetryAfterMilliseconds
        }
        faults.add(.init(action: action, kind: kind, remaining: count, delayMilliseconds: delay,
                         retryAfterMilliseconds: retryAfter, match: spec.match ?? [:]))
        return Self.ok
    }

    private static let ok = EmulatorResponse.json(200, .fields([("ok", .bool(true))]))

    private static func failure(_ status: Int, _ message: String) -> EmulatorResponse {
        .json(status, .fields([("ok", .bool(false)), ("error", .string(message))]))
    }
}
