/// What an action reads from its answer besides the envelope (RequestId, Code,
/// Message, Success). Built from the same single parse of the body; must
/// accept any object, taking what it finds.
public protocol ResponsePayload: Sendable {
    init(_ fields: LenientFields)
}

/// For answers whose payload nobody reads (error bodies).
public struct NoPayload: ResponsePayload {
    public init(_ fields: LenientFields) {}
}
