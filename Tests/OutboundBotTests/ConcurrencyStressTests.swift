import Dispatch
import OutboundBotEmulator
import OutboundBotSigner
import Testing
@testable import OutboundBot

/// Eight threads on one client, with the emulator injecting failures and
/// delays while they run. Written for ThreadSanitizer
/// (`make sanitize-thread`, which runs this suite under `--sanitize=thread`),
/// and a plain test of the connection pool's recovery in the normal run.
///
/// The bounds are counts, never durations: every call finishes by its own
/// read timeout, and the checks are on how each call ended. Results are
/// gathered in the library's `Locked` (a pthread mutex), not in
/// `Synchronization.Mutex`, which ThreadSanitizer cannot see on Linux.
@Suite(.serialized)
final class ConcurrencyStressTests {
    static let threads = 8
    let server: EmulatorServer
    let port: Int

    init() throws {
        server = try EmulatorServer(configuration: EmulatorConfiguration(
            concurrencyQuota: 1 << 40, adminEnabled: true))
        port = try server.start()
    }

    deinit {
        try? server.stop()
    }

    func makeClient(readTimeoutMilliseconds: UInt32) throws -> OutboundBotClient {
        try Self.makeClient(port: port, readTimeoutMilliseconds: readTimeoutMilliseconds)
    }

    static func makeClient(port: Int, readTimeoutMilliseconds: UInt32) throws -> OutboundBotClient {
        var configuration = ClientConfiguration()
        configuration.endpoint = "127.0.0.1:\(port)"
        configuration.scheme = .http
        configuration.readTimeoutMilliseconds = readTimeoutMilliseconds
        // One attempt: these tests see each fault as the transport reports it (RetryTests cover retries).
        configuration.retryPolicy = .off
        configuration.credentials = Credentials(accessKeyId: EmulatorConfiguration.developmentKey.id,
                                                accessKeySecret: EmulatorConfiguration.developmentKey.secret)
        return try OutboundBotClient(configuration: configuration)
    }

    func arm(_ kind: String, count: Int, extra: String = "") {
        let response = server.service.handle(IncomingRequest(
            method: "POST", uri: "/_emulator/faults", headers: [("content-type", "application/json")],
            body: Array(#"{"action":"CreateInstance","kind":"\#(kind)","count":\#(count)\#(extra)}"#.utf8)))
        #expect(response.status == 200, "arming \(kind)")
    }

    /// How one call ended, in words the assertions compare.
    static func outcome(_ result: Result<CreateInstanceResponse, OutboundBotError>) -> String {
        switch result {
        case .success(let response):
            return response.instance == nil ? "ok-without-instance" : response.reconciled ? "reconciled" : "ok"
        case .failure(let error):
            switch error.kind {
            case .service: return "service \(error.httpStatus) \(error.code.isEmpty ? "-" : error.code)"
            case .network, .response: return "cut"
            case .timeout: return "timeout"
            default: return "unexpected \(error)"
            }
        }
    }

    /// `calls` CreateInstance calls from each of 8 threads on `client`; the outcomes counted.
    func hammer(_ client: OutboundBotClient, calls: Int, prefix: String) -> [String: Int] {
        let outcomes = Locked<[String: Int]>([:])
        DispatchQueue.concurrentPerform(iterations: Self.threads) { thread in
            var mine: [String: Int] = [:]
            for call in 0..<calls {
                let result = client.call(CreateInstanceRequest(
                    instanceName: "\(prefix)-\(thread)-\(call)", instanceDescription: "stress \(thread)",
                    maxConcurrentConversation: 1, callingNumbers: ["9518\(thread)", "0571\(call)"]))
                mine[Self.outcome(result), default: 0] += 1
            }
            outcomes.withLock { all in all.merge(mine, uniquingKeysWith: +) }
        }
        return outcomes.withLock { $0 }
    }

    @Test func eightThreadsShareOneClientThroughFaultsAndTimeouts() throws {
        // A read timeout far above a normal call's time even under ThreadSanitizer,
        // and a delay far above the timeout: exactly the delayed calls time out.
        let client = try makeClient(readTimeoutMilliseconds: 2_000)
        let prefix = "stress-\(SigningContext.randomNonce().prefix(8))"
        arm("internal_error", count: 8)
        arm("close", count: 8)
        arm("bad_gateway", count: 4)
        arm("throttling", count: 4)
        arm("delay", count: 4, extra: #","delay_ms":6000"#)
        let calls = 30
        let outcomes = hammer(client, calls: calls, prefix: prefix)

        // Retries are off, but a CreateInstance whose answer was lost (cut,
        // or delayed past the timeout: both performed) is still looked up.
        let failed = 8 + 4 + 4, reconciled = 8 + 4
        #expect(outcomes["service 500 InternalError"] == 8, "\(outcomes)")
        #expect(outcomes["reconciled"] == reconciled, "\(outcomes)")
        #expect(outcomes["service 502 -"] == 4, "\(outcomes)")
        #expect(outcomes["service 400 Throttling.User"] == 4, "\(outcomes)")
        #expect(outcomes["ok"] == Self.threads * calls - failed - reconciled, "\(outcomes)")
        #expect(outcomes.values.reduce(0, +) == Self.threads * calls)

        // The pool threw away the broken connections: the same client goes on working.
        let after = hammer(client, calls: 10, prefix: prefix + "-after")
        #expect(after == ["ok": Self.threads * 10], "\(after)")
    }

    @Test func eightThreadsAllTimingOutAtOnce() throws {
        let client = try makeClient(readTimeoutMilliseconds: 300)
        arm("delay", count: Self.threads * 2, extra: #","delay_ms":3000"#)
        let outcomes = hammer(client, calls: 2, prefix: "slow-\(SigningContext.randomNonce().prefix(8))")
        // Each one performed, then answered too late: every one is found by its lookup.
        #expect(outcomes == ["reconciled": Self.threads * 2], "\(outcomes)")
    }

    @Test func clientsCreatedUsedAndDroppedOnEightThreads() {
        let outcomes = Locked<[String: Int]>([:])
        let prefix = "churn-\(SigningContext.randomNonce().prefix(8))"
        let port = port
        DispatchQueue.concurrentPerform(iterations: Self.threads) { thread in
            for call in 0..<10 {
                let outcome: String
                do {
                    let client = try Self.makeClient(port: port, readTimeoutMilliseconds: 10_000)
                    outcome = Self.outcome(client.call(CreateInstanceRequest(
                        instanceName: "\(prefix)-\(thread)-\(call)", maxConcurrentConversation: 1)))
                } catch {
                    outcome = "unexpected \(error)"
                }
                outcomes.withLock { $0[outcome, default: 0] += 1 }
            }
        }
        #expect(outcomes.withLock { $0 } == ["ok": Self.threads * 10])
    }
}
