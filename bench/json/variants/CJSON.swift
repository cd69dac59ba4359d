// cJSON 1.7.15 (Debian libcjson-dev): cJSON_ParseWithLength, then the tree converted to
// a JSONValue. cJSON keeps numbers as doubles only (integers beyond 2^53 lose digits)
// and strings NUL-terminated (an escaped \u0000 cuts them): not usable as is, measured
// for its cost.
import CcJSON

func variantParse(_ bytes: UnsafeBufferPointer<UInt8>) -> JSONValue? {
    guard let base = bytes.baseAddress else { return nil }
    guard let root = base.withMemoryRebound(to: CChar.self, capacity: bytes.count, {
        cJSON_ParseWithLength($0, bytes.count)
    }) else { return nil }
    defer { cJSON_Delete(root) }
    return convert(root)
}

private func convert(_ node: UnsafeMutablePointer<cJSON>) -> JSONValue {
    let type = node.pointee.type & 0xFF
    switch Int32(type) {
    case cJSON_Object:
        var members: [JSONValue.Member] = []
        var child = node.pointee.child
        while let current = child {
            let name = current.pointee.string.map { String(cString: $0) } ?? ""
            members.append(JSONValue.Member(name, convert(current)))
            child = current.pointee.next
        }
        return .object(sortedMembers(members))
    case cJSON_Array:
        var elements: [JSONValue] = []
        var child = node.pointee.child
        while let current = child {
            elements.append(convert(current))
            child = current.pointee.next
        }
        return .array(elements)
    case cJSON_String: return .string(node.pointee.valuestring.map { String(cString: $0) } ?? "")
    case cJSON_Number: return classified(node.pointee.valuedouble)
    case cJSON_True: return .bool(true)
    case cJSON_False: return .bool(false)
    default: return .null
    }
}
