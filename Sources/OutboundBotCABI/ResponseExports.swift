import COutboundBotHeader
import OutboundBot

#if canImport(Glibc)
import Glibc
#endif

/// What an `obb_response` handle stands for: the envelope and body of one
/// call (or one pager item), immutable once made, with its body parsed as
/// JSON at most once, on the first path lookup.
///
/// The body is parsed lazily, under a lock, rather than when the response is
/// made: most callers of a typed function or of obb_call read only the
/// envelope, and the core has already decoded that, so a call that is never
/// looked into costs no second parse. Lookups from many threads at once wait
/// for the one parse, then walk the shared, immutable value.
final class ResponseBox: Sendable {
    let status: obb_status
    let httpStatus: Int32
    let success: Bool
    let attempts: UInt32
    let reconciled: Bool
    // malloc'd NUL-terminated copies, owned (freed in deinit); nil only when
    // malloc failed, read as "".
    nonisolated(unsafe) let code: UnsafeMutablePointer<CChar>?
    nonisolated(unsafe) let message: UnsafeMutablePointer<CChar>?
    nonisolated(unsafe) let requestId: UnsafeMutablePointer<CChar>?
    nonisolated(unsafe) let body: UnsafeMutablePointer<CChar>?
    let bodyLength: Int
    private let parsed: Locked<Result<JSONValue, JSONParseError>?>

    private init(status: obb_status, httpStatus: Int, code: String, message: String, requestId: String,
                 success: Bool, body: [UInt8], attempts: Int, reconciled: Bool = false,
                 parsed: Result<JSONValue, JSONParseError>? = nil) {
        self.status = status
        self.httpStatus = Int32(clamping: httpStatus)
        self.success = success
        self.attempts = UInt32(clamping: attempts)
        self.reconciled = reconciled
        self.code = CStrings.copy(code)
        self.message = CStrings.copy(message)
        self.requestId = CStrings.copy(requestId)
        self.body = CStrings.copy(body)
        self.bodyLength = self.body == nil ? 0 : body.count
        self.parsed = Locked(parsed)
    }

    deinit {
        free(code)
        free(message)
        free(requestId)
        free(body)
    }

    /// A successful answer.
    convenience init(_ response: OutboundBotResponse) {
        self.init(status: OBB_OK, httpStatus: response.httpStatus, code: response.code, message: response.message,
                  requestId: response.requestId, success: response.success, body: response.body,
                  attempts: response.attempts, reconciled: response.reconciled)
    }

    /// A failed call, with whatever the service said.
    convenience init(_ error: OutboundBotError) {
        self.init(status: OutboundBotCABI.status(of: error.kind), httpStatus: error.httpStatus, code: error.code,
                  message: error.message, requestId: error.requestId, success: false, body: error.body,
                  attempts: error.attempts)
    }

    /// A failure found at the boundary: nothing was sent.
    convenience init(_ error: ABIError) {
        self.init(status: error.status, httpStatus: 0, code: "", message: error.message, requestId: "",
                  success: false, body: [], attempts: 0)
    }

    convenience init(_ result: Result<OutboundBotResponse, OutboundBotError>) {
        switch result {
        case .success(let response): self.init(response)
        case .failure(let error): self.init(error)
        }
    }

    /// One item of a page: its JSON as the body (already parsed), the page's envelope.
    convenience init(item: JSONValue, page: OutboundBotResponse?) {
        self.init(status: OBB_OK, httpStatus: page?.httpStatus ?? 0, code: page?.code ?? "",
                  message: page?.message ?? "", requestId: page?.requestId ?? "", success: true,
                  body: Array(item.jsonText.utf8), attempts: page?.attempts ?? 0, parsed: .success(item))
    }

    /// The body as JSON, parsed on first use.
    var json: Result<JSONValue, JSONParseError> {
        parsed.withLock { state in
            if let state { return state }
            // The body C reads is the one parsed: no second copy is kept.
            let result = JSONValue.parse(UnsafeRawBufferPointer(start: body, count: bodyLength))
            state = result
            return result
        }
    }

    /// A new +1 handle for C.
    func handOut() -> OpaquePointer {
        OpaquePointer(Unmanaged.passRetained(self).toOpaque())
    }

    /// The box a handle stands for, without taking ownership.
    static func from(_ handle: OpaquePointer) -> ResponseBox {
        Unmanaged<ResponseBox>.fromOpaque(UnsafeRawPointer(handle)).takeUnretainedValue()
    }

    /// Gives up the +1 reference `handOut` made.
    static func release(_ handle: OpaquePointer?) {
        guard let handle else { return }
        Unmanaged<ResponseBox>.fromOpaque(UnsafeRawPointer(handle)).release()
    }
}

// ---- accessors ------------------------------------------------------------------

@c @implementation
public func obb_response_status(_ response: OpaquePointer?) -> obb_status {
    guard let response else { return OBB_ERR_INVALID_ARGUMENT }
    return ResponseBox.from(response).status
}

@c @implementation
public func obb_response_http_status(_ response: OpaquePointer?) -> Int32 {
    guard let response else { return 0 }
    return ResponseBox.from(response).httpStatus
}

