import CCurlShim
import CLibcurl

#if canImport(Glibc)
import Glibc
#endif

/// A call the loop drives, whatever its payload: `AsyncCall` in production.
protocol LoopCall: AnyObject, Sendable {
    var cancellation: CancellationToken? { get }
    func start() -> LoopStep
    func received(_ outcome: Result<HTTPResponse, OutboundBotError>) -> LoopStep
    func resumed() -> LoopStep
    func cancelled(_ reason: String) -> LoopStep
}

/// `CallStep` without its payload type: the loop only performs it.
enum LoopStep {
    case send(HTTPRequest)
    case wait(milliseconds: Int64)
    /// The call has delivered its outcome and is done.
    case finished
}

/// The I/O thread of a client's asynchronous calls: one libcurl multi handle
/// performs every exchange in flight; waits between attempts are timers. So
/// thousands of calls need one thread, not one each.
///
/// Threads: `submit` and the cancellation observers run on any thread and
/// only touch `inbox` (under its lock) and wake the loop; everything else,
/// the multi handle, the easy handles and the calls, belongs to the loop's
/// thread. Completions run there too.
final class CurlMultiLoop: @unchecked Sendable {
    /// Connections open at once; more calls queue inside libcurl. Keeps a
    /// host with thousands of calls in flight under its file limit.
    static let maxConnections = 256

    private struct Inbox {
        var calls: [LoopCall] = []
        var cancellationsPending = false
        var closing = false
        /// false once the thread has exited: nothing more is accepted.
        var accepting = true
    }

    private struct Entry {
        let call: LoopCall
        var easy: CurlEasyHandle?
        var observer: UInt64?
    }

    private let options: CurlTransportOptions
    private let multi: UnsafeMutableRawPointer
    private let inbox = Locked(Inbox())
    /// Guards the multi handle's one thread-safe use from other threads
    /// (`curl_multi_wakeup`) against its cleanup.
    private let wakeable = Locked(true)
    /// The loop's thread, once started.
    private let thread = Locked<pthread_t?>(nil)

    // The loop thread's own state.
    private var entries: [Int: Entry] = [:]
    /// When each waiting call resumes: only the waiting ones, so a loop turn
    /// with a thousand transfers in flight does not scan them all.
    private var timers: [Int: Int64] = [:]
    private var callByEasy: [UnsafeMutableRawPointer: Int] = [:]
    private var idleHandles: [CurlEasyHandle] = []
    private var nextId = 0

    init?(options: CurlTransportOptions) {
        guard let multi = curl_multi_init() else { return nil }
        self.multi = multi
        self.options = options
        _ = obb_shim_multi_setopt_long(multi, CURLMOPT_MAX_TOTAL_CONNECTIONS, Self.maxConnections)
    }

    deinit {
        curl_multi_cleanup(multi)
    }

    /// Queues `call`; false when the loop has stopped (the client is closed).
    func submit(_ call: LoopCall) -> Bool {
        guard ensureStarted() else { return false }
        let accepted = inbox.withLock { inbox -> Bool in
            guard inbox.accepting else { return false }
            inbox.calls.append(call)
            return true
        }
        if accepted { wake() }
        return accepted
    }

    /// Completes every call in flight with `.cancelled`, then stops the
    /// thread. Waits for it, unless called on it (from a completion): then
    /// the thread finishes the work once the completion returns.
    func close() {
        inbox.withLock { $0.closing = true }
        guard let thread = thread.withLock({ $0 }) else { return }
        wake()
        if pthread_equal(pthread_self(), thread) == 0 {
            pthread_join(thread, nil)
        } else {
            pthread_detach(thread)  // it ends on its own once this completion returns
        }
    }

    private func wake() {
        wakeable.withLock { alive in
            if alive { _ = curl_multi_wakeup(multi) }
        }
    }

    /// Starts the thread on first use; false when it cannot be started.
    private func ensureStarted() -> Bool {
        thread.withLock { thread in
            if thread != nil { return true }
            var attributes = pthread_attr_t()
            pthread_attr_init(&attributes)
            defer { pthread_attr_destroy(&attributes) }
            var created = pthread_t()
            // The thread holds the loop until it exits.
            let context = Unmanaged.passRetained(self).toOpaque()
            let result = pthread_create(&created, &attributes, { context in
                guard let context else { return nil }
                let loop = Unmanaged<CurlMultiLoop>.fromOpaque(context).takeRetainedValue()
                loop.run()
                return nil
            }, context)
            guard result == 0 else {
                Unmanaged<CurlMultiLoop>.fromOpaque(context).release()
                return false
            }
            thread = created
            return true
        }
    }

    // MARK: The loop thread

