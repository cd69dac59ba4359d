/// The API this client speaks.
public enum OutboundBotAPI {
    public static let version = "2019-12-26"
    public static let productCode = "outboundbot"
}

/// One OutboundBot action: how its request flattens into parameters and how
/// its result is read from the service's JSON. Every action takes the same
/// path through `OutboundBotClient.call`.
public protocol OutboundBotAction: Sendable {
    associatedtype Output: Sendable
    /// What the action reads from a successful answer's JSON.
    associatedtype Payload: ResponsePayload

    static var name: String { get }

    /// Checks the caller's input; throws an invalid-argument error naming the field.
    func validate() throws(OutboundBotError)

    /// The business parameters, flattened (`CallingNumber.1`, ...).
    var parameters: [(name: String, value: String)] { get }

    /// Reads the action's result from a successful answer.
    static func output(from answer: ServiceAnswer<Payload>) -> Output
}
