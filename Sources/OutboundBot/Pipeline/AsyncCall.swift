/// An asynchronous call: a `CallMachine` that `CurlMultiLoop` drives, and
/// the completion that receives its outcome, exactly once.
final class AsyncCall<Payload: ResponsePayload>: LoopCall, @unchecked Sendable {
    let cancellation: CancellationToken?
    private let machine: CallMachine<Payload>?
    /// An outcome known before any step (an invalid request).
    private let early: OutboundBotError?
    private var completion: ((Result<ServiceAnswer<Payload>, OutboundBotError>) -> Void)?

    init(machine: CallMachine<Payload>, cancellation: CancellationToken?,
         completion: @escaping (Result<ServiceAnswer<Payload>, OutboundBotError>) -> Void) {
        self.machine = machine
        self.early = nil
        self.cancellation = cancellation
        self.completion = completion
    }

    /// A call that fails at once (on the loop thread, like any completion).
    init(failure: OutboundBotError, completion: @escaping (Result<ServiceAnswer<Payload>, OutboundBotError>) -> Void) {
        self.machine = nil
        self.early = failure
        self.cancellation = nil
        self.completion = completion
    }

    func start() -> LoopStep {
        guard let machine else { return deliver(.failure(early ?? OutboundBotError(.internal, "no call"))) }
        return loopStep(machine.start())
    }

    func received(_ outcome: Result<HTTPResponse, OutboundBotError>) -> LoopStep {
        guard let machine else { return .finished }
        return loopStep(machine.received(outcome))
    }

    func resumed() -> LoopStep {
        guard let machine else { return .finished }
        return loopStep(machine.resumed())
    }

    func cancelled(_ reason: String) -> LoopStep {
        guard let machine else { return deliver(.failure(early ?? OutboundBotError(.cancelled, reason))) }
        return loopStep(machine.cancelled(reason))
    }

    private func loopStep(_ step: CallStep<Payload>) -> LoopStep {
        switch step {
        case .send(let request): .send(request)
        case .wait(let milliseconds): .wait(milliseconds: milliseconds)
        case .finish(let result): deliver(result)
        }
    }

    private func deliver(_ result: Result<ServiceAnswer<Payload>, OutboundBotError>) -> LoopStep {
        let completion = self.completion
        self.completion = nil
        completion?(result)
        return .finished
    }
}
