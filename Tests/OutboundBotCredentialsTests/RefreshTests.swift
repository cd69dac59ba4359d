import Synchronization
import Testing
@testable import OutboundBot
import OutboundBotSigner

#if canImport(Glibc)
import Glibc
#endif

/// A provider that counts its fetches, answers from a script, and can be held.
final class CountingProvider: CredentialsProvider {
    let source = "counting test provider"
    let fetches = Atomic<Int>(0)
    let lifetime: Int64
    let clock: @Sendable () -> Int64
    let failing = Atomic<Bool>(false)
    let holdMilliseconds: Int

    init(lifetime: Int64, clock: @escaping @Sendable () -> Int64, holdMilliseconds: Int = 0) {
        self.lifetime = lifetime
        self.clock = clock
        self.holdMilliseconds = holdMilliseconds
    }

    func fetch() throws(OutboundBotError) -> ProvidedCredentials {
        let number = fetches.add(1, ordering: .sequentiallyConsistent).newValue
        if holdMilliseconds > 0 { usleep(UInt32(holdMilliseconds * 1000)) }
        if failing.load(ordering: .sequentiallyConsistent) { throw OutboundBotError(.credentials, "STS is down") }
        return ProvidedCredentials(credentials: Credentials(accessKeyId: "STS.\(number)", accessKeySecret: "s", securityToken: "t"),
                                   expiresAtMilliseconds: clock() + lifetime, source: source)
    }
}

final class ManualClock: Sendable {
    let now = Atomic<Int64>(fixedNow)
    var read: @Sendable () -> Int64 { { self.now.load(ordering: .sequentiallyConsistent) } }
    func advance(_ milliseconds: Int64) { now.add(milliseconds, ordering: .sequentiallyConsistent) }
}

struct RefreshTests {
    func cache(_ provider: CountingProvider, clock: ManualClock, log: LogHandler? = nil) throws -> RefreshingCredentials {
        RefreshingCredentials(provider: provider, first: try provider.fetch(), nowMilliseconds: clock.read, log: log)
    }

    @Test func theMarginIsThreeMinutesOrAQuarterOfTheLifetime() {
        #expect(RefreshingCredentials.margin(lifetime: 3_600_000) == 180_000)
        #expect(RefreshingCredentials.margin(lifetime: 4_000) == 1_000)
        #expect(RefreshingCredentials.margin(lifetime: -5) == 0)
    }

    @Test func refreshesOnceInsideTheMarginAndNotBefore() throws {
        let clock = ManualClock()
        let provider = CountingProvider(lifetime: 3_600_000, clock: clock.read)
        let cache = try cache(provider, clock: clock)
        clock.advance(3_600_000 - 180_001)
        #expect(try cache.credentials().accessKeyId == "STS.1")
        clock.advance(2)
        #expect(try cache.credentials().accessKeyId == "STS.2")
        #expect(try cache.credentials().accessKeyId == "STS.2")
        #expect(provider.fetches.load(ordering: .sequentiallyConsistent) == 2)
    }

    @Test func aFailedRefreshKeepsTheOldCredentialsAndBacksOff() throws {
        let clock = ManualClock()
        let provider = CountingProvider(lifetime: 3_600_000, clock: clock.read)
        let lines = LogLines()
        let cache = try cache(provider, clock: clock, log: lines.handler)
        provider.failing.store(true, ordering: .sequentiallyConsistent)
        clock.advance(3_500_000)
        #expect(try cache.credentials().accessKeyId == "STS.1")
        #expect(try cache.credentials().accessKeyId == "STS.1")   // within the backoff: no new attempt
        #expect(provider.fetches.load(ordering: .sequentiallyConsistent) == 2)
        #expect(lines.all.contains { $0.hasPrefix("warning: credentials: refresh failed (keeping the current ones, next try in 1000 ms): STS is down") })
        clock.advance(1_000)
        _ = try cache.credentials()
        #expect(provider.fetches.load(ordering: .sequentiallyConsistent) == 3)
        provider.failing.store(false, ordering: .sequentiallyConsistent)
        clock.advance(2_000)
        #expect(try cache.credentials().accessKeyId == "STS.4")
    }

    @Test func onceExpiredAFailedRefreshIsTheCallsError() throws {
        let clock = ManualClock()
        let provider = CountingProvider(lifetime: 10_000, clock: clock.read)
        let cache = try cache(provider, clock: clock)
        provider.failing.store(true, ordering: .sequentiallyConsistent)
        clock.advance(10_000)
        #expect(throws: OutboundBotError.self) { try cache.credentials() }
    }

    @Test func eightThreadsShareOneRefresh() throws {
        let clock = ManualClock()
        let provider = CountingProvider(lifetime: 3_600_000, clock: clock.read, holdMilliseconds: 50)
        let cache = try cache(provider, clock: clock)
        clock.advance(3_500_000)   // inside the margin, still valid
        let ids = Mutex<[String]>([])
        try runThreads(8) { _ in
            for _ in 0..<20 { let id = try cache.credentials().accessKeyId; ids.withLock { $0.append(id) } }
        }
        #expect(provider.fetches.load(ordering: .sequentiallyConsistent) == 2)
        #expect(ids.withLock { $0.count } == 160)
    }

    @Test func threadsWaitOnlyWhenNothingValidIsLeft() throws {
        let clock = ManualClock()
        let provider = CountingProvider(lifetime: 60_000, clock: clock.read, holdMilliseconds: 50)
        let cache = try cache(provider, clock: clock)
        clock.advance(60_000)   // expired: everyone needs the new ones
        let ids = Mutex<Set<String>>([])
        try runThreads(8) { _ in let id = try cache.credentials().accessKeyId; ids.withLock { _ = $0.insert(id) } }
        #expect(ids.withLock { $0 } == ["STS.2"])
        #expect(provider.fetches.load(ordering: .sequentiallyConsistent) == 2)
    }
}

/// Runs `body` on `count` threads at once and rethrows the first error.
func runThreads(_ count: Int, _ body: @escaping @Sendable (Int) throws -> Void) throws {
    let failure = Mutex<(any Error)?>(nil)
    final class Box: @unchecked Sendable { let run: () -> Void; init(_ run: @escaping () -> Void) { self.run = run } }
    var threads: [pthread_t] = []
    for index in 0..<count {
        let box = Unmanaged.passRetained(Box {
            do { try body(index) } catch { failure.withLock { $0 = $0 ?? error } }
        })
        var thread = pthread_t()
        let created = pthread_create(&thread, nil, { raw in
            guard let raw else { return nil }
            let box = Unmanaged<Box>.fromOpaque(raw).takeRetainedValue()
            box.run()
            return nil
        }, box.toOpaque())
        #expect(created == 0)
        threads.append(thread)
    }
    for thread in threads { pthread_join(thread, nil) }
    if let error = failure.withLock({ $0 }) { throw error }
}
