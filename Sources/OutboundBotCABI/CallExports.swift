import COutboundBotHeader
import OutboundBot

/// Reads the action name and builds the request a generic call, or a pager,
/// sends: the boundary checks only (NULL, UTF-8, JSON syntax); the catalogue
/// checks are the pipeline's.
enum GenericRequest {
    /// Longer than any action name (the longest is under 40 bytes), short
    /// enough that the "did you mean" search over every action stays cheap.
    static let maxActionLength = 256

    static func action(_ pointer: UnsafePointer<CChar>?) throws(ABIError) -> String {
        try CStrings.readRequired(pointer, field: "action", maxLength: maxActionLength)
    }

    /// NULL or "" means no parameters; anything else must be a JSON object.
    static func make(action: UnsafePointer<CChar>?, json: UnsafePointer<CChar>?) throws(ABIError) -> OutboundBotRequest {
        let name = try self.action(action)
        guard let text = try CStrings.read(json, field: "params_json", maxLength: CStrings.maxJSONLength),
              !text.isEmpty else {
            return OutboundBotRequest(action: name)
        }
        do throws(OutboundBotError) {
            return try OutboundBotRequest(action: name, json: text.utf8, field: "params_json")
        } catch {
            throw ABIError(OutboundBotCABI.status(of: error.kind), error.message)
        }
    }

    static func make(action: UnsafePointer<CChar>?, params: OpaquePointer?) throws(ABIError) -> OutboundBotRequest {
        let name = try self.action(action)
        return OutboundBotRequest(action: name, parameters: try ParamsBox.parameters(params))
    }
}

@c @implementation
public func obb_call(_ handle: OpaquePointer?, _ action: UnsafePointer<CChar>?, _ paramsJSON: UnsafePointer<CChar>?,
                     _ outResponse: UnsafeMutablePointer<OpaquePointer?>?) -> obb_status {
    callReturningResponse(handle, outResponse) { () throws(ABIError) in try GenericRequest.make(action: action, json: paramsJSON) }
}

@c @implementation
public func obb_call_params(_ handle: OpaquePointer?, _ action: UnsafePointer<CChar>?, _ params: OpaquePointer?,
                            _ outResponse: UnsafeMutablePointer<OpaquePointer?>?) -> obb_status {
    callReturningResponse(handle, outResponse) { () throws(ABIError) in try GenericRequest.make(action: action, params: params) }
}

/// Every call answered with an obb_response (obb_call, obb_call_params,
/// obb_delete_instance): a response on every path but a NULL out pointer.
func callReturningResponse(_ handle: OpaquePointer?, _ outResponse: UnsafeMutablePointer<OpaquePointer?>?,
                  _ makeRequest: () throws(ABIError) -> OutboundBotRequest) -> obb_status {
    guard let outResponse else { return OBB_ERR_INVALID_ARGUMENT }
    let box: ResponseBox
    do throws(ABIError) {
        guard let handle else { throw ABIError(OBB_ERR_INVALID_ARGUMENT, "client: must not be NULL") }
        let request = try makeRequest()
        box = ResponseBox(client(from: handle).call(request))
    } catch {
        box = ResponseBox(error)
    }
    outResponse.pointee = box.handOut()
    return box.status
}
