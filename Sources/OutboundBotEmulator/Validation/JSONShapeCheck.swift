import OutboundBotCatalogue
import OutboundBotJSON

/// The document of a JSON-style parameter against its catalogue type.
///
/// Containers are strict (a list must be an array, an object an object).
/// Scalars are read the way the service's JSON library coerces them: a string
/// field takes a string, number or boolean; an integer field an integral number
/// in range or a string holding one; a boolean field true/false or "true"/"false".
/// Fields the catalogue does not name are ignored.
enum JSONShapeCheck {
    static func check(_ value: JSONValue, as type: ParameterType, path: String) throws(GatewayError) {
        if case .null = value { return }
        switch type {
        case .string:
            guard value.scalarText != nil else { throw mismatch(path, type, value) }
        case .int32, .int64:
            guard integer(value, fitsIn: type) else { throw mismatch(path, type, value) }
        case .boolean:
            switch value {
            case .bool: return
            case .string(let text) where ScalarCheck.parseBoolean(text) != nil: return
            default: throw mismatch(path, type, value)
            }
        case .list(let element):
            guard case .array(let items) = value else { throw mismatch(path, type, value) }
            for (offset, item) in items.enumerated() {
                try check(item, as: element, path: "\(path)[\(offset)]")
            }
        case .object(let fields):
            guard case .object = value else { throw mismatch(path, type, value) }
            for field in fields {
                guard let member = value.exactMember(field.name), member != .null else {
                    if field.isRequired { throw .missing(path + "." + field.name) }
                    continue
                }
                try check(member, as: field.type, path: path + "." + field.name)
            }
        }
    }

    private static func integer(_ value: JSONValue, fitsIn type: ParameterType) -> Bool {
        let number: Int64?
        switch value {
        case .integer(let n): number = n
        case .string(let text): number = Int64(text)
        default: number = nil
        }
        guard let number else { return false }
        if case .int32 = type { return Int32(exactly: number) != nil }
        return true
    }

    private static func mismatch(_ path: String, _ type: ParameterType, _ value: JSONValue) -> GatewayError {
        .invalidParameter(path, "it must be \(type.article) \(type.displayName), got \(value.kindName).")
    }
}

extension ParameterType {
    /// "a" or "an", for messages.
    var article: String {
        switch self {
        case .int32, .int64, .object: "an"
        case .string, .boolean, .list: "a"
        }
    }
}
