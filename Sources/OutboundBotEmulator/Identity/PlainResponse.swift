/// Answers of the plain HTTP identity endpoints, which are not RPC calls:
/// text, or JSON without the gateway's envelope.
extension EmulatorResponse {
    static func text(_ status: Int, _ body: String, headers: [(name: String, value: String)] = []) -> EmulatorResponse {
        EmulatorResponse(status: status, headers: [("content-type", "text/plain;charset=utf-8")] + headers,
                         body: Array(body.utf8))
    }
}
