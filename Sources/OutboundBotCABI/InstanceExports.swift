import COutboundBotHeader
import OutboundBot

#if canImport(Glibc)
import Glibc
#endif

// The instance lifecycle beside obb_create_instance: DescribeInstance,
// ModifyInstance, DeleteInstance and ListInstances, each a typed action of the
// core on the one call path. Output structs are calloc'd, each string a
// separate malloc'd copy, and every one carries the size this library filled.

/// First released sizes (0.2.0), frozen: the end of each struct's last field today.
let describeInstanceRequestFirstSize = endOffset(of: \obb_describe_instance_request.instance_id)
let modifyInstanceRequestFirstSize = endOffset(of: \obb_modify_instance_request.calling_number_count)
let deleteInstanceRequestFirstSize = endOffset(of: \obb_delete_instance_request.instance_id)
let listInstancesRequestFirstSize = endOffset(of: \obb_list_instances_request.resource_group_id)

@c @implementation
public func obb_describe_instance(_ handle: OpaquePointer?, _ request: UnsafePointer<obb_describe_instance_request>?,
                                  _ outResult: UnsafeMutablePointer<UnsafeMutablePointer<obb_instance_result>?>?) -> obb_status {
    instanceCall(handle, outResult) { () throws(ABIError) in
        let request = try readVersionedStruct(request, name: "request", firstSize: describeInstanceRequestFirstSize).value
        return DescribeInstanceRequest(instanceId: try requiredId(request.instance_id, field: "instance_id"))
    }
}

@c @implementation
public func obb_modify_instance(_ handle: OpaquePointer?, _ request: UnsafePointer<obb_modify_instance_request>?,
                                _ outResult: UnsafeMutablePointer<UnsafeMutablePointer<obb_instance_result>?>?) -> obb_status {
    instanceCall(handle, outResult) { () throws(ABIError) in
        let request = try readVersionedStruct(request, name: "request", firstSize: modifyInstanceRequestFirstSize).value
        let instanceId = try requiredId(request.instance_id, field: "instance_id")
        let name = try CStrings.read(request.instance_name, field: "instance_name")
        if let name, name.isEmpty { throw ABIError(OBB_ERR_INVALID_ARGUMENT, "instance_name: must not be empty") }
        let numbers = try readStringArray(request.calling_numbers, count: request.calling_number_count,
                                          max: CreateInstanceRequest.maxCallingNumbers, field: "calling_numbers",
                                          countField: "calling_number_count")
        for (index, number) in numbers.enumerated() where number.isEmpty {
            throw ABIError(OBB_ERR_INVALID_ARGUMENT, "calling_numbers[\(index)]: must not be empty")
        }
        return ModifyInstanceRequest(
            instanceId: instanceId, maxConcurrentConversation: request.max_concurrent_conversation, instanceName: name,
            instanceDescription: try CStrings.read(request.instance_description, field: "instance_description"),
            callingNumbers: numbers.isEmpty ? nil : numbers)
    }
}

@c @implementation
public func obb_delete_instance(_ handle: OpaquePointer?, _ request: UnsafePointer<obb_delete_instance_request>?,
                                _ outResponse: UnsafeMutablePointer<OpaquePointer?>?) -> obb_status {
    callReturningResponse(handle, outResponse) { () throws(ABIError) in
        let request = try readVersionedStruct(request, name: "request", firstSize: deleteInstanceRequestFirstSize).value
        return DeleteInstanceRequest(instanceId: try requiredId(request.instance_id, field: "instance_id")).request
    }
}

@c @implementation
public func obb_list_instances(_ handle: OpaquePointer?, _ request: UnsafePointer<obb_list_instances_request>?,
                               _ outPage: UnsafeMutablePointer<UnsafeMutablePointer<obb_instance_page>?>?) -> obb_status {
    guard let outPage else { return OBB_ERR_INVALID_ARGUMENT }
    outPage.pointee = nil
    let response: ResponseBox
    var page: ListInstancesRequest.Page?
    do throws(ABIError) {
        guard let handle else { throw ABIError(OBB_ERR_INVALID_ARGUMENT, "client: must not be NULL") }
        let request = try readVersionedStruct(request, name: "request", firstSize: listInstancesRequestFirstSize).value
        let action = ListInstancesRequest(
            pageNumber: request.page_number, pageSize: request.page_size,
            name: try CStrings.read(request.name, field: "name"),
            resourceGroupId: try CStrings.read(request.resource_group_id, field: "resource_group_id"))
        switch client(from: handle).call(action) {
        case .success(let typed):
            response = ResponseBox(typed.response)
            page = typed.value
        case .failure(let error):
            response = ResponseBox(error)
        }
    } catch {
        response = ResponseBox(error)
    }
    guard let out = InstanceOutput.page(response, page) else { return OBB_ERR_NO_MEMORY }
    outPage.pointee = out
    return response.status
}

@c @implementation
public func obb_instance_result_free(_ result: UnsafeMutablePointer<obb_instance_result>?) {
    guard let result else { return }
    ResponseBox.release(result.pointee.response)
    InstanceOutput.release(result.pointee.instance)
    free(result)
}

@c @implementation
public func obb_instance_page_free(_ page: UnsafeMutablePointer<obb_instance_page>?) {
    guard let page else { return }
    ResponseBox.release(page.pointee.response)
    if let instances = page.pointee.instances {
        for index in 0..<max(page.pointee.instance_count, 0) {
            InstanceOutput.release(instances[index])
        }
        free(UnsafeMutableRawPointer(mutating: instances))
    }
    free(page)
}

