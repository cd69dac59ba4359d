import OutboundBotCatalogue
import OutboundBotJSON

/// Checks a request's business parameters against the catalogue, as the
/// gateway does before an action runs. The signature has been verified first.
///
/// For each parameter of the action, in catalogue order:
/// - **Location.** It is read from where the catalogue puts it: the query, or
///   the `application/x-www-form-urlencoded` body. Sent only in the other place,
///   it is `InvalidParameter` (the official SDKs never do that; a client that
///   does has a bug the real service may not forgive).
/// - **Presence.** A required parameter that is absent (or empty) is
///   `Missing<Name>` (e.g. `MissingInstanceId`, "InstanceId is mandatory for this
///   action."), the POP gateway's spelling. Inside a list or object the name is
///   the path: `MissingTag.1.Key`, `MissingIntentDefinition.IntentName`.
/// - **Form and type.** `InvalidParameter`, HTTP 400, naming the parameter:
///   an integer that does not parse or does not fit its width, a boolean other
///   than true/false (any case: the old Python SDK sends `True`), a repeat-list
///   sent without its `.N` index or with an index that is not a positive
///   integer, a JSON-style parameter that is not JSON or not the catalogue's
///   shape.
///
/// Parameters the catalogue does not name (the common ones such as `Format` or
/// `RegionId`, and unknown ones) are ignored, as the real gateway ignores them.
enum ParameterCheck {
    static func check(_ request: RPCRequest, against action: ActionSpec) throws(GatewayError) {
        let query = WireParameters(request.queryParameters)
        let form = WireParameters(request.formParameters)
        for parameter in action.parameters {
            let (home, other) = parameter.location == .query ? (query, form) : (form, query)
            let sent = home.subtree(parameter.name)
            if sent.isEmpty, !other.subtree(parameter.name).isEmpty {
                throw .invalidParameter(parameter.name, "it must be sent in the \(parameter.location.wirePlace), where the API puts it.")
            }
            switch parameter.style {
            case .plain where parameter.type.isScalar:
                try checkPlain(parameter, sent)
            case .json:
                try checkJSON(parameter, sent)
            case .plain, .repeatList:
                try checkFlattened(parameter, sent)
            }
        }
    }

    // MARK: Styles

    private static func checkPlain(_ parameter: ParameterSpec, _ sent: WireNode) throws(GatewayError) {
        guard let text = sent.value, !text.isEmpty else {
            if parameter.isRequired { throw .missing(parameter.name) }
            return
        }
        try ScalarCheck.check(text, as: parameter.type, name: parameter.name)
    }

    private static func checkJSON(_ parameter: ParameterSpec, _ sent: WireNode) throws(GatewayError) {
        guard let text = sent.value, !text.isEmpty else {
            if parameter.isRequired { throw .missing(parameter.name) }
            return
        }
        guard case .success(let document) = JSONValue.parse(Array(text.utf8)) else {
            throw .invalidParameter(parameter.name, "it is not valid JSON.")
        }
        try JSONShapeCheck.check(document, as: parameter.type, path: parameter.name)
    }

    private static func checkFlattened(_ parameter: ParameterSpec, _ sent: WireNode) throws(GatewayError) {
        guard !sent.isEmpty else {
            if parameter.isRequired { throw .missing(parameter.name) }
            return
        }
        try checkNode(sent, as: parameter.type, path: parameter.name, required: parameter.isRequired)
    }

    /// `Name.1`, `Name.1.Field`, `Name.Field`, at any depth.
    private static func checkNode(_ node: WireNode, as type: ParameterType, path: String,
                                  required: Bool) throws(GatewayError) {
        switch type {
        case .string, .int32, .int64, .boolean:
            guard let text = node.value, !text.isEmpty else {
                if required { throw .missing(path) }
                if node.value == nil, !node.children.isEmpty {
                    throw .invalidParameter(path, "it is a single \(type.displayName), not a list or object.")
                }
                return
            }
            try ScalarCheck.check(text, as: type, name: path)
        case .list(let element):
            if node.value != nil {
                throw .invalidParameter(path, "it is a list: send \(path).1, \(path).2, ...")
            }
            for (key, child) in node.sortedChildren {
                guard let index = Int(key), index >= 1, String(index) == key else {
                    throw .invalidParameter(path + "." + key, "a list index must be a positive integer.")
                }
                try checkNode(child, as: element, path: path + "." + key, required: true)
            }
        case .object(let fields):
            if node.value != nil {
                throw .invalidParameter(path, "it is an object: send its fields as \(path).Field.")
            }
            for field in fields {
                let child = node.children[field.name] ?? WireNode()
                if child.isEmpty {
                    if field.isRequired { throw .missing(path + "." + field.name) }
                    continue
                }
                try checkNode(child, as: field.type, path: path + "." + field.name, required: field.isRequired)
            }
        }
    }
}

extension ParameterSpec.Location {
    /// Where a parameter travels, in words.
    var wirePlace: String {
        switch self {
        case .query: "query string"
        case .body: "form body"
        }
    }
}

extension ParameterType {
    var isScalar: Bool {
        switch self {
        case .string, .int32, .int64, .boolean: true
        case .list, .object: false
        }
    }
}
