#if canImport(Glibc)
import Glibc
#endif

/// A blocking call's hold on its cancellation token: it registers the call
/// as in flight for the whole call (so cancelling reports it), and gives
/// the waits between attempts that a cancellation ends at once.
final class CallWaiter: @unchecked Sendable {
    private let condition = ConditionLock()
    private var woken = false  // guarded by `condition`
    private let cancellation: CancellationToken
    private var observer: UInt64?

    /// nil when the token is cancelled already.
    init?(cancellation: CancellationToken) {
        self.cancellation = cancellation
        observer = cancellation.observe { [condition] in
            condition.lock()
            self.woken = true
            condition.broadcast()
            condition.unlock()
        }
        if observer == nil { return nil }
    }

    /// Ends the registration: the call is over.
    func finish() {
        cancellation.stopObserving(observer)
    }

    /// The wait of a call that cannot be cancelled; never cancelled (false).
    static func sleep(milliseconds: Int64) -> Bool {
        var request = timespec(tv_sec: Int(milliseconds / 1000), tv_nsec: Int(milliseconds % 1000) * 1_000_000)
        var remaining = timespec()
        while nanosleep(&request, &remaining) != 0, errno == EINTR { request = remaining }
        return false
    }

    /// Waits `milliseconds`; true when a cancellation ended the wait.
    func wait(milliseconds: Int64) -> Bool {
        let until = MonotonicClock.milliseconds() + milliseconds
        condition.lock()
        defer { condition.unlock() }
        while !woken {
            let left = until - MonotonicClock.milliseconds()
            guard left > 0 else { return false }
            condition.wait(milliseconds: left)
        }
        return true
    }
}
