import FoundationEssentials

/// The members of one JSON object, read by name the way the service needs:
/// exact spelling first, then ignoring case (the seed writes `creationTime`
/// and `requestId` where the SDKs send `CreationTime` and `RequestId`), and
/// numbers accepted as strings and strings as numbers.
///
/// Only the fields a caller asks for are decoded, each with its expected type
/// first, so a well-formed answer costs one typed decode per field.
public struct LenientFields {
    struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    private let container: KeyedDecodingContainer<Key>

    init(_ decoder: any Decoder) throws {
        container = try decoder.container(keyedBy: Key.self)
    }

    private init(container: KeyedDecodingContainer<Key>) {
        self.container = container
    }

    private func key(_ name: String) -> Key? {
        let exact = Key(stringValue: name)
        if container.contains(exact) { return exact }
        let folded = name.lowercased()
        return container.allKeys.first { $0.stringValue.lowercased() == folded }
    }

    public func string(_ name: String) -> String? {
        guard let key = key(name) else { return nil }
        if let value = try? container.decode(String.self, forKey: key) { return value }
        if let value = try? container.decode(Int64.self, forKey: key) { return String(value) }
        if let value = try? container.decode(Bool.self, forKey: key) { return String(value) }
        return (try? container.decode(Double.self, forKey: key)).map { String($0) }
    }

    public func int64(_ name: String) -> Int64? {
        guard let key = key(name) else { return nil }
        if let value = try? container.decode(Int64.self, forKey: key) { return value }
        return (try? container.decode(String.self, forKey: key)).flatMap { Int64($0) }
    }

    public func bool(_ name: String) -> Bool? {
        guard let key = key(name) else { return nil }
        if let value = try? container.decode(Bool.self, forKey: key) { return value }
        switch (try? container.decode(String.self, forKey: key))?.lowercased() {
        case "true"?: return true
        case "false"?: return false
        default: return nil
        }
    }

    /// The object elements of the array member `name`; other elements are
    /// skipped, and anything but an array gives none.
    public func objects(_ name: String) -> [LenientFields] {
        guard let key = key(name), var list = try? container.nestedUnkeyedContainer(forKey: key) else { return [] }
        var objects: [LenientFields] = []
        while !list.isAtEnd {
            if let nested = try? list.nestedContainer(keyedBy: Key.self) {
                objects.append(LenientFields(container: nested))
            } else if (try? list.decode(JSONValue.self)) == nil {
                break  // cannot step past this element: stop rather than loop
            }
        }
        return objects
    }

    /// The object member `name`, if it is an object.
    public func object(_ name: String) -> LenientFields? {
        guard let key = key(name) else { return nil }
        return (try? container.nestedContainer(keyedBy: Key.self, forKey: key)).map(LenientFields.init(container:))
    }
}

/// What an action reads from its answer besides the envelope (RequestId, Code,
/// Message, Success). Built from the same single parse of the body; must
/// accept any object, taking what it finds.
public protocol ResponsePayload: Sendable {
    init(_ fields: LenientFields)
}

/// For answers whose payload nobody reads (error bodies).
public struct NoPayload: ResponsePayload {
    public init(_ fields: LenientFields) {}
}

/// A JSON object answer: the envelope every action shares, and its payload.
struct ResponseEnvelope<Payload: ResponsePayload>: Decodable {
    var requestId: String?
    var code: String?
    var message: String?
    var success: Bool?
    var payload: Payload

    init(from decoder: any Decoder) throws {
        let fields = try LenientFields(decoder)
        requestId = fields.string("RequestId")
        code = fields.string("Code")
        message = fields.string("Message")
        success = fields.bool("Success")
        payload = Payload(fields)
    }

    /// nil unless `bytes` are a JSON object.
    static func parse(_ bytes: [UInt8]) -> ResponseEnvelope? {
        try? JSONDecoder().decode(ResponseEnvelope.self, from: Data(bytes))
    }
}
