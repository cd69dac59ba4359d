// The library's response path before: JSONDecoder decoding the envelope and the
// payload's fields through a KeyedDecodingContainer, one typed decode per field (the
// LenientFields of e24031e).
import FoundationEssentials

extension LegacyLenientFields: AnswerFields {}

func variantReadAnswer(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
    LegacyLenientFields.parse(bytes).map(readAnswer) ?? 0
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

    static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> LegacyLenientFields? {
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
