import OutboundBot
import OutboundBotCatalogue

/// Help text built from the catalogue: the list of actions, and one action's parameters.
enum ActionHelp {
    static let forms = """
        Scalars: --Name value. Lists: --Name.1 a --Name.2 b, or --Name '["a","b"]'.
        Objects: --Name.Field value, or --Name '{"Field":"value"}'. Lists of objects:
        --Name.1.Field value, or --Name '[{"Field":"value"}]'. Integers are decimal;
        booleans are true or false.
        """

    /// `outboundbot help`: the global options, then every action.
    static func general(options: String) -> String {
        let actions = Catalogue.actions
        let width = actions.map(\.name.count).max() ?? 0
        var text = options
        if !text.hasSuffix("\n") { text += "\n" }
        text += "\nACTIONS (OutboundBot \(Catalogue.apiVersion), \(actions.count) actions):\n"
        for action in actions {
            var row = "  " + pad(action.name, to: width) + "  " + pad(action.method.rawValue, to: 4)
                + "  " + pad(action.isReadOnly ? "read-only" : "", to: 9)
                + "  " + (action.pagination != nil ? "--pager" : "")
            while row.last == " " { row.removeLast() }
            text += row + "\n"
        }
        text += """

            `outboundbot <Action> --help` lists an action's parameters and their types.
            read-only: the action changes nothing. --pager: a list action; --pager merges
            all its pages into one JSON document.

            """
        return text
    }

    /// `outboundbot <Action> --help`: every parameter with its type and whether it is required.
    static func action(_ action: ActionSpec) -> String {
        var rows: [(option: String, type: String, required: String)] = []
        for parameter in action.parameters {
            rows.append(("--\(parameter.name)", parameter.type.displayName, parameter.isRequired ? "required" : "optional"))
            appendFields(of: parameter.type, below: "--\(parameter.name)", to: &rows)
        }
        let required = action.parameters.filter(\.isRequired).map { "--\($0.name) value" }
        var usage = "outboundbot [<global options>] \(action.name)"
        if !required.isEmpty { usage += " " + required.joined(separator: " ") }
        if required.count < action.parameters.count { usage += " [--Name value ...]" }
        if action.pagination != nil { usage += " [--pager]" }

        var text = "USAGE: \(usage)\n\n\(action.name): \(action.method.rawValue)"
        if action.isReadOnly { text += ", read-only" }
        text += ".\n"
        if let pagination = action.pagination {
            let walk: String
            switch pagination.style {
            case .pageNumber(let number, let size): walk = "\(number)/\(size)"
            case .nextToken(let request, _): walk = request
            }
            text += "A list action (pages by \(walk)): --pager merges every page into "
                + PagedCall.document([], at: pagination.itemsPath).jsonText.replacing("[]", with: "[...]")
                + ".\n"
        }
        if rows.isEmpty {
            text += "\nNo parameters.\n"
        } else {
            let nameWidth = min(rows.map(\.option.count).max() ?? 0, 48)
            let typeWidth = rows.map(\.type.count).max() ?? 0
            text += "\nPARAMETERS:\n"
            for row in rows {
                let option = row.option.count > nameWidth ? row.option + "\n  " + pad("", to: nameWidth) : pad(row.option, to: nameWidth)
                text += "  \(option)  \(pad(row.type, to: typeWidth))  \(row.required)\n"
            }
        }
        text += "\n" + forms + "\n`outboundbot help` lists the global options and the actions.\n"
        return text
    }

    /// Rows for the fields of an object, or of a list's objects (`--Tag.N.Key`), recursively.
    private static func appendFields(of type: ParameterType, below prefix: String,
                                     to rows: inout [(option: String, type: String, required: String)]) {
        switch type {
        case .list(let element):
            appendFields(of: element, below: prefix + ".N", to: &rows)
        case .object(let fields):
            for field in fields {
                rows.append(("\(prefix).\(field.name)", field.type.displayName, field.isRequired ? "required" : "optional"))
                appendFields(of: field.type, below: "\(prefix).\(field.name)", to: &rows)
            }
        case .string, .int32, .int64, .boolean:
            break
        }
    }

    private static func pad(_ text: String, to width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }
}
