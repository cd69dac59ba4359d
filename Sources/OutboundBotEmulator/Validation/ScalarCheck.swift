import OutboundBotCatalogue

/// One scalar as sent on the wire (text), against its catalogue type.
enum ScalarCheck {
    /// Longest piece of a bad value quoted back in a message.
    static let quotedPrefix = 64

    static func check(_ text: String, as type: ParameterType, name: String) throws(GatewayError) {
        switch type {
        case .string:
            return
        case .int32:
            guard Int32(text) != nil else {
                throw .invalidParameter(name, "it must be a 32-bit integer, got \(quoted(text)).")
            }
        case .int64:
            guard Int64(text) != nil else {
                throw .invalidParameter(name, "it must be a 64-bit integer, got \(quoted(text)).")
            }
        case .boolean:
            guard parseBoolean(text) != nil else {
                throw .invalidParameter(name, "it must be true or false, got \(quoted(text)).")
            }
        case .list, .object:
            throw .invalidParameter(name, "it must be \(type.article) \(type.displayName).")
        }
    }

    /// `true` / `false` in any case: the old Python SDK writes Python's `True`.
    static func parseBoolean(_ text: String) -> Bool? {
        switch text.lowercased() {
        case "true": true
        case "false": false
        default: nil
        }
    }

    /// `"text"`, cut short when long.
    static func quoted(_ text: String) -> String {
        let shown = text.count > quotedPrefix ? String(text.prefix(quotedPrefix)) + "..." : text
        return "\"" + shown + "\""
    }
}
