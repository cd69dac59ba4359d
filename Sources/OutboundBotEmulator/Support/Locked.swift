#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A value behind a pthread mutex: the emulator's one lock type.
///
/// The same design as the library's `Locked` (Sources/OutboundBot/Transport/Locked.swift),
/// kept as its own small copy because the emulator must not depend on the library.
/// `Synchronization.Mutex` is not used: on Linux it locks with raw futex calls inside
/// the uninstrumented standard library, so ThreadSanitizer cannot see it and reports
/// every access it guards as a race. `pthread_mutex_lock` is intercepted by
/// ThreadSanitizer, so `make sanitize-thread` checks the emulator's locking too,
/// with no suppression file.
final class Locked<Value: Sendable>: @unchecked Sendable {
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private var value: Value

    init(_ value: Value) {
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

    /// Runs `body` with the value, holding the lock; rethrows what `body` throws,
    /// with its type. `body` must not call `withLock` on the same instance (the
    /// mutex is not recursive).
    func withLock<Result, Failure: Error>(_ body: (inout Value) throws(Failure) -> Result) throws(Failure) -> Result {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body(&value)
    }
}
