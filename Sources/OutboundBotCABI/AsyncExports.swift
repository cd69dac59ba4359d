import COutboundBotHeader
import OutboundBot

/// The size of obb_call_options' first version (0.4.0), frozen.
let callOptionsFirstSize = endOffset(of: \obb_call_options.cancel_token)

@c @implementation
public func obb_call_options_init(_ options: UnsafeMutablePointer<obb_call_options>?, _ structSize: Int) -> obb_status {
    guard let options, structSize >= callOptionsFirstSize, structSize <= Int(UInt32.max) else {
        return LastError.record(ABIError(OBB_ERR_INVALID_ARGUMENT,
                                         "options: must not be NULL, and struct_size at least \(callOptionsFirstSize)"))
    }
    var defaults = obb_call_options()
    defaults.max_attempts = Int32(OBB_FROM_CLIENT)
    defaults.retry_base_delay_ms = Int64(OBB_FROM_CLIENT)
    defaults.retry_max_delay_ms = Int64(OBB_FROM_CLIENT)
    defaults.deadline_ms = Int64(OBB_FROM_CLIENT)
    let raw = UnsafeMutableRawPointer(options)
    raw.initializeMemory(as: UInt8.self, repeating: 0, count: structSize)
    withUnsafeBytes(of: &defaults) { bytes in
        guard let source = bytes.baseAddress else { return }
        raw.copyMemory(from: source, byteCount: min(structSize, bytes.count))
    }
    raw.storeBytes(of: UInt32(structSize), as: UInt32.self)
    return OBB_OK
}

/// Reads an obb_call_options (NULL: every field from the client) into the
/// core's options for `client`.
func callOptions(_ pointer: UnsafePointer<obb_call_options>?, client: OutboundBotClient) throws(ABIError) -> CallOptions {
    guard pointer != nil else { return CallOptions() }
    let options = try readVersionedStruct(pointer, name: "options", firstSize: callOptionsFirstSize).value
    let fromClient = Int64(OBB_FROM_CLIENT)
    var policy = client.configuration.retryPolicy
    var overridden = false
    if Int64(options.max_attempts) != fromClient { policy.maxAttempts = Int(options.max_attempts); overridden = true }
    if options.retry_base_delay_ms != fromClient { policy.baseDelayMilliseconds = options.retry_base_delay_ms; overridden = true }
    if options.retry_max_delay_ms != fromClient { policy.maxDelayMilliseconds = options.retry_max_delay_ms; overridden = true }
    var result = CallOptions()
    if overridden { result.retryPolicy = policy }
    if options.deadline_ms != fromClient { result.deadlineMilliseconds = options.deadline_ms }
    result.cancellation = try CancelTokens.token(options.cancel_token, field: "options.cancel_token")
    do throws(OutboundBotError) {
        try result.validate()
    } catch {
        throw ABIError(status(of: error.kind), error.message)
    }
    return result
}

@c @implementation
public func obb_call_with_options(_ handle: OpaquePointer?, _ action: UnsafePointer<CChar>?,
                                  _ paramsJSON: UnsafePointer<CChar>?, _ options: UnsafePointer<obb_call_options>?,
                                  _ outResponse: UnsafeMutablePointer<OpaquePointer?>?) -> obb_status {
    guard let outResponse else { return OBB_ERR_INVALID_ARGUMENT }
    let box: ResponseBox
    do throws(ABIError) {
        guard let handle else { throw ABIError(OBB_ERR_INVALID_ARGUMENT, "client: must not be NULL") }
        let client = client(from: handle)
        let callOptions = try callOptions(options, client: client)
        let request = try GenericRequest.make(action: action, json: paramsJSON)
        box = ResponseBox(client.call(request, options: callOptions))
    } catch {
        box = ResponseBox(error)
    }
    outResponse.pointee = box.handOut()
    return box.status
}

/// The host's completion callback and its user data. The header makes the
/// host responsible for what user_data points to, hence `@unchecked`.
private struct CCompletion: @unchecked Sendable {
    let callback: obb_completion_callback
    let userData: UnsafeMutableRawPointer?

    func deliver(_ box: ResponseBox) {
        callback(userData, box.handOut())
    }
}

@c @implementation
public func obb_call_async(_ handle: OpaquePointer?, _ action: UnsafePointer<CChar>?,
                           _ paramsJSON: UnsafePointer<CChar>?, _ options: UnsafePointer<obb_call_options>?,
                           _ callback: obb_completion_callback?, _ userData: UnsafeMutableRawPointer?) -> obb_status {
    do throws(ABIError) {
        guard let handle else { throw ABIError(OBB_ERR_INVALID_ARGUMENT, "client: must not be NULL") }
        guard let callback else { throw ABIError(OBB_ERR_INVALID_ARGUMENT, "callback: must not be NULL") }
        let client = client(from: handle)
        let callOptions = try callOptions(options, client: client)
        let request = try GenericRequest.make(action: action, json: paramsJSON)
        let completion = CCompletion(callback: callback, userData: userData)
        do throws(OutboundBotError) {
            try client.callAsync(request, payload: NoPayload.self, options: callOptions) { result in
                completion.deliver(ResponseBox(result.map(\.response)))
            }
        } catch {
            throw ABIError(status(of: error.kind), error.message)
        }
        return OBB_OK
    } catch {
        return LastError.record(error)
    }
}
