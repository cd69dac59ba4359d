// Jansson 2.14 (Debian libjansson-dev): json_loadb, then the tree converted to a JSONValue.
import CJansson

func variantParse(_ bytes: UnsafeBufferPointer<UInt8>) -> JSONValue? {
    guard let base = bytes.baseAddress else { return nil }
    var error = json_error_t()
    let flags = JSON_DECODE_ANY | JSON_ALLOW_NUL
    guard let root = base.withMemoryRebound(to: CChar.self, capacity: bytes.count, {
        json_loadb($0, bytes.count, Int(flags), &error)
    }) else { return nil }
    defer { json_decref(root) }
    return convert(root)
}

private func convert(_ node: UnsafeMutablePointer<json_t>) -> JSONValue {
    switch node.pointee.type {
    case JSON_OBJECT:
        var members: [JSONValue.Member] = []
        members.reserveCapacity(json_object_size(node))
        var iterator = json_object_iter(node)
        while let current = iterator {
            let key = UnsafeRawBufferPointer(start: json_object_iter_key(current), count: json_object_iter_key_len(current))
            let name = String(decoding: key, as: UTF8.self)
            if let value = json_object_iter_value(current) { members.append(JSONValue.Member(name, convert(value))) }
            iterator = json_object_iter_next(node, current)
        }
        return .object(sortedMembers(members))
    case JSON_ARRAY:
        let count = json_array_size(node)
        var elements: [JSONValue] = []
        elements.reserveCapacity(count)
        for index in 0..<count {
            if let element = json_array_get(node, index) { elements.append(convert(element)) }
        }
        return .array(elements)
    case JSON_STRING:
        let text = UnsafeRawBufferPointer(start: json_string_value(node), count: json_string_length(node))
        return .string(String(decoding: text, as: UTF8.self))
    case JSON_INTEGER: return .integer(Int64(json_integer_value(node)))
    case JSON_REAL: return classified(json_real_value(node))
    case JSON_TRUE: return .bool(true)
    case JSON_FALSE: return .bool(false)
    default: return .null
    }
}
