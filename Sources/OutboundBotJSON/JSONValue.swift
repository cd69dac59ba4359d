/// A JSON document as a value: what callers pass as parameters, and what a
/// path lookup reads from an answer. Parsed objects have their members in
/// name order, one member per name (see `JSONMemberOrder`); objects built in
/// code keep the order they were built in.
public enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    /// A number with no fraction that fits in 64 bits.
    case integer(Int64)
    /// Any other number.
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object([Member])

    public struct Member: Sendable, Equatable {
        public var name: String
        public var value: JSONValue

        public init(_ name: String, _ value: JSONValue) {
            self.name = name
            self.value = value
        }
    }

    /// "null", "boolean", "integer", "number", "string", "array", "object".
    public var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "boolean"
        case .integer: "integer"
        case .double: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }

    /// A string, or a number written as text: the service sends some ids as
    /// numbers and some counts as strings.
    public var lenientString: String? {
        switch self {
        case .string(let text): text
        case .integer(let number): String(number)
        case .double(let number): "\(number)"
        default: nil
        }
    }

    /// An integer, a string holding a decimal integer that fits in 64 bits,
    /// or a number with no fraction.
    public var lenientInt64: Int64? {
        switch self {
        case .integer(let number): number
        case .string(let text): Int64(text)
        case .double(let number): number.rounded() == number ? Int64(exactly: number) : nil
        default: nil
        }
    }

    /// The member called `name`: exact spelling first, then ignoring case
    /// (the service's samples write `requestId` where the SDKs send `RequestId`).
    /// The first member in order wins; an exact hit allocates nothing.
    public func member(_ name: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        if let exact = members.first(where: { $0.name == name }) { return exact.value }
        let caseless = CaselessName(name)
        return members.first { caseless.matches($0.name) }?.value
    }
}

extension JSONValue {
    /// Parses `bytes` as one JSON value (RFC 8259, see `JSONParser`). Never
    /// traps: any bytes give a value or an error saying why they are not JSON.
    public static func parse(_ bytes: some Collection<UInt8>) -> Result<JSONValue, JSONParseError> {
        if let result = bytes.withContiguousStorageIfAvailable(JSONParser.parse(_:)) { return result }
        return Array(bytes).withUnsafeBufferPointer(JSONParser.parse(_:))
    }

    /// The compact JSON text of this value, members in their order.
    public var jsonText: String {
        var out = ""
        write(to: &out)
        return out
    }

    private func write(to out: inout String) {
        switch self {
        case .null: out += "null"
        case .bool(let value): out += value ? "true" : "false"
        case .integer(let value): out += String(value)
        case .double(let value): out += value.isFinite ? "\(value)" : "null"
        case .string(let value): Self.appendQuoted(value, to: &out)
        case .array(let elements):
            out += "["
            for (index, element) in elements.enumerated() {
                if index > 0 { out += "," }
                element.write(to: &out)
            }
            out += "]"
        case .object(let members):
            out += "{"
            for (index, member) in members.enumerated() {
                if index > 0 { out += "," }
                Self.appendQuoted(member.name, to: &out)
                out += ":"
                member.value.write(to: &out)
            }
            out += "}"
        }
    }

    /// Appends `string` as a JSON string: quoted, RFC 8259 escapes. Written
    /// here rather than through JSONEncoder because JSONEncoder cannot keep
    /// object members in a given order. Public so every JSON writer in the
    /// package (the emulator's answers too) escapes the same way.
    public static func appendQuoted(_ string: String, to out: inout String) {
        out += "\""
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }
}

/// Why bytes are not a JSON value.
public struct JSONParseError: Error, Sendable {
    public var reason: String
    init(_ reason: String) { self.reason = reason }
}
