import FoundationEssentials

/// A parsed JSON document, read by key without a fixed schema, so the decoder
/// can accept both spellings the service uses (`RequestId` and `requestId`)
/// and numbers sent as strings.
public enum JSONValue: Sendable, Equatable, Decodable {
    case null
    case bool(Bool)
    case integer(Int64)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Int64.self) {
            self = .integer(value)
        } else if let value = try? container.decode(Double.self) {
            self = .double(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    /// Parses `bytes`; nil when they are not a JSON document.
    public static func parse(_ bytes: [UInt8]) -> JSONValue? {
        try? JSONDecoder().decode(JSONValue.self, from: Data(bytes))
    }

    /// The member named `key`, matched exactly first, then ignoring case
    /// (the seed shows `creationTime` where the SDKs send `CreationTime`).
    public subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        if let exact = members[key] { return exact }
        let folded = key.lowercased()
        return members.first { $0.key.lowercased() == folded }?.value
    }

    public var stringValue: String? {
        switch self {
        case .string(let value): value
        case .integer(let value): String(value)
        case .double(let value): String(value)
        case .bool(let value): String(value)
        default: nil
        }
    }

    public var int64Value: Int64? {
        switch self {
        case .integer(let value): value
        case .double(let value) where value.isFinite && value.rounded() == value && abs(value) < 9.2e18: Int64(value)
        case .string(let value): Int64(value)
        default: nil
        }
    }

    public var boolValue: Bool? {
        switch self {
        case .bool(let value): value
        case .string(let value): value.lowercased() == "true" ? true : value.lowercased() == "false" ? false : nil
        case .integer(let value): value != 0
        default: nil
        }
    }
}
