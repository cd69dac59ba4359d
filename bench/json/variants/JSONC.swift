// json-c 0.16 (Debian libjson-c-dev): json_tokener_parse_ex in strict mode, then the
// tree converted to a JSONValue.
import CJSONC

func variantParse(_ bytes: UnsafeBufferPointer<UInt8>) -> JSONValue? {
    guard let base = bytes.baseAddress, let tokener = json_tokener_new_ex(512) else { return nil }
    defer { json_tokener_free(tokener) }
    json_tokener_set_flags(tokener, Int32(JSON_TOKENER_STRICT))
    let root = base.withMemoryRebound(to: CChar.self, capacity: bytes.count) {
        json_tokener_parse_ex(tokener, $0, Int32(clamping: bytes.count))
    }
    guard json_tokener_get_error(tokener) == json_tokener_success,
          json_tokener_get_parse_end(tokener) == bytes.count else {
        json_object_put(root)
        return nil
    }
    defer { json_object_put(root) }
    return convert(root)
}

private func convert(_ node: OpaquePointer?) -> JSONValue {
    switch json_object_get_type(node) {
    case json_type_object:
        var members: [JSONValue.Member] = []
        var iterator = json_object_iter_begin(node)
        var end = json_object_iter_end(node)
        while json_object_iter_equal(&iterator, &end) == 0 {
            let name = json_object_iter_peek_name(&iterator).map { String(cString: $0) } ?? ""
            members.append(JSONValue.Member(name, convert(json_object_iter_peek_value(&iterator))))
            json_object_iter_next(&iterator)
        }
        return .object(sortedMembers(members))
    case json_type_array:
        let count = json_object_array_length(node)
        var elements: [JSONValue] = []
        elements.reserveCapacity(count)
        for index in 0..<count { elements.append(convert(json_object_array_get_idx(node, index))) }
        return .array(elements)
    case json_type_string:
        let text = UnsafeRawBufferPointer(start: json_object_get_string(node),
                                          count: Int(json_object_get_string_len(node)))
        return .string(String(decoding: text, as: UTF8.self))
    case json_type_int: return .integer(json_object_get_int64(node))
    case json_type_double: return classified(json_object_get_double(node))
    case json_type_boolean: return .bool(json_object_get_boolean(node) != 0)
    default: return .null
    }
}
