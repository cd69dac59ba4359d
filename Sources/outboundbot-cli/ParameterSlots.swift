import OutboundBot
import OutboundBotCatalogue

/// The parameters of one action as the command line fills them in, guided by
/// the catalogue's types. The forms the aliyun CLI writes:
///
///     --Name value                  a scalar, converted to its catalogue type
///     --Name.1 a --Name.2 b         a list
///     --Name.1.Field value          a list of objects
///     --Name.Field value            an object
///     --Name '["a","b"]'            a list as JSON
///     --Name '{"Field":"value"}'    an object as JSON (also inside a list: --Name.1 '{...}')
///
/// Either form works for any list or object, whatever its wire style: the
/// result is JSON values, and the core decides whether they travel as
/// `Name.1.Field` pairs or as JSON text.
///
/// Scalars convert by type: string as written; int32 and int64 as decimal
/// integers within their range; boolean as `true` or `false` (any case).
/// Scalars inside JSON convert the same way where that is unambiguous
/// (`[95187]` for a list of strings, `"4"` for an integer); anything else is
/// left for the catalogue check to reject.
struct ParameterSlots {
    /// A value being put together from one or more options.
    private indirect enum Slot {
        /// A complete value, from the option named (`--Tag.1.Key`).
        case value(JSONValue, from: String)
        /// Elements by their 1-based index.
        case list([Int: Slot])
        /// Members in the order first given.
        case object([(name: String, slot: Slot)])
    }

    let action: ActionSpec
    private var slots: [(spec: ParameterSpec, slot: Slot)] = []

    init(action: ActionSpec) {
        self.action = action
    }

    mutating func insert(_ option: ActionArguments.Option) throws(OutboundBotError) {
        let name = String(option.path[0])
        guard let spec = action.parameter(named: name) else {
            let hint = NearestName.suggest(for: name, among: action.parameters.map(\.name))
                .map { " (did you mean --\($0)?)" } ?? ""
            throw .invalidArgument(field: CommandLineRequest.printable(option.spelling),
                                   "not a parameter of \(action.name)\(hint); `outboundbot \(action.name) --help` lists them")
        }
        let index = slots.firstIndex { $0.spec.name == name }
        let filled = try Self.fill(index.map { slots[$0].slot }, type: spec.type, path: option.path.dropFirst(),
                                   prefix: "--\(name)", option: option)
        if let index { slots[index].slot = filled } else { slots.append((spec, filled)) }
    }

    /// The parameters as JSON values, in the order first given.
    func values() throws(OutboundBotError) -> [JSONValue.Member] {
        var members: [JSONValue.Member] = []
        for (spec, slot) in slots {
            members.append(JSONValue.Member(spec.name, try Self.value(of: slot, prefix: "--\(spec.name)")))
        }
        return members
    }

    // MARK: filling

    /// `slot` (nil: nothing yet) with the option's value put at `path` below
    /// `prefix`, a value of `type`.
    private static func fill(_ slot: Slot?, type: ParameterType, path: ArraySlice<Substring>, prefix: String,
                             option: ActionArguments.Option) throws(OutboundBotError) -> Slot {
        let field = CommandLineRequest.printable(option.spelling)
        guard let step = path.first else {
            if let slot { throw conflict(slot, prefix: prefix, option: option) }
            return .value(try convert(option.value, to: type, field: field), from: option.spelling)
        }
        switch type {
        case .list(let element):
            guard step.allSatisfy({ $0.isASCII && $0.isNumber }), let position = Int(step), position >= 1 else {
                throw .invalidArgument(field: field, "expected an index 1, 2, ... after \(prefix), got '\(CommandLineRequest.printable(String(step)))'")
            }
            guard position <= RequestValidator.maxListCount else {
                throw .invalidArgument(field: field, "index \(position) is over the most a list may have (\(RequestValidator.maxListCount))")
            }
            var elements: [Int: Slot] = [:]
            switch slot {
            case nil: break
            case .list(let existing)?: elements = existing
            case let other?: throw conflict(other, prefix: prefix, option: option)
            }
            elements[position] = try fill(elements[position], type: element, path: path.dropFirst(),
                                          prefix: "\(prefix).\(position)", option: option)
            return .list(elements)
        case .object(let fields):
            let name = String(step)
            guard let spec = fields.first(where: { $0.name == name }) else {
                let hint = NearestName.suggest(for: name, among: fields.map(\.name)).map { " (did you mean \($0)?)" } ?? ""
                throw .invalidArgument(field: field, "\(prefix) has no field '\(CommandLineRequest.printable(name))'\(hint); its fields: \(fields.map(\.name).joined(separator: ", "))")
            }
            var members: [(name: String, slot: Slot)] = []
            switch slot {
            case nil: break
            case .object(let existing)?: members = existing
            case let other?: throw conflict(other, prefix: prefix, option: option)
            }
            let index = members.firstIndex { $0.name == name }
            let filled = try fill(index.map { members[$0].slot }, type: spec.type, path: path.dropFirst(),
                                  prefix: "\(prefix).\(name)", option: option)
            if let index { members[index].slot = filled } else { members.append((name, filled)) }
            return .object(members)
        case .string, .int32, .int64, .boolean:
            throw .invalidArgument(field: field, "\(prefix) is a \(type.displayName); write \(prefix) value")
        }
    }

