import OutboundBotJSON

/// Writes a `ResponseValue` as JSON or as Alibaba-style XML.
enum ResponseWriter {
    static let jsonContentType = "application/json;charset=utf-8"
    static let xmlContentType = "application/xml;charset=utf-8"

    // MARK: JSON

    static func json(_ value: ResponseValue) -> String {
        var out = ""
        writeJSON(value, into: &out)
        return out
    }

    private static func writeJSON(_ value: ResponseValue, into out: inout String) {
        switch value {
        case .string(let string): JSONValue.appendQuoted(string, to: &out)
        case .int(let number): out += String(number)
        case .bool(let flag): out += flag ? "true" : "false"
        case .null: out += "null"
        case .array(let items):
            out += "["
            for (index, item) in items.enumerated() {
                if index > 0 { out += "," }
                writeJSON(item, into: &out)
            }
            out += "]"
        case .object(let fields):
            out += "{"
            for (index, field) in fields.enumerated() {
                if index > 0 { out += "," }
                JSONValue.appendQuoted(field.key, to: &out)
                out += ":"
                writeJSON(field.value, into: &out)
            }
            out += "}"
        }
    }

    // MARK: XML

    /// `<root>` wrapping the object's fields; an array repeats its key's element
    /// once per item, as Alibaba's XML answers do.
    static func xml(root: String, _ value: ResponseValue) -> String {
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        writeXMLElement(name: root, value, into: &out)
        return out
    }

    private static func writeXMLElement(name: String, _ value: ResponseValue, into out: inout String) {
        if case .array(let items) = value {
            for item in items { writeXMLElement(name: name, item, into: &out) }
            return
        }
        out += "<" + name + ">"
        switch value {
        case .string(let string): out += escapeXML(string)
        case .int(let number): out += String(number)
        case .bool(let flag): out += flag ? "true" : "false"
        case .null, .array: break
        case .object(let fields):
            for field in fields { writeXMLElement(name: field.key, field.value, into: &out) }
        }
        out += "</" + name + ">"
    }

    private static func escapeXML(_ string: String) -> String {
        var out = ""
        out.reserveCapacity(string.utf8.count)
        for character in string {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            default: out.append(character)
            }
        }
        return out
    }
}
