import COutboundBotHeader
import OutboundBot

#if canImport(Glibc)
import Glibc
#endif

/// The size of obb_create_instance_request's first version (0.1.0), frozen:
/// smaller sizes are refused.
let createInstanceRequestFirstSize = endOffset(of: \obb_create_instance_request.calling_number_count)

@c @implementation
public func obb_create_instance(
    _ handle: OpaquePointer?,
    _ request: UnsafePointer<obb_create_instance_request>?,
    _ outResult: UnsafeMutablePointer<UnsafeMutablePointer<obb_create_instance_result>?>?
) -> obb_status {
    guard let outResult else { return OBB_ERR_INVALID_ARGUMENT }
    outResult.pointee = nil
    guard let result = ResultBuilder.allocate() else { return OBB_ERR_NO_MEMORY }
    outResult.pointee = result

    let outcome: Result<CreateInstanceResponse, OutboundBotError>
    do throws(ABIError) {
        guard let handle else { throw ABIError(OBB_ERR_INVALID_ARGUMENT, "client: must not be NULL") }
        let swiftRequest = try createInstanceRequest(from: request)
        let client = client(from: handle)
        // The typed method, not the generic `call`: inside the core the call
        // path is specialized for CreateInstance, with no generic metadata at run time.
        do throws(OutboundBotError) {
            outcome = .success(try client.createInstance(swiftRequest))
        } catch {
            outcome = .failure(error)
        }
    } catch {
        return ResultBuilder.fill(result, status: error.status, message: error.message)
    }
    switch outcome {
    case .success(let response):
        return ResultBuilder.fill(result, with: response)
    case .failure(let error):
        return ResultBuilder.fill(result, with: error)
    }
}

@c @implementation
public func obb_create_instance_result_free(_ result: UnsafeMutablePointer<obb_create_instance_result>?) {
    ResultBuilder.release(result)
}

/// Converts a C request. Every pointer and count is checked before it is
/// followed; the values are checked by the core.
private func createInstanceRequest(
    from pointer: UnsafePointer<obb_create_instance_request>?
) throws(ABIError) -> CreateInstanceRequest {
    let request = try readVersionedStruct(pointer, name: "request", firstSize: createInstanceRequestFirstSize).value
    let name = try CStrings.readRequired(request.instance_name, field: "instance_name")
    // size_t arrives as Int: a count above Int.max looks negative here.
    let count = request.calling_number_count
    guard count >= 0, count <= CreateInstanceRequest.maxCallingNumbers else {
        throw ABIError(OBB_ERR_INVALID_ARGUMENT,
                       "calling_number_count: at most \(CreateInstanceRequest.maxCallingNumbers), got \(UInt(bitPattern: count))")
    }
    var numbers: [String] = []
    if count > 0 {
        guard let array = request.calling_numbers else {
            throw ABIError(OBB_ERR_INVALID_ARGUMENT, "calling_numbers: must not be NULL when calling_number_count is \(count)")
        }
        numbers.reserveCapacity(count)
        for index in 0..<count {
            numbers.append(try CStrings.readRequired(array[index], field: "calling_numbers[\(index)]"))
        }
    }
    let swiftRequest = CreateInstanceRequest(
        instanceName: name,
        instanceDescription: try CStrings.read(request.instance_description, field: "instance_description"),
        maxConcurrentConversation: request.max_concurrent_conversation,
        nluServiceType: try CStrings.read(request.nlu_service_type, field: "nlu_service_type"),
        resourceGroupId: try CStrings.read(request.resource_group_id, field: "resource_group_id"),
        callingNumbers: numbers)
    // The core's own checks (lengths, ranges) run once, in `createInstance`,
    // and come back as a result with the same status and message.
    return swiftRequest
}