@c @implementation
public func obb_response_code(_ response: OpaquePointer?) -> UnsafePointer<CChar> {
    borrowed(response.flatMap { ResponseBox.from($0).code })
}

@c @implementation
public func obb_response_message(_ response: OpaquePointer?) -> UnsafePointer<CChar> {
    borrowed(response.flatMap { ResponseBox.from($0).message })
}

@c @implementation
public func obb_response_request_id(_ response: OpaquePointer?) -> UnsafePointer<CChar> {
    borrowed(response.flatMap { ResponseBox.from($0).requestId })
}

@c @implementation
public func obb_response_success(_ response: OpaquePointer?) -> Int32 {
    guard let response else { return 0 }
    return ResponseBox.from(response).success ? 1 : 0
}

@c @implementation
public func obb_response_body(_ response: OpaquePointer?, _ outLength: UnsafeMutablePointer<Int>?) -> UnsafePointer<CChar> {
    let box = response.map(ResponseBox.from)
    outLength?.pointee = box?.bodyLength ?? 0
    return borrowed(box?.body)
}

@c @implementation
public func obb_response_attempts(_ response: OpaquePointer?) -> UInt32 {
    guard let response else { return 0 }
    return ResponseBox.from(response).attempts
}

@c @implementation
public func obb_response_reconciled(_ response: OpaquePointer?) -> Int32 {
    guard let response else { return 0 }
    return ResponseBox.from(response).reconciled ? 1 : 0
}

@c @implementation
public func obb_response_free(_ response: OpaquePointer?) {
    ResponseBox.release(response)
}

private func borrowed(_ string: UnsafeMutablePointer<CChar>?) -> UnsafePointer<CChar> {
    string.map { UnsafePointer($0) } ?? staticCString("")
}

// ---- path lookups ---------------------------------------------------------------

@c @implementation
public func obb_response_get_string(_ response: OpaquePointer?, _ path: UnsafePointer<CChar>?,
                                    _ outValue: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> obb_status {
    lookup(response, path, outValue, "out_value") { json, path in json.string(at: path) } store: { out, text throws(ABIError) in
        guard let copy = CStrings.copy(text) else { throw ABIError(OBB_ERR_NO_MEMORY, "out_value: out of memory") }
        out.pointee = copy
    }
}

@c @implementation
public func obb_response_get_int64(_ response: OpaquePointer?, _ path: UnsafePointer<CChar>?,
                                   _ outValue: UnsafeMutablePointer<Int64>?) -> obb_status {
    lookup(response, path, outValue, "out_value") { json, path in json.int64(at: path) } store: { $0.pointee = $1 }
}

@c @implementation
public func obb_response_get_bool(_ response: OpaquePointer?, _ path: UnsafePointer<CChar>?,
                                  _ outValue: UnsafeMutablePointer<Int32>?) -> obb_status {
    lookup(response, path, outValue, "out_value") { json, path in json.bool(at: path) } store: { $0.pointee = $1 ? 1 : 0 }
}

@c @implementation
public func obb_response_get_array_length(_ response: OpaquePointer?, _ path: UnsafePointer<CChar>?,
                                          _ outLength: UnsafeMutablePointer<Int>?) -> obb_status {
    lookup(response, path, outLength, "out_length") { json, path in json.arrayLength(at: path) } store: { $0.pointee = $1 }
}

/// One lookup: check the arguments, parse the path, read the (lazily parsed)
/// body, find the value, store it. Every failure is recorded for
/// obb_last_error_message, naming the path.
private func lookup<Value, Out>(
    _ response: OpaquePointer?, _ pathPointer: UnsafePointer<CChar>?, _ out: UnsafeMutablePointer<Out>?,
    _ outName: String, _ find: (JSONValue, JSONPath) -> Result<Value, JSONLookupError>,
    store: (UnsafeMutablePointer<Out>, Value) throws(ABIError) -> Void
) -> obb_status {
    do throws(ABIError) {
        guard let response else { throw ABIError(OBB_ERR_INVALID_ARGUMENT, "response: must not be NULL") }
        let text = try CStrings.readRequired(pathPointer, field: "path", maxLength: JSONPath.maxLength)
        guard let out else { throw ABIError(OBB_ERR_INVALID_ARGUMENT, "\(outName): must not be NULL") }
        let path: JSONPath
        do throws(JSONPathError) {
            path = try JSONPath(text)
        } catch {
            throw ABIError(OBB_ERR_INVALID_ARGUMENT, "path: \(error.reason)")
        }
        let json: JSONValue
        switch ResponseBox.from(response).json {
        case .success(let value): json = value
        case .failure(let error): throw ABIError(OBB_ERR_RESPONSE, "\(text): the body is not JSON (\(error.reason))")
        }
        switch find(json, path) {
        case .success(let value):
            try store(out, value)
            return OBB_OK
        case .failure(.notFound(let at)):
            throw ABIError(OBB_ERR_NOT_FOUND, at == text ? "\(text): not found" : "\(text): not found (nothing at \(at))")
        case .failure(.wrongType(let expected, let found)):
            throw ABIError(OBB_ERR_WRONG_TYPE, "\(text): expected \(expected), found \(found)")
        }
    } catch {
        return LastError.record(error)
    }
}
