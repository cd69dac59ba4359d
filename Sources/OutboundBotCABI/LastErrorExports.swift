import COutboundBotHeader

#if canImport(Glibc)
import Glibc
#endif

/// The per-thread message of obb_last_error_message: the detail of a failure
/// of a function that returns only a status (path lookups, the parameter
/// builder). One malloc'd string per thread, replaced on the next failure and
/// freed by the thread-exit destructor.
enum LastError {
    /// Created once (Swift initialises globals exactly once, thread-safely);
    /// nil only if the process is out of thread-specific keys.
    private static let key: pthread_key_t? = {
        var key = pthread_key_t()
        return pthread_key_create(&key, { free($0) }) == 0 ? key : nil
    }()

    /// Records `error` as this thread's last failure and returns its status.
    @discardableResult
    static func record(_ error: ABIError) -> obb_status {
        if let key {
            let previous = pthread_getspecific(key)
            let message = CStrings.copy(error.message)  // nil when out of memory: then ""
            if pthread_setspecific(key, message) == 0 {
                free(previous)
            } else {
                free(message)
            }
        }
        return error.status
    }

    static var message: UnsafePointer<CChar>? {
        guard let key, let pointer = pthread_getspecific(key) else { return nil }
        return UnsafePointer(pointer.assumingMemoryBound(to: CChar.self))
    }
}

@c @implementation
public func obb_last_error_message() -> UnsafePointer<CChar> {
    LastError.message ?? staticCString("")
}
