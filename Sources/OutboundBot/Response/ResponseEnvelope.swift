/// A JSON object answer: the envelope every action shares, and its payload,
/// both read from one check of the body (`JSONIndex`: only what is read is built).
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

    /// nil unless `bytes` are a JSON object (exactly when `JSONValue.parse` gives one).
    static func parse(_ bytes: [UInt8]) -> ResponseEnvelope? {
        guard let index = JSONIndex(bytes), let fields = LenientFields(index, entry: JSONIndex.root) else { return nil }
        return ResponseEnvelope(fields)
    }
}
