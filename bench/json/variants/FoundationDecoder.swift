// The parse liboutboundbot shipped before its own parser: JSONDecoder from
// FoundationEssentials and a Decodable wrapper that builds a JSONValue.
// Kept here to measure it, and (a copy) in the tests to compare against it.
import FoundationEssentials

struct LegacyJSONValue: Decodable {
    var value: JSONValue

    private struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    init(from decoder: any Decoder) throws {
        if let keyed = try? decoder.container(keyedBy: Key.self) {
            var members: [JSONValue.Member] = []
            let keys = keyed.allKeys.sorted { $0.stringValue.utf8.lexicographicallyPrecedes($1.stringValue.utf8) }
            members.reserveCapacity(keys.count)
            for key in keys {
                members.append(JSONValue.Member(key.stringValue, try keyed.decode(LegacyJSONValue.self, forKey: key).value))
            }
            value = .object(members)
            return
        }
        if var unkeyed = try? decoder.unkeyedContainer() {
            var elements: [JSONValue] = []
            while !unkeyed.isAtEnd {
                elements.append(try unkeyed.decode(LegacyJSONValue.self).value)
            }
            value = .array(elements)
            return
        }
        let single = try decoder.singleValueContainer()
        if single.decodeNil() {
            value = .null
        } else if let flag = try? single.decode(Bool.self) {
            value = .bool(flag)
        } else if let number = try? single.decode(Int64.self) {
            value = .integer(number)
        } else if let number = try? single.decode(Double.self) {
            value = .double(number)
        } else {
            value = .string(try single.decode(String.self))
        }
    }

    /// The value, or the reason the old `JSONValue.parse` gave.
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> Result<JSONValue, LegacyParseError> {
        do {
            return .success(try JSONDecoder().decode(LegacyJSONValue.self, from: Data(bytes)).value)
        } catch {
            return .failure(LegacyParseError(reason: String(validating: bytes, as: UTF8.self) == nil
                                             ? "not valid UTF-8" : "malformed JSON"))
        }
    }
}

struct LegacyParseError: Error, Equatable {
    var reason: String
}

func variantParse(_ bytes: UnsafeBufferPointer<UInt8>) -> JSONValue? {
    try? LegacyJSONValue.parse(bytes).get()
}