    /// Two options for the same value: given twice, or once whole and once in parts.
    private static func conflict(_ existing: Slot, prefix: String, option: ActionArguments.Option) -> OutboundBotError {
        let field = CommandLineRequest.printable(option.spelling)
        if case .value(_, let earlier) = existing {
            let also = earlier == option.spelling ? "" : " (also as \(CommandLineRequest.printable(earlier)))"
            return .invalidArgument(field: field, "given more than once\(also)")
        }
        return .invalidArgument(field: field, "\(prefix) is already given in parts; give it either whole or in parts, not both")
    }

    // MARK: assembling

    private static func value(of slot: Slot, prefix: String) throws(OutboundBotError) -> JSONValue {
        switch slot {
        case .value(let value, _):
            return value
        case .list(let elements):
            let sorted = elements.sorted { $0.key < $1.key }
            // Indexes must be 1...n: a gap would silently renumber what the user wrote.
            if let gap = sorted.indices.first(where: { sorted[$0].key != $0 + 1 }) {
                throw .invalidArgument(field: "\(prefix).\(gap + 1)",
                                       "missing: \(prefix).N must run 1, 2, ... without gaps (given: \(sorted.map { String($0.key) }.joined(separator: ", ")))")
            }
            var values: [JSONValue] = []
            for (position, slot) in sorted {
                values.append(try value(of: slot, prefix: "\(prefix).\(position)"))
            }
            return .array(values)
        case .object(let members):
            var values: [JSONValue.Member] = []
            for (name, slot) in members {
                values.append(JSONValue.Member(name, try value(of: slot, prefix: "\(prefix).\(name)")))
            }
            return .object(values)
        }
    }

    // MARK: converting text

    /// The option's text as a value of `type`.
    static func convert(_ text: String, to type: ParameterType, field: String) throws(OutboundBotError) -> JSONValue {
        switch type {
        case .string:
            return .string(text)
        case .int32:
            return .integer(try integer(text, in: Int64(Int32.min)...Int64(Int32.max), type: type, field: field))
        case .int64:
            return .integer(try integer(text, in: Int64.min...Int64.max, type: type, field: field))
        case .boolean:
            switch text.lowercased() {
            case "true": return .bool(true)
            case "false": return .bool(false)
            default: throw .invalidArgument(field: field, "expected true or false, got '\(CommandLineRequest.printable(text))'")
            }
        case .list, .object:
            let isList: Bool
            if case .list = type { isList = true } else { isList = false }
            let example = isList
                ? "\(field).1 value \(field).2 value ..., or a JSON array such as '[\"a\",\"b\"]'"
                : "\(field).Field value ..., or a JSON object such as '{\"Field\":\"value\"}'"
            let trimmed = text.drop { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
            guard trimmed.first == (isList ? "[" : "{") else {
                throw .invalidArgument(field: field, "a \(type.displayName); write \(example)")
            }
            switch JSONValue.parse(Array(text.utf8)) {
            case .success(let value): return coerce(value, to: type)
            case .failure(let error):
                throw .invalidArgument(field: field, "not a JSON \(isList ? "array" : "object"): \(error.reason)")
            }
        }
    }

    private static func integer(_ text: String, in range: ClosedRange<Int64>, type: ParameterType,
                                field: String) throws(OutboundBotError) -> Int64 {
        let digits = text.first == "-" || text.first == "+" ? text.dropFirst() : text[...]
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            throw .invalidArgument(field: field, "expected an integer (\(type.displayName)), got '\(CommandLineRequest.printable(text))'")
        }
        guard let value = Int64(text), range.contains(value) else {
            throw .invalidArgument(field: field, "\(CommandLineRequest.printable(text)) is out of range for \(type.displayName) (\(range.lowerBound)...\(range.upperBound))")
        }
        return value
    }

    /// JSON scalars turned into the catalogue type where the meaning is plain;
    /// everything else unchanged, for the catalogue check to report.
    static func coerce(_ value: JSONValue, to type: ParameterType) -> JSONValue {
        switch (type, value) {
        case (.string, .integer(let number)): return .string(String(number))
        case (.string, .bool(let flag)): return .string(flag ? "true" : "false")
        case (.int32, .string(let text)), (.int64, .string(let text)):
            return Int64(text).map(JSONValue.integer) ?? value
        case (.boolean, .string(let text)):
            switch text.lowercased() {
            case "true": return .bool(true)
            case "false": return .bool(false)
            default: return value
            }
        case (.list(let element), .array(let elements)):
            return .array(elements.map { coerce($0, to: element) })
        case (.object(let fields), .object(let members)):
            return .object(members.map { member in
                guard let spec = fields.first(where: { $0.name == member.name }) else { return member }
                return JSONValue.Member(member.name, coerce(member.value, to: spec.type))
            })
        default:
            return value
        }
    }
}
