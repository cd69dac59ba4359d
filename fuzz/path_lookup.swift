// fuzz/path_lookup.swift: libFuzzer target for path lookups on a response.
//
// Input: a selector byte, the path up to the first NUL, then the body: any bytes.
// A response handle is made around the body exactly as a call's answer would be
// (the body parsed lazily, on the first lookup), then the path is looked up with
// obb_response_get_string, _int64, _bool and _array_length, through their C
// entry points, and, when the body is a JSON array, in a pager item made of its
// first element. Whatever the body and the path, each lookup gives one of its
// documented statuses, a message on failure, and nothing traps or leaks.
@testable import OutboundBot
@testable import OutboundBotCABI
import COutboundBotHeader

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPathLookup(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data, size >= 1 else { return 0 }
    let input = UnsafeBufferPointer(start: data, count: size)
    let selector = input[0]
    let rest = input[1...]
    let split = rest.firstIndex(of: 0) ?? rest.endIndex
    let path = Array(rest[rest.startIndex..<split]) + [0]
    let body = split < rest.endIndex ? Array(rest[(split + 1)...]) : []

    let response = OutboundBotResponse(httpStatus: 200, code: "OK", message: "", requestId: "R",
                                       success: true, body: body, attempts: 1)
    let box = ResponseBox(response)
    let handle = box.handOut()
    lookUp(handle, path, selector)
    // The same path on a pager item, when the body is an array with a first element.
    if selector & 0x80 != 0, case .success(.array(let elements)) = box.json, let first = elements.first {
        let item = ResponseBox(item: first, page: response).handOut()
        lookUp(item, path, selector)
        obb_response_free(item)
    }
    obb_response_free(handle)
    return 0
}

private let documented: Set<UInt32> = [OBB_OK, OBB_ERR_NOT_FOUND, OBB_ERR_WRONG_TYPE,
                                       OBB_ERR_INVALID_ARGUMENT, OBB_ERR_RESPONSE].reduce(into: []) { $0.insert($1.rawValue) }

private func lookUp(_ handle: OpaquePointer, _ path: [UInt8], _ selector: UInt8) {
    path.withUnsafeBufferPointer { buffer in
        buffer.withMemoryRebound(to: CChar.self) { chars in
            let pathPointer = chars.baseAddress
            for which in 0..<4 where selector & (1 << which) != 0 || selector & 0x0F == 0 {
                let status: obb_status
                switch which {
                case 0:
                    var text: UnsafeMutablePointer<CChar>?
                    status = obb_response_get_string(handle, pathPointer, &text)
                    precondition((status == OBB_OK) == (text != nil))
                    obb_string_free(text)
                case 1:
                    var number: Int64 = 0
                    status = obb_response_get_int64(handle, pathPointer, &number)
                case 2:
                    var flag: Int32 = 7
                    status = obb_response_get_bool(handle, pathPointer, &flag)
                    precondition(status != OBB_OK || flag == 0 || flag == 1)
                default:
                    var length = -1
                    status = obb_response_get_array_length(handle, pathPointer, &length)
                    precondition(status != OBB_OK || length >= 0)
                }
                precondition(documented.contains(status.rawValue), "undocumented status \(status.rawValue)")
                if status != OBB_OK {
                    precondition(obb_last_error_message().pointee != 0, "a failure without a message")
                }
            }
        }
    }
}
