import COutboundBotHeader
import OutboundBot

#if canImport(Glibc)
import Glibc
#endif

/// Allocates, fills and frees obb_create_instance_result. Every string field
/// is a separate malloc'd copy, never NULL once filled; `release` frees them all.
enum ResultBuilder {
    /// A zeroed result, or nil when calloc fails.
    static func allocate() -> UnsafeMutablePointer<obb_create_instance_result>? {
        calloc(1, MemoryLayout<obb_create_instance_result>.size)?
            .bindMemory(to: obb_create_instance_result.self, capacity: 1)
    }

    /// A failure detected before anything was sent.
    static func fill(_ result: UnsafeMutablePointer<obb_create_instance_result>,
                     status: obb_status, message: String) -> obb_status {
        fill(result, status: status, httpStatus: 0, code: "", message: message, requestId: "", success: false,
             body: [], instance: nil, attempts: 0, reconciled: false)
    }

    static func fill(_ result: UnsafeMutablePointer<obb_create_instance_result>, with error: OutboundBotError) -> obb_status {
        fill(result, status: status(of: error.kind), httpStatus: error.httpStatus, code: error.code,
             message: error.message, requestId: error.requestId, success: false, body: error.body,
             instance: nil, attempts: error.attempts, reconciled: false)
    }

    static func fill(_ result: UnsafeMutablePointer<obb_create_instance_result>,
                     with response: CreateInstanceResponse) -> obb_status {
        fill(result, status: OBB_OK, httpStatus: response.httpStatus, code: response.code, message: response.message,
             requestId: response.requestId, success: true, body: response.body, instance: response.instance,
             attempts: response.attempts, reconciled: response.reconciled)
    }

    private static func fill(
        _ result: UnsafeMutablePointer<obb_create_instance_result>, status: obb_status, httpStatus: Int,
        code: String, message: String, requestId: String, success: Bool, body: [UInt8], instance: Instance?,
        attempts: Int, reconciled: Bool
    ) -> obb_status {
        var out = obb_create_instance_result()
        var allocated = true
        func copy(_ string: String) -> UnsafeMutablePointer<CChar>? {
            let pointer = CStrings.copy(string)
            if pointer == nil { allocated = false }
            return pointer
        }
        out.http_status = Int32(clamping: httpStatus)
        out.code = copy(code)
        out.message = copy(message)
        out.request_id = copy(requestId)
        out.success = success ? 1 : 0
        out.body = CStrings.copy(body)
        if out.body == nil { allocated = false }
        out.body_length = body.count
        out.has_instance = instance == nil ? 0 : 1
        let instance = instance ?? Instance.empty
        out.instance.instance_id = copy(instance.instanceId)
        out.instance.instance_name = copy(instance.instanceName)
        out.instance.instance_description = copy(instance.instanceDescription)
        out.instance.creation_time = instance.creationTime
        out.instance.creator_id = instance.creatorId
        out.instance.creator_name = copy(instance.creatorName)
        out.instance.owner_name = copy(instance.ownerName)
        out.instance.resource_group_id = copy(instance.resourceGroupId)
        out.instance.max_concurrent_conversation = instance.maxConcurrentConversation
        out.attempts = UInt32(clamping: attempts)
        out.reconciled = reconciled ? 1 : 0
        out.status = allocated ? status : OBB_ERR_NO_MEMORY
        result.pointee = out
        return out.status
    }

    static func release(_ result: UnsafeMutablePointer<obb_create_instance_result>?) {
        guard let result else { return }
        let r = result.pointee
        for string in [r.code, r.message, r.request_id, r.body, r.instance.instance_id, r.instance.instance_name,
                       r.instance.instance_description, r.instance.creator_name, r.instance.owner_name,
                       r.instance.resource_group_id] {
            free(string)
        }
        free(result)
    }
}
