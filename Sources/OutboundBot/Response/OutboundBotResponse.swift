/// The answer to any call: the envelope every action shares, the raw body,
/// and how many HTTP attempts the call took. Successful calls give one;
/// failed calls give an `OutboundBotError` carrying the same fields.
public struct OutboundBotResponse: Sendable {
    public var httpStatus: Int
    /// The service's Code ("" when it sent none; some actions send "OK").
    public var code: String
    public var message: String
    /// From the body, else the `x-acs-request-id` header.
    public var requestId: String
    /// The body's `Success`, true when absent on a successful answer.
    public var success: Bool
    /// The raw JSON body.
    public var body: [UInt8]
    /// HTTP attempts the call made.
    public var attempts: Int
    /// The answer was found by a lookup after an ambiguous attempt (see
    /// `CallMachine`), not received from the action itself.
    public var reconciled = false

    public init(httpStatus: Int, code: String, message: String, requestId: String, success: Bool,
                body: [UInt8], attempts: Int) {
        self.httpStatus = httpStatus
        self.code = code
        self.message = message
        self.requestId = requestId
        self.success = success
        self.body = body
        self.attempts = attempts
    }

    /// The body as a JSON value, for path lookups (`Instance.InstanceId`).
    public func json() -> Result<JSONValue, JSONParseError> {
        JSONValue.parse(body)
    }
}
