import Foundation
import Synchronization
import Testing
@testable import OutboundBot
import OutboundBotSigner

/// The call machine's policy, against scripted answers: what is retried,
/// what is looked up, what is given up, and what the caller is told.
@Suite struct RetryTests {
    static let secret = "SECRET-VALUE+/="
    static let token = "TOKEN/with+signs=="

    static func ok(_ body: String = #"{"RequestId":"r-ok","Code":"OK","Success":true}"#,
                   headers: [String: String] = [:]) -> Result<HTTPResponse, OutboundBotError> {
        .success(HTTPResponse(status: 200, headers: headers, body: Array(body.utf8)))
    }

    static func status(_ status: Int, _ code: String, headers: [String: String] = [:]) -> Result<HTTPResponse, OutboundBotError> {
        .success(HTTPResponse(status: status, headers: headers,
                              body: Array(#"{"RequestId":"r-\#(status)","Code":"\#(code)","Message":"m"}"#.utf8)))
    }

    static func network(reached: Bool) -> Result<HTTPResponse, OutboundBotError> {
        var error = OutboundBotError(.network, reached ? "connection reset" : "connection refused")
        error.requestMayHaveReachedService = reached
        return .failure(error)
    }

    static let timedOutAfterSending: Result<HTTPResponse, OutboundBotError> = .failure(OutboundBotError(.timeout, "read timeout"))

    static func client(_ transport: FakeTransport, policy: RetryPolicy = RetryPolicy(baseDelayMilliseconds: 1, maxDelayMilliseconds: 5),
                       deadline: Int64 = 0, log: LogHandler? = nil) throws -> OutboundBotClient {
        var configuration = ClientConfiguration()
        configuration.endpoint = "127.0.0.1:8080"
        configuration.scheme = .http
        configuration.retryPolicy = policy
        configuration.deadlineMilliseconds = deadline
        configuration.log = log
        let nonces = Atomic<Int>(0)
        return try OutboundBotClient(
            configuration: configuration,
            credentials: Credentials(accessKeyId: "testid", accessKeySecret: secret, securityToken: token),
            transport: transport, clock: { 1_700_000_000 },
            nonce: { "nonce-\(nonces.add(1, ordering: .relaxed).newValue)" })
    }

    static let create = OutboundBotRequest(action: "CreateInstance", parameters: [
        .init("InstanceName", .string("campaign")), .init("InstanceDescription", .string("spring")),
        .init("MaxConcurrentConversation", .integer(4)),
    ])

    static func listing(_ instances: String, total: Int) -> Result<HTTPResponse, OutboundBotError> {
        ok(#"{"RequestId":"r-list","Code":"OK","Success":true,"TotalCount":\#(total),"Instances":[\#(instances)]}"#)
    }

    static let ours = #"{"InstanceId":"i-1","InstanceName":"campaign","InstanceDescription":"spring","MaxConcurrentConversation":4,"CreationTime":1700000000000}"#

    // MARK: What is retried

    @Test func readOnlyActionRetries5xxWithAFreshSignature() throws {
        let transport = FakeTransport(answers: [Self.status(500, "InternalError"), Self.ok()])
        let response = try Self.client(transport).call(OutboundBotRequest(action: "ListInstances")).get()
        #expect(response.attempts == 2)
        let nonces = transport.sent.map { $0.headers.first { $0.name == "x-acs-signature-nonce" }?.value }
        #expect(nonces == ["nonce-1", "nonce-2"])
    }

    @Test func writeIsNotRetriedAfterAnAmbiguousOutcome() throws {
        for answer in [Self.status(500, "InternalError"), Self.network(reached: true), Self.timedOutAfterSending] {
            let transport = FakeTransport(answers: [answer, Self.ok()])
            let request = OutboundBotRequest(action: "ModifyInstance", parameters: [
                .init("InstanceId", .string("i-1")), .init("MaxConcurrentConversation", .integer(2))])
            guard case .failure(let error) = try Self.client(transport).call(request) else {
                Issue.record("expected the first error"); continue
            }
            #expect(error.attempts == 1)
            #expect(error.message.contains("may have been performed"), "\(error.message)")
            #expect(transport.sent.count == 1)
        }
    }

    @Test func anyActionRetriesWhatNeverReachedTheServiceAndThrottling() throws {
        for answer in [Self.network(reached: false), Self.status(400, "Throttling.User"), Self.status(429, "TooMany"),
                       Self.status(503, "Unavailable", headers: ["retry-after": "0"])] {
            let transport = FakeTransport(answers: [answer, Self.ok()])
            let request = OutboundBotRequest(action: "DeleteInstance", parameters: [.init("InstanceId", .string("i-1"))])
            let response = try Self.client(transport).call(request).get()
            #expect(response.attempts == 2)
        }
    }

    @Test func definiteErrorsAreNotRetried() throws {
        let transport = FakeTransport(answers: [Self.status(400, "InvalidParameter"), Self.ok()])
        guard case .failure(let error) = try Self.client(transport).call(OutboundBotRequest(action: "ListInstances")) else {
            Issue.record("expected a failure"); return
        }
        #expect(error.code == "InvalidParameter" && error.attempts == 1)
    }

    @Test func theLastErrorIsReportedWithTheTrueCount() throws {
        let transport = FakeTransport(answers: [Self.status(502, "BadGateway"), Self.status(500, "InternalError")])
        guard case .failure(let error) = try Self.client(transport).call(OutboundBotRequest(action: "ListInstances")) else {
            Issue.record("expected a failure"); return
        }
        #expect(error.attempts == 3 && error.code == "InternalError" && transport.sent.count == 3)
    }

    @Test func oneAttemptWhenRetriesAreOff() throws {
        let transport = FakeTransport(answers: [Self.status(500, "InternalError"), Self.ok()])
        let result = try Self.client(transport, policy: .off).call(OutboundBotRequest(action: "ListInstances"))
        #expect(result.failure?.attempts == 1)
    }

    // MARK: Timing

    @Test func retryAfterIsHonoured() throws {
        let transport = FakeTransport(answers: [Self.status(400, "Throttling.User", headers: ["x-acs-retry-after": "150"]), Self.ok()])
        let started = MonotonicClock.milliseconds()
        _ = try Self.client(transport).call(OutboundBotRequest(action: "ListInstances")).get()
        #expect(MonotonicClock.milliseconds() - started >= 150)
    }

    @Test func theDeadlineStopsAWaitBeforeItStarts() throws {
        let transport = FakeTransport(answers: [Self.status(400, "Throttling.User", headers: ["x-acs-retry-after": "5000"]), Self.ok()])
        let started = MonotonicClock.milliseconds()
        let result = try Self.client(transport, deadline: 300).call(OutboundBotRequest(action: "ListInstances"))
        #expect(result.failure?.message.contains("deadline") == true, "\(String(describing: result.failure))")
        #expect(MonotonicClock.milliseconds() - started < 5000)
        #expect(transport.sent.count == 1)
        #expect(transport.sent[0].timeoutMilliseconds ?? .max <= 300)
    }

    @Test func backoffIsFullJitterCapped() {
        let policy = RetryPolicy(maxAttempts: 10, baseDelayMilliseconds: 100, maxDelayMilliseconds: 1000)
        #expect(policy.backoffMilliseconds(beforeRetry: 1, random: { $0 }) == 100)
        #expect(policy.backoffMilliseconds(beforeRetry: 3, random: { $0 }) == 400)
        #expect(policy.backoffMilliseconds(beforeRetry: 9, random: { $0 }) == 1000)
        #expect(policy.backoffMilliseconds(beforeRetry: 99, random: { $0 }) == 1000)
        #expect(policy.backoffMilliseconds(beforeRetry: 3, random: { _ in 0 }) == 0)
    }

    @Test func retryAfterHeaders() {
        #expect(RetryAfter.milliseconds(in: HTTPResponse(status: 429, headers: ["x-acs-retry-after": "250"], body: []), nowSeconds: 0) == 250)
        #expect(RetryAfter.milliseconds(in: HTTPResponse(status: 429, headers: ["retry-after": "2"], body: []), nowSeconds: 0) == 2000)
        #expect(RetryAfter.milliseconds(in: HTTPResponse(status: 429, headers: ["retry-after": "Sun, 06 Nov 1994 08:49:37 GMT"], body: []), nowSeconds: 784111770) == 7000)
        #expect(RetryAfter.milliseconds(in: HTTPResponse(status: 429, headers: ["retry-after": "soon"], body: []), nowSeconds: 0) == nil)
        #expect(RetryAfter.milliseconds(in: HTTPResponse(status: 429, headers: ["x-acs-retry-after": "-5"], body: []), nowSeconds: 0) == nil)
    }

    @Test func policyRangesNameTheField() {
        for (policy, field) in [(RetryPolicy(maxAttempts: 0), "max_attempts"), (RetryPolicy(maxAttempts: 101), "max_attempts"),
                                (RetryPolicy(baseDelayMilliseconds: -1), "retry_base_delay_ms"),
                                (RetryPolicy(baseDelayMilliseconds: 10, maxDelayMilliseconds: 5), "retry_max_delay_ms"),
                                (RetryPolicy(maxDelayMilliseconds: 1 << 40), "retry_max_delay_ms")] {
            #expect(throws: OutboundBotError.self) { try policy.validate() }
            do { try policy.validate() } catch { #expect(error.message.hasPrefix(field)) }
        }
        #expect(throws: OutboundBotError.self) { try CallOptions.validateDeadline(-1) }
        #expect(throws: OutboundBotError.self) { try CallOptions.validateDeadline(1_000_000_000_000) }
    }

    // MARK: Exactly-once CreateInstance

    @Test func ambiguousCreateFoundByItsLookupIsReconciled() throws {
        let transport = FakeTransport(answers: [Self.timedOutAfterSending, Self.listing(Self.ours, total: 1)])
        let response = try Self.client(transport).call(CreateInstanceRequest(
            instanceName: "campaign", instanceDescription: "spring", maxConcurrentConversation: 4)).get()
        #expect(response.reconciled && response.attempts == 1 && response.instance?.instanceId == "i-1")
        let lookup = queryPairs(transport.sent[1])
        #expect(transport.sent[1].headers.contains { $0.name == "x-acs-action" && $0.value == "ListInstances" })
        #expect(lookup["Name"] == "campaign" && lookup["PageNumber"] == "1")
    }

    @Test func ambiguousCreateNotFoundIsRetried() throws {
        let other = #"{"InstanceId":"i-9","InstanceName":"campaign2","MaxConcurrentConversation":4,"CreationTime":1700000000000}"#
        let transport = FakeTransport(answers: [Self.status(500, "InternalError"), Self.listing(other, total: 1),
                                                Self.ok(#"{"RequestId":"r","Instance":{"InstanceId":"i-2","InstanceName":"campaign"}}"#)])
        let response = try Self.client(transport).call(Self.create).get()
        #expect(!response.reconciled && response.attempts == 2)
    }

    @Test func anOlderInstanceOrOtherSettingsAreNotOurs() throws {
        let old = #"{"InstanceId":"i-0","InstanceName":"campaign","InstanceDescription":"spring","MaxConcurrentConversation":4,"CreationTime":1600000000000}"#
        let changed = #"{"InstanceId":"i-0","InstanceName":"campaign","InstanceDescription":"autumn","MaxConcurrentConversation":4,"CreationTime":1700000000000}"#
        for listed in [old, changed] {
            let transport = FakeTransport(answers: [Self.timedOutAfterSending, Self.listing(listed, total: 1),
                                                    Self.status(400, "InvalidInstanceName.Duplicated"), Self.listing(listed, total: 1)])
            let result = try Self.client(transport).call(Self.create)
            #expect(result.failure?.code == "InvalidInstanceName.Duplicated", "\(result)")
        }
    }

    @Test func duplicateAfterAnAmbiguousAttemptIsReconciled() throws {
        let transport = FakeTransport(answers: [Self.timedOutAfterSending, Self.listing("", total: 0),
                                                Self.status(400, "InvalidInstanceName.Duplicated"), Self.listing(Self.ours, total: 1)])
        let response = try Self.client(transport).call(Self.create).get()
        #expect(response.reconciled && response.attempts == 2)
    }

    @Test func duplicateOnTheFirstAttemptIsTheServiceError() throws {
        let transport = FakeTransport(answers: [Self.status(400, "InvalidInstanceName.Duplicated"), Self.listing(Self.ours, total: 1)])
        let result = try Self.client(transport).call(Self.create)
        #expect(result.failure?.code == "InvalidInstanceName.Duplicated" && transport.sent.count == 1)
    }

    @Test func theLookupReadsEveryPage() throws {
        let filler = #"{"InstanceId":"x","InstanceName":"campaign-x","MaxConcurrentConversation":1,"CreationTime":1700000000000}"#
        let full = Array(repeating: filler, count: 100).joined(separator: ",")
        let transport = FakeTransport(answers: [Self.status(500, "InternalError"), Self.listing(full, total: 101),
                                                Self.listing(Self.ours, total: 101)])
        let response = try Self.client(transport).call(Self.create).get()
        #expect(response.reconciled && queryPairs(transport.sent[2])["PageNumber"] == "2")
    }

    // MARK: Cancellation, secrets, trace

    @Test func cancellingEndsAWaitAtOnce() throws {
        let transport = FakeTransport(answers: [Self.status(400, "Throttling.User", headers: ["x-acs-retry-after": "20000"]), Self.ok()])
        let token = CancellationToken()
        let client = try Self.client(transport)
        let started = MonotonicClock.milliseconds()
        Thread.detachNewThread { usleep(100_000); token.cancel() }
        let result = client.call(OutboundBotRequest(action: "ListInstances"), options: CallOptions(cancellation: token))
        #expect(result.failure?.kind == .cancelled)
        #expect(MonotonicClock.milliseconds() - started < 10_000)
        #expect(client.call(OutboundBotRequest(action: "ListInstances"), options: CallOptions(cancellation: token)).failure?.attempts == 0)
    }

    @Test func echoedSecretsAreRemovedFromMessageAndBody() throws {
        let echo = #"{"RequestId":"r","Code":"Bad","Message":"got \#(Self.token) and \#(Self.secret)","Echo":"\#(PercentEncoding.encode(Self.token)) \#(Self.token.replacing("/", with: "\\/"))"}"#
        let transport = FakeTransport(answers: [.success(HTTPResponse(status: 400, headers: [:], body: Array(echo.utf8)))])
        guard case .failure(let error) = try Self.client(transport).call(OutboundBotRequest(action: "ListInstances")) else {
            Issue.record("expected a failure"); return
        }
        let body = String(decoding: error.body, as: UTF8.self)
        for secret in [Self.token, Self.secret, PercentEncoding.encode(Self.token), Self.token.replacing("/", with: "\\/")] {
            #expect(!error.message.contains(secret) && !body.contains(secret), "\(secret)")
        }
    }

    @Test func oneInfoLinePerAttemptAndRedactedDebugLines() throws {
        let lines = Mutex<[String]>([])
        let log = LogHandler(level: .debug) { _, line in lines.withLock { $0.append(line) } }
        let transport = FakeTransport(answers: [Self.status(500, "InternalError"), Self.ok()])
        _ = try Self.client(transport, log: log).call(OutboundBotRequest(action: "ListInstances")).get()
        let all = lines.withLock { $0 }
        let info = all.filter { $0.hasPrefix("attempt ") }
        #expect(info.count == 2)
        #expect(info[0].contains("attempt 1/3 ListInstances: HTTP 500 InternalError request-id r-500") && info[0].contains(": retry in "))
        #expect(info[1].hasSuffix(": done"))
        #expect(all.contains { $0.hasPrefix("> Authorization: ACS3-HMAC-SHA256 Credential=testid,") && $0.hasSuffix("Signature=<redacted>") })
        #expect(all.contains { $0 == "> x-acs-security-token: <redacted>" })
        #expect(!all.joined().contains(Self.secret) && !all.joined().contains(Self.token))
    }
}

extension Result {
    var failure: Failure? {
        if case .failure(let error) = self { error } else { nil }
    }
}

/// AssignJobs is reconciled by its jobs' reference ids through ListJobsByGroup.
@Suite struct AssignJobsReconciliationTests {
    static func assign(_ jobs: [String]) -> OutboundBotRequest {
        OutboundBotRequest(action: "AssignJobs", parameters: [
            .init("InstanceId", .string("i-1")), .init("JobGroupId", .string("g-1")),
            .init("JobsJson", .array(jobs.map(JSONValue.string))),
        ])
    }

    static let twoJobs = assign([#"{"referenceId":"c-1","contacts":[{"phoneNumber":"1390"}]}"#,
                                 #"{"contacts":[{"phoneNumber":"1391","referenceId":"c-2"}]}"#])

    static func page(_ jobs: [(String, String)], total: Int) -> Result<HTTPResponse, OutboundBotError> {
        let list = jobs.map { #"{"JobId":"\#($0.0)","ReferenceId":"\#($0.1)"}"# }.joined(separator: ",")
        return RetryTests.ok(#"{"RequestId":"r","Jobs":{"TotalCount":\#(total),"List":[\#(list)]}}"#)
    }

    @Test func everyJobFoundIsReconciled() throws {
        let transport = FakeTransport(answers: [RetryTests.status(503, "ServiceUnavailable"),
                                                Self.page([("j-9", "other"), ("j-2", "c-2"), ("j-1", "c-1")], total: 3)])
        let response = try RetryTests.client(transport).call(Self.twoJobs).get()
        #expect(response.reconciled && response.attempts == 1)
        let body = try #require(try? response.json().get())
        #expect(body.member("JobsId") == .array([.string("j-1"), .string("j-2")]))
        #expect(queryPairs(transport.sent[1])["JobGroupId"] == "g-1" || formPairs(transport.sent[1])["JobGroupId"] == "g-1")
    }

    @Test func noJobFoundIsRetried() throws {
        let transport = FakeTransport(answers: [RetryTests.timedOutAfterSending, Self.page([], total: 0),
                                                RetryTests.ok(#"{"RequestId":"r","JobsId":["j-1","j-2"]}"#)])
        let response = try RetryTests.client(transport).call(Self.twoJobs).get()
        #expect(!response.reconciled && response.attempts == 2)
    }

    @Test func partlyPerformedIsNotRetried() throws {
        let transport = FakeTransport(answers: [RetryTests.timedOutAfterSending, Self.page([("j-1", "c-1")], total: 1), RetryTests.ok()])
        let result = try RetryTests.client(transport).call(Self.twoJobs)
        #expect(result.failure?.message.contains("1 of its 2 jobs") == true, "\(result)")
        #expect(transport.sent.count == 2)
    }

    @Test func jobsWithoutReferenceIdsAreNotLookedUp() throws {
        let transport = FakeTransport(answers: [RetryTests.timedOutAfterSending, RetryTests.ok()])
        let request = Self.assign([#"{"contacts":[{"phoneNumber":"1390"}]}"#])
        let result = try RetryTests.client(transport).call(request)
        #expect(result.failure?.message.contains("may have been performed") == true)
        #expect(transport.sent.count == 1)
    }
}

@Test func enormousRetryAfterIsCappedNotTrapped() {
    #expect(RetryAfter.milliseconds(in: HTTPResponse(status: 429, headers: ["x-acs-retry-after": "9223372036854775807"], body: []), nowSeconds: 0) == RetryAfter.limitMilliseconds)
    #expect(RetryAfter.milliseconds(in: HTTPResponse(status: 429, headers: ["retry-after": "9223372036854775807"], body: []), nowSeconds: 0) == RetryAfter.limitMilliseconds)
    #expect(RetryAfter.milliseconds(in: HTTPResponse(status: 429, headers: ["retry-after": "Fri, 31 Dec 9999 23:59:59 GMT"], body: []), nowSeconds: 0) == RetryAfter.limitMilliseconds)
}
