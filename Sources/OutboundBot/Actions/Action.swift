/// The API this client speaks.
public enum OutboundBotAPI {
    public static let version = "2019-12-26"
    public static let productCode = "outboundbot"
}

/// A typed convenience for one action: a thin layer over the one call path.
/// It builds an `OutboundBotRequest` and reads its typed output from the same
/// single parse of the answer that gives the envelope.
public protocol OutboundBotAction: Sendable {
    associatedtype Output: Sendable
    /// What the action reads from a successful answer's JSON.
    associatedtype Payload: ResponsePayload

    static var name: String { get }

    /// Checks what the catalogue cannot express (lengths, allowed values),
    /// naming the C field; throws an invalid-argument error. The catalogue
    /// check that follows is the pipeline's.
    func validate() throws(OutboundBotError)

    /// The generic request this typed one stands for.
    var request: OutboundBotRequest { get }

    /// Reads the action's result from a successful answer.
    static func output(from answer: ServiceAnswer<Payload>) -> Output
}

extension OutboundBotAction {
    public func validate() throws(OutboundBotError) {}
}

/// The answer of a typed action: the envelope and what the action read.
public struct TypedResponse<Value: Sendable>: Sendable {
    public var response: OutboundBotResponse
    public var value: Value
}
