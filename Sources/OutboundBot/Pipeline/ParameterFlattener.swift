import OutboundBotCatalogue

/// Wire parameters of a validated request: name/value text pairs for the
/// query and for the form body, as the catalogue places them.
public struct FlatParameters: Sendable {
    public var query: [(name: String, value: String)] = []
    public var body: [(name: String, value: String)] = []
}

/// Turns typed values into the text pairs the service reads:
/// - plain: `Name=value`;
/// - repeat-list: `Name.1=a`, `Name.1.Field=b`, `Name.Field=c`;
/// - JSON: `Name=<JSON text>`.
/// Pure: same request, same pairs.
public enum ParameterFlattener {
    public static func flatten(_ request: ValidatedRequest) -> FlatParameters {
        var flat = FlatParameters()
        flat.query.reserveCapacity(request.parameters.count)
        // Pairs go straight to their list. One copy of each (spec, value)
        // pair: reading the array's fields one by one copied it at each read.
        for parameter in request.parameters {
            switch parameter.spec.location {
            case .query: append(parameter.value, spec: parameter.spec, to: &flat.query)
            case .body: append(parameter.value, spec: parameter.spec, to: &flat.body)
            }
        }
        return flat
    }

    private static func append(_ value: JSONValue, spec: borrowing ParameterSpec,
                               to pairs: inout [(name: String, value: String)]) {
        switch spec.style {
        case .json:
            pairs.append((spec.name, value.jsonText))
        case .plain, .repeatList:
            append(value, as: spec.name, to: &pairs)
        }
    }

    private static func append(_ value: JSONValue, as name: String, to pairs: inout [(name: String, value: String)]) {
        switch value {
        case .null:
            break
        case .string(let text): pairs.append((name, text))
        case .integer(let number): pairs.append((name, String(number)))
        case .bool(let flag): pairs.append((name, flag ? "true" : "false"))
        case .double(let number): pairs.append((name, "\(number)"))
        case .array(let elements):
            for (index, element) in elements.enumerated() {
                append(element, as: "\(name).\(index + 1)", to: &pairs)
            }
        case .object(let members):
            for member in members {
                append(member.value, as: "\(name).\(member.name)", to: &pairs)
            }
        }
    }
}
