#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A value behind a pthread mutex: the library's one lock type (`package`, so
/// the C ABI target uses it too).
///
/// Used instead of `Synchronization.Mutex` because, on Linux, that type locks
/// with raw futex calls inside the (uninstrumented) standard library, so
/// ThreadSanitizer cannot see it and reports every access it guards as a race,
/// which would hide real ones. `pthread_mutex_lock` is intercepted by
/// ThreadSanitizer, so the library's locking is checked rather than assumed
/// (`make sanitize-thread`). Uncontended, both cost about the same.
package final class Locked<Value: Sendable>: @unchecked Sendable {
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private var value: Value

    package init(_ value: Value) {
        self.value = value
        mutex = .allocate(capacity: 1)
        mutex.initialize(to: pthread_mutex_t())
        // Default attributes: cannot fail on Linux (no resources are allocated).
        _ = pthread_mutex_init(mutex, nil)
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deinitialize(count: 1)
        mutex.deallocate()
    }

    /// Runs `body` with the value, holding the lock. `body` must not call
    /// `withLock` on the same instance (the mutex is not recursive).
    package func withLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body(&value)
    }
}
