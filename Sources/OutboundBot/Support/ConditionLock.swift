#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A pthread mutex with a condition variable, for where a thread must wait
/// for another: credentials that have run out while a refresh is in flight,
/// a wait between attempts that a cancellation ends. The owner keeps its state in its own properties and touches them
/// only between `lock()` and `unlock()`. pthread, like `Locked`, so that
/// ThreadSanitizer sees it.
final class ConditionLock: @unchecked Sendable {
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private let condition: UnsafeMutablePointer<pthread_cond_t>

    init() {
        mutex = .allocate(capacity: 1)
        mutex.initialize(to: pthread_mutex_t())
        _ = pthread_mutex_init(mutex, nil)
        condition = .allocate(capacity: 1)
        condition.initialize(to: pthread_cond_t())
        _ = pthread_cond_init(condition, nil)
    }

    deinit {
        pthread_cond_destroy(condition)
        condition.deinitialize(count: 1)
        condition.deallocate()
        pthread_mutex_destroy(mutex)
        mutex.deinitialize(count: 1)
        mutex.deallocate()
    }

    func lock() { pthread_mutex_lock(mutex) }
    func unlock() { pthread_mutex_unlock(mutex) }
    /// Releases the lock until a `broadcast`, then holds it again. Callers
    /// re-check their condition in a loop (wake-ups may be spurious).
    func wait() { pthread_cond_wait(condition, mutex) }
    func broadcast() { pthread_cond_broadcast(condition) }

    /// `wait()`, giving up after about `milliseconds` (the realtime clock
    /// measures it; callers bound their total with `MonotonicClock`).
    func wait(milliseconds: Int64) {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        let nanoseconds = Int64(now.tv_nsec) + (milliseconds % 1000) * 1_000_000
        var until = timespec()
        until.tv_sec = now.tv_sec + Int(milliseconds / 1000) + Int(nanoseconds / 1_000_000_000)
        until.tv_nsec = Int(nanoseconds % 1_000_000_000)
        pthread_cond_timedwait(condition, mutex, &until)
    }
}
