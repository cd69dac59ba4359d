/// What a call asks its driver to do next. A blocking call performs each step
/// on the caller's thread; an asynchronous one on its client's I/O thread.
/// Both run the same `CallMachine`, so both follow one policy.
enum CallStep<Payload: ResponsePayload> {
    /// Perform this exchange, then give its outcome to `received`.
    case send(HTTPRequest)
    /// Wait this long (unless cancelled), then call `resumed`.
    case wait(milliseconds: Int64)
    /// The call's outcome.
    case finish(Result<ServiceAnswer<Payload>, OutboundBotError>)
}
