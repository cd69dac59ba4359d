import OutboundBotJSON

/// What the emulator's checks need of the shared `JSONValue`.
extension JSONValue {
    /// The member spelled exactly `name`; nil when there is none or this is not
    /// an object. Unlike `member(_:)`, which also matches ignoring case, this
    /// keeps the emulator strict: `PhoneNumber` is not `phoneNumber`.
    func exactMember(_ name: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members.first { $0.name == name }?.value
    }

    /// The kind, for error messages: "a number", "an object", ...
    var kindName: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .integer, .double: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }

    /// A scalar as text: strings as they are, numbers and booleans written out;
    /// nil for null, arrays and objects.
    var scalarText: String? {
        switch self {
        case .string(let text): text
        case .integer(let number): String(number)
        case .double(let number): String(number)
        case .bool(let flag): flag ? "true" : "false"
        case .null, .array, .object: nil
        }
    }
}
