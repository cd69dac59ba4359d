/// A response the service meant as a success: its envelope and what the
/// action reads from it, both from one parse of the body.
public struct ServiceAnswer<Payload: ResponsePayload>: Sendable {
    public var response: OutboundBotResponse
    public var payload: Payload
}

/// Judges an HTTP response: a success with its payload, or an
/// `OutboundBotError` that keeps the HTTP status, body and any request id.
///
/// Pure and total: any bytes, any status, any content type give an answer;
/// nothing here can trap or loop on hostile input.
public enum ResponseDecoder {
    public static func decode<Payload: ResponsePayload>(
        _ response: HTTPResponse, payload: Payload.Type
    ) -> Result<ServiceAnswer<Payload>, OutboundBotError> {
        // Read only when the body names no request id: a header lookup scans the whole header block.
        var headerRequestId: String { response.header("x-acs-request-id") ?? "" }
        if let envelope = ResponseEnvelope<Payload>.parse(response.body) {
            let requestId = envelope.requestId ?? headerRequestId
            let code = envelope.code ?? ""
            let message = envelope.message ?? ""
            // OutboundBot may answer HTTP 200 with Success:false and an error Code.
            let codeSaysOK = code.isEmpty || code == "OK" || code == "200" || code == "Success"
            if (200..<300).contains(response.status) && envelope.success != false && codeSaysOK {
                let envelopeResponse = OutboundBotResponse(
                    httpStatus: response.status, code: code, message: message, requestId: requestId,
                    success: true, body: response.body, attempts: 1)
                return .success(ServiceAnswer(response: envelopeResponse, payload: (consume envelope).payload))
            }
            var error = OutboundBotError(.service, message.isEmpty ? "the service answered HTTP \(response.status) with code \(code.isEmpty ? "(none)" : code)" : message)
            error.code = code
            error.requestId = requestId
            return .failure(completed(error, response))
        }
        if let xml = XMLFields(response.body), let code = xml["Code"], !(200..<300).contains(response.status) {
            var error = OutboundBotError(.service, xml["Message"] ?? "the service answered HTTP \(response.status) with code \(code)")
            error.code = code
            error.requestId = xml["RequestId"] ?? headerRequestId
            return .failure(completed(error, response))
        }
        let contentType = response.header("content-type") ?? "no content type"
        let what = response.body.isEmpty ? "an empty body" : "a body that is not a JSON object (\(contentType), \(response.body.count) bytes)"
        var error = (200..<300).contains(response.status)
            ? OutboundBotError(.response, "HTTP \(response.status) with \(what)")
            : OutboundBotError(.service, "HTTP \(response.status) with \(what)")
        error.requestId = XMLFields(response.body)?["RequestId"] ?? headerRequestId
        return .failure(completed(error, response))
    }

    private static func completed(_ error: OutboundBotError, _ response: HTTPResponse) -> OutboundBotError {
        var error = error
        error.httpStatus = response.status
        error.body = response.body
        return error
    }
}
