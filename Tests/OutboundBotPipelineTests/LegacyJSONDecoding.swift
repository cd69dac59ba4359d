import FoundationEssentials
@testable import OutboundBot

// What the library did before its own parser, kept here only to compare
// against: JSONValue.parse through JSONDecoder, and LenientFields over a
// KeyedDecodingContainer (as of e24031e).

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
    static func parse(_ bytes: [UInt8]) -> Result<JSONValue, LegacyParseError> {
        do {
            return .success(try JSONDecoder().decode(LegacyJSONValue.self, from: Data(bytes)).value)
        } catch {
            return .failure(LegacyParseError(reason: String(validating: bytes, as: UTF8.self) == nil
                                             ? "not valid UTF-8" : "malformed JSON"))
        }
    }
}

struct LegacyParseError: Error {
    var reason: String
}

struct LegacyLenientFields: Decodable {
    struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    private let container: KeyedDecodingContainer<Key>

    init(from decoder: any Decoder) throws {
        container = try decoder.container(keyedBy: Key.self)
    }

    private init(container: KeyedDecodingContainer<Key>) {
        self.container = container
    }

    static func parse(_ bytes: [UInt8]) -> LegacyLenientFields? {
        try? JSONDecoder().decode(LegacyLenientFields.self, from: Data(bytes))
    }

    private func key(_ name: String) -> Key? {
        let exact = Key(stringValue: name)
        if container.contains(exact) { return exact }
        let folded = name.lowercased()
        return container.allKeys.first { $0.stringValue.lowercased() == folded }
    }

    func string(_ name: String) -> String? {
        guard let key = key(name) else { return nil }
        if let value = try? container.decode(String.self, forKey: key) { return value }
        if let value = try? container.decode(Int64.self, forKey: key) { return String(value) }
        if let value = try? container.decode(Bool.self, forKey: key) { return String(value) }
        return (try? container.decode(Double.self, forKey: key)).map { String($0) }
    }

    func int64(_ name: String) -> Int64? {
        guard let key = key(name) else { return nil }
        if let value = try? container.decode(Int64.self, forKey: key) { return value }
        return (try? container.decode(String.self, forKey: key)).flatMap { Int64($0) }
    }

    func bool(_ name: String) -> Bool? {
        guard let key = key(name) else { return nil }
        if let value = try? container.decode(Bool.self, forKey: key) { return value }
        switch (try? container.decode(String.self, forKey: key))?.lowercased() {
        case "true"?: return true
        case "false"?: return false
        default: return nil
        }
    }

    func objects(_ name: String) -> [LegacyLenientFields] {
        guard let key = key(name), var list = try? container.nestedUnkeyedContainer(forKey: key) else { return [] }
        var objects: [LegacyLenientFields] = []
        while !list.isAtEnd {
            if let nested = try? list.nestedContainer(keyedBy: Key.self) {
                objects.append(LegacyLenientFields(container: nested))
            } else if (try? list.decode(LegacyJSONValue.self)) == nil {
                break
            }
        }
        return objects
    }

    func object(_ name: String) -> LegacyLenientFields? {
        guard let key = key(name) else { return nil }
        return (try? container.nestedContainer(keyedBy: Key.self, forKey: key)).map(LegacyLenientFields.init(container:))
    }
}