    private func run() {
        while true {
            let (arrived, cancellationsPending, closing) = inbox.withLock { inbox in
                defer {
                    inbox.calls = []
                    inbox.cancellationsPending = false
                }
                return (inbox.calls, inbox.cancellationsPending, inbox.closing)
            }
            for call in arrived { admit(call, closing: closing) }
            if closing {
                for id in entries.keys.sorted() { cancel(id, reason: "the client was closed") }
                let done = inbox.withLock { inbox -> Bool in
                    guard inbox.calls.isEmpty, entries.isEmpty else { return false }
                    inbox.accepting = false
                    return true
                }
                if done { break }
                continue
            }
            if cancellationsPending {
                for (id, entry) in entries where entry.call.cancellation?.isCancelled == true {
                    cancel(id, reason: "the call was cancelled")
                }
            }
            fireTimers()
            transfer()
            var numfds: Int32 = 0
            _ = curl_multi_poll(multi, nil, 0, Int32(clamping: pollTimeout()), &numfds)
        }
        wakeable.withLock { $0 = false }
        idleHandles = []  // their connections close before the multi handle is cleaned up
    }

    private func admit(_ call: LoopCall, closing: Bool) {
        nextId += 1
        let id = nextId
        var entry = Entry(call: call)
        if let cancellation = call.cancellation {
            entry.observer = cancellation.observe { [weak self] in
                guard let self else { return }
                self.inbox.withLock { $0.cancellationsPending = true }
                self.wake()
            }
        }
        entries[id] = entry
        if closing {
            advance(id, call.cancelled("the client was closed"))
        } else if call.cancellation != nil, entry.observer == nil {
            advance(id, call.cancelled("the call was cancelled"))
        } else {
            advance(id, call.start())
        }
    }

    private func cancel(_ id: Int, reason: String) {
        guard let entry = entries[id] else { return }
        if let easy = entry.easy {
            curl_multi_remove_handle(multi, easy.handle)
            callByEasy[easy.handle] = nil
            entries[id]?.easy = nil
            recycle(easy, afterAbort: true)
        }
        timers[id] = nil
        advance(id, entry.call.cancelled(reason))
    }

    private func fireTimers() {
        guard !timers.isEmpty else { return }
        let now = MonotonicClock.milliseconds()
        for (id, due) in timers where due <= now {
            timers[id] = nil
            if let entry = entries[id] { advance(id, entry.call.resumed()) }
        }
    }

    private func pollTimeout() -> Int64 {
        guard let nextDue = timers.values.min() else { return 1000 }
        return max(0, min(1000, nextDue - MonotonicClock.milliseconds()))
    }

    /// Lets libcurl move every transfer on and hands finished ones back.
    private func transfer() {
        var running: Int32 = 0
        repeat {
            _ = curl_multi_perform(multi, &running)
            var finishedAny = false
            var left: Int32 = 0
            while let message = curl_multi_info_read(multi, &left) {
                guard message.pointee.msg == CURLMSG_DONE, let easyPointer = message.pointee.easy_handle else { continue }
                let code = message.pointee.data.result
                curl_multi_remove_handle(multi, easyPointer)
                guard let id = callByEasy.removeValue(forKey: easyPointer), let entry = entries[id],
                      let easy = entry.easy else { continue }
                entries[id]?.easy = nil
                let outcome = easy.complete(code)
                recycle(easy, afterAbort: false)
                advance(id, entry.call.received(outcome))
                finishedAny = true
            }
            // A finished transfer may have started another: let libcurl begin it now.
            if !finishedAny { break }
        } while true
    }

    /// Performs what a call asked for, until it waits on the network or a timer.
    private func advance(_ id: Int, _ first: LoopStep) {
        var step = first
        while true {
            guard let entry = entries[id] else { return }
            switch step {
            case .finished:
                entry.call.cancellation?.stopObserving(entry.observer)
                entries[id] = nil
                timers[id] = nil
                return
            case .wait(let milliseconds):
                timers[id] = MonotonicClock.milliseconds() + milliseconds
                return
            case .send(let request):
                guard let easy = idleHandles.popLast() ?? CurlEasyHandle(options: options) else {
                    step = entry.call.received(.failure(OutboundBotError(.noMemory, "curl_easy_init failed")))
                    continue
                }
                if let error = easy.prepare(request) {
                    recycle(easy, afterAbort: false)
                    step = entry.call.received(.failure(error))
                    continue
                }
                let added = curl_multi_add_handle(multi, easy.handle)
                guard added == CURLM_OK else {
                    recycle(easy, afterAbort: false)
                    step = entry.call.received(.failure(OutboundBotError(.internal, "curl_multi_add_handle failed: \(added.rawValue)")))
                    continue
                }
                entries[id]?.easy = easy
                callByEasy[easy.handle] = id
                return
            }
        }
    }

    /// Keeps a handle for the next exchange; one whose transfer was cut off
    /// is dropped, with its half-used connection.
    private func recycle(_ easy: CurlEasyHandle, afterAbort: Bool) {
        if !afterAbort, idleHandles.count < options.maxIdleConnections { idleHandles.append(easy) }
    }
}
