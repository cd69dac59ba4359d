/// A JSON object answer: the envelope every action shares, and its payload,
/// both read from one parse of the body.
struct ResponseEnvelope<Payload: ResponsePayload> {
    var requestId: String?
    var code: String?
    var message: String?
    var success: Bool?
    var payload: Payload

    init(_ fields: LenientFields) {
        requestId = fields.string("RequestId")
        code = fields.string("Code")
        message = fields.string("Message")
        success = fields.bool("Success")
        payload = Payload(fields)
    }

    /// nil unless `bytes` are a JSON object.
    static func parse(_ bytes: [UInt8]) -> ResponseEnvelope? {
        guard case .success(let value) = JSONValue.parse(bytes), let fields = LenientFields(value) else { return nil }
        return ResponseEnvelope(fields)
    }
}
