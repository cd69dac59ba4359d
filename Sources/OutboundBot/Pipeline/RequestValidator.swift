import OutboundBotCatalogue
import OutboundBotSigner

/// A request checked against the catalogue: every parameter known, of its
/// type and in range, every required one present. Only the validator makes one.
public struct ValidatedRequest: Sendable {
    public let action: ActionSpec
    /// The parameters that are set, each with its catalogue entry, in the
    /// catalogue's order.
    public let parameters: [(spec: ParameterSpec, value: JSONValue)]
}

/// Checks a request against the catalogue, once, before anything is sent.
/// Every error is `.invalidArgument` and names the action and the parameter
/// (`ListJobs.PageSize: ...`), with the nearest known name for a typo.
public enum RequestValidator {
    /// Most elements one list parameter may have.
    public static let maxListCount = 10_000

    public static func validate(_ request: OutboundBotRequest) throws(OutboundBotError) -> ValidatedRequest {
        guard let action = Catalogue.action(named: request.action) else {
            try checkText(request.action, field: { "action" }, singleLine: true)
            let hint = NearestName.suggest(for: request.action, among: Catalogue.actions.map(\.name))
                .map { " (did you mean \($0)?)" } ?? ""
            throw .invalidArgument(field: "action", "unknown action '\(request.action)'\(hint)")
        }
        // Linear scans: an action has a few dozen parameters at most, and this
        // runs on every call, where hashing into a dictionary costs more.
        // Specs are read in place (`specs[index].name`): copying a whole
        // ParameterSpec retains each of its references.
        // The closures that name a field capture the name alone, not the ActionSpec.
        let specs = action.parameters, actionName = action.name
        for (index, member) in request.parameters.enumerated() {
            guard specs.contains(where: { $0.name == member.name }) else {
                try checkText(member.name, field: { "\(actionName) parameter name" }, singleLine: true)
                let hint = NearestName.suggest(for: member.name, among: specs.map(\.name))
                    .map { " (did you mean \($0)?)" } ?? ""
                throw .invalidArgument(field: "\(actionName).\(member.name)", "unknown parameter of \(actionName)\(hint)")
            }
            if request.parameters[..<index].contains(where: { $0.name == member.name }) {
                throw .invalidArgument(field: "\(actionName).\(member.name)", "given twice")
            }
        }
        var parameters: [(spec: ParameterSpec, value: JSONValue)] = []
        parameters.reserveCapacity(request.parameters.count)
        for index in specs.indices {
            let name = specs[index].name
            guard let value = request.value(of: name), value != .null else {
                if specs[index].isRequired {
                    throw .invalidArgument(field: "\(actionName).\(name)", "required parameter missing")
                }
                continue
            }
            // The field name is built only when there is an error to report.
            try check(value, against: specs[index].type, name: name, field: { "\(actionName).\(name)" })
            parameters.append((specs[index], value))
        }
        return ValidatedRequest(action: action, parameters: parameters)
    }

    /// Checks `value` against `type`; `name` is the parameter's or field's
    /// own name (it decides whether the text must be one line).
    static func check(_ value: JSONValue, against type: ParameterType, name: String,
                      field: () -> String) throws(OutboundBotError) {
        switch (type, value) {
        case (.string, .string(let text)):
            try checkText(text, field: field, singleLine: mustBeSingleLine(name))
        case (.int32, .integer(let number)):
            guard let _ = Int32(exactly: number) else {
                throw .invalidArgument(field: field(), "\(number) is out of range for int32 (\(Int32.min)...\(Int32.max))")
            }
        case (.int64, .integer), (.boolean, .bool):
            break
        case (.list(let element), .array(let elements)):
            guard elements.count <= maxListCount else {
                throw .invalidArgument(field: field(), "at most \(maxListCount) elements, got \(elements.count)")
            }
            for (index, item) in elements.enumerated() {
                guard item != .null else { throw .invalidArgument(field: "\(field())[\(index)]", "must not be null") }
                try check(item, against: element, name: name, field: { "\(field())[\(index)]" })
            }
        case (.object(let fields), .object(let members)):
            try check(members, against: fields, field: field)
        default:
            throw .invalidArgument(field: field(), "expected \(type.displayName), got \(value.typeName)\(hint(for: value, type))")
        }
    }

    private static func check(_ members: [JSONValue.Member], against fields: [FieldSpec],
                              field: () -> String) throws(OutboundBotError) {
        for (index, member) in members.enumerated() {
            guard let spec = fields.first(where: { $0.name == member.name }) else {
                let hint = NearestName.suggest(for: member.name, among: fields.map(\.name)).map { " (did you mean \($0)?)" } ?? ""
                throw .invalidArgument(field: "\(field()).\(member.name)", "unknown field\(hint)")
            }
            if members[..<index].contains(where: { $0.name == member.name }) {
                throw .invalidArgument(field: "\(field()).\(member.name)", "given twice")
            }
            if member.value != .null {
                try check(member.value, against: spec.type, name: spec.name, field: { "\(field()).\(member.name)" })
            }
        }
        for spec in fields where spec.isRequired {
            guard let value = members.first(where: { $0.name == spec.name })?.value, value != .null else {
                throw .invalidArgument(field: "\(field()).\(spec.name)", "required field missing")
            }
        }
    }

    /// Identifiers, names and numbers are single-line tokens; descriptions,
    /// JSON blobs and other free text may span lines. NUL is never allowed.
    static func mustBeSingleLine(_ name: String) -> Bool {
        // Byte comparisons over the name's contiguous UTF-8: String.hasSuffix
        // compares by Character, which costs far more, and names are ASCII.
        return withUTF8(name) { bytes in
            func endsWith(_ suffix: StaticString) -> Bool {
                let tail = UnsafeBufferPointer(start: suffix.utf8Start, count: suffix.utf8CodeUnitCount)
                return bytes.count >= tail.count && bytes[(bytes.count - tail.count)...].elementsEqual(tail)
            }
            return endsWith("Id") || endsWith("Ids") || endsWith("Name") || endsWith("Number") || endsWith("Numbers")
        }
    }

    static func checkText(_ text: String, field: () -> String, singleLine: Bool) throws(OutboundBotError) {
        if singleLine {
            try Validation.checkSingleLine(text, field: field())
        } else if text.utf8.contains(0) {
            throw .invalidArgument(field: field(), "must not contain NUL")
        }
    }

    private static func hint(for value: JSONValue, _ type: ParameterType) -> String {
        switch (type, value) {
        case (.int32, .string), (.int64, .string): " (write the number without quotes)"
        case (.boolean, .string): " (write true or false without quotes)"
        case (.int32, .double), (.int64, .double): " (no fraction allowed)"
        default: ""
        }
    }
}

extension ValidatedRequest {
    /// The value of the parameter `name`, if set.
    public func value(of name: String) -> JSONValue? {
        parameters.first { $0.spec.name == name }?.value
    }
}