/// A non-empty single id: typed functions refuse "" rather than send it.
private func requiredId(_ pointer: UnsafePointer<CChar>?, field: String) throws(ABIError) -> String {
    let id = try CStrings.readRequired(pointer, field: field)
    guard !id.isEmpty else { throw ABIError(OBB_ERR_INVALID_ARGUMENT, "\(field): must not be empty") }
    return id
}

/// Describe and Modify: a typed action whose output is the answer's instance.
private func instanceCall<Action: OutboundBotAction>(
    _ handle: OpaquePointer?, _ outResult: UnsafeMutablePointer<UnsafeMutablePointer<obb_instance_result>?>?,
    _ makeAction: () throws(ABIError) -> Action
) -> obb_status where Action.Output == TypedResponse<Instance?> {
    guard let outResult else { return OBB_ERR_INVALID_ARGUMENT }
    outResult.pointee = nil
    let response: ResponseBox
    var instance: Instance?
    do throws(ABIError) {
        guard let handle else { throw ABIError(OBB_ERR_INVALID_ARGUMENT, "client: must not be NULL") }
        let action = try makeAction()
        switch client(from: handle).call(action) {
        case .success(let typed):
            response = ResponseBox(typed.response)
            instance = typed.value
        case .failure(let error):
            response = ResponseBox(error)
        }
    } catch {
        response = ResponseBox(error)
    }
    guard let out = calloc(1, MemoryLayout<obb_instance_result>.size)?
        .bindMemory(to: obb_instance_result.self, capacity: 1) else { return OBB_ERR_NO_MEMORY }
    out.pointee.struct_size = UInt32(MemoryLayout<obb_instance_result>.size)
    out.pointee.response = response.handOut()
    var status = response.status
    if let instance {
        out.pointee.instance = UnsafePointer(InstanceOutput.make(instance))
        if out.pointee.instance == nil { status = OBB_ERR_NO_MEMORY }
    }
    outResult.pointee = out
    return status
}

/// Builds and frees obb_instance_info and obb_instance_page.
enum InstanceOutput {
    /// A calloc'd obb_instance_info with its own string copies; nil when out of memory.
    static func make(_ instance: Instance) -> UnsafeMutablePointer<obb_instance_info>? {
        guard let info = calloc(1, MemoryLayout<obb_instance_info>.size)?
            .bindMemory(to: obb_instance_info.self, capacity: 1) else { return nil }
        var complete = true
        func copy(_ string: String) -> UnsafePointer<CChar>? {
            let pointer = CStrings.copy(string)
            if pointer == nil { complete = false }
            return UnsafePointer(pointer)
        }
        info.pointee.struct_size = UInt32(MemoryLayout<obb_instance_info>.size)
        info.pointee.instance_id = copy(instance.instanceId)
        info.pointee.instance_name = copy(instance.instanceName)
        info.pointee.instance_description = copy(instance.instanceDescription)
        info.pointee.creation_time = instance.creationTime
        info.pointee.creator_id = instance.creatorId
        info.pointee.creator_name = copy(instance.creatorName)
        info.pointee.owner_name = copy(instance.ownerName)
        info.pointee.resource_group_id = copy(instance.resourceGroupId)
        info.pointee.max_concurrent_conversation = instance.maxConcurrentConversation
        guard complete else {
            release(UnsafePointer(info))
            return nil
        }
        return info
    }

    static func release(_ info: UnsafePointer<obb_instance_info>?) {
        guard let info else { return }
        let i = info.pointee
        for string in [i.instance_id, i.instance_name, i.instance_description, i.creator_name, i.owner_name,
                       i.resource_group_id] {
            free(UnsafeMutablePointer(mutating: string))
        }
        free(UnsafeMutableRawPointer(mutating: info))
    }

    /// A calloc'd page holding `response` and the instances of `page`; nil
    /// (nothing allocated) when memory runs out.
    static func page(_ response: ResponseBox, _ page: ListInstancesRequest.Page?) -> UnsafeMutablePointer<obb_instance_page>? {
        guard let out = calloc(1, MemoryLayout<obb_instance_page>.size)?
            .bindMemory(to: obb_instance_page.self, capacity: 1) else { return nil }
        let instances = page?.instances ?? []
        // Never NULL, even for 0 instances: calloc of at least one slot.
        guard let array = calloc(max(instances.count, 1), MemoryLayout<UnsafePointer<obb_instance_info>?>.stride)?
            .bindMemory(to: UnsafePointer<obb_instance_info>?.self, capacity: max(instances.count, 1)) else {
            free(out)
            return nil
        }
        for (index, instance) in instances.enumerated() {
            guard let info = make(instance) else {
                for made in 0..<index { release(array[made]) }
                free(array)
                free(out)
                return nil
            }
            array[index] = UnsafePointer(info)
        }
        out.pointee.struct_size = UInt32(MemoryLayout<obb_instance_page>.size)
        out.pointee.response = response.handOut()
        out.pointee.instances = UnsafePointer(array)
        out.pointee.instance_count = instances.count
        out.pointee.total_count = page?.totalCount ?? 0
        out.pointee.page_number = page?.pageNumber ?? 0
        out.pointee.page_size = page?.pageSize ?? 0
        return out
    }
}
