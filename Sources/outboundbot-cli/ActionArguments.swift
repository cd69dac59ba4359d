import OutboundBot

/// `<Action> --Name value ...` turned into one typed action request.
struct ActionArguments {
    static let actionNames = [CreateInstanceRequest.name]
    static let createInstanceParameters = ["InstanceName", "InstanceDescription", "MaxConcurrentConversation",
                                           "NluServiceType", "ResourceGroupId", "CallingNumber.N"]

    private let request: CreateInstanceRequest

    init(_ arguments: [String]) throws(OutboundBotError) {
        guard let action = arguments.first, !action.hasPrefix("-") else {
            throw .invalidArgument(field: "action", "missing; one of \(Self.actionNames.joined(separator: ", "))")
        }
        guard action == CreateInstanceRequest.name else {
            throw .invalidArgument(field: "action", "unknown action \(action); one of \(Self.actionNames.joined(separator: ", "))")
        }
        request = try Self.createInstance(Self.parameters(arguments.dropFirst()))
    }

    func run(on client: OutboundBotClient) -> Result<[UInt8], OutboundBotError> {
        client.call(request).map(\.body)
    }

    /// `--Name value` and `--Name=value` pairs; a name given twice is an error.
    static func parameters(_ arguments: ArraySlice<String>) throws(OutboundBotError) -> [String: String] {
        var parameters: [String: String] = [:]
        var remaining = arguments[...]
        while let argument = remaining.popFirst() {
            guard argument.hasPrefix("--"), argument.count > 2 else {
                throw .invalidArgument(field: argument, "expected --Name value")
            }
            let body = argument.dropFirst(2)
            let name: String, value: String
            if let equals = body.firstIndex(of: "=") {
                name = String(body[..<equals])
                value = String(body[body.index(after: equals)...])
            } else {
                guard let next = remaining.popFirst() else {
                    throw .invalidArgument(field: "--\(body)", "missing value")
                }
                name = String(body)
                value = next
            }
            guard parameters.updateValue(value, forKey: name) == nil else {
                throw .invalidArgument(field: "--\(name)", "given more than once")
            }
        }
        return parameters
    }

    static func createInstance(_ parameters: [String: String]) throws(OutboundBotError) -> CreateInstanceRequest {
        var parameters = parameters
        guard let name = parameters.removeValue(forKey: "InstanceName") else {
            throw .invalidArgument(field: "--InstanceName", "required")
        }
        guard let maxText = parameters.removeValue(forKey: "MaxConcurrentConversation") else {
            throw .invalidArgument(field: "--MaxConcurrentConversation", "required")
        }
        guard let max = Int64(maxText) else {
            throw .invalidArgument(field: "--MaxConcurrentConversation", "must be an integer, got \(maxText)")
        }
        let description = parameters.removeValue(forKey: "InstanceDescription")
        let nluServiceType = parameters.removeValue(forKey: "NluServiceType")
        let resourceGroupId = parameters.removeValue(forKey: "ResourceGroupId")

        var numbered: [(index: Int, number: String)] = []
        for (key, value) in parameters where key.hasPrefix("CallingNumber.") {
            guard let index = Int(key.dropFirst("CallingNumber.".count)), index >= 1 else {
                throw .invalidArgument(field: "--\(key)", "expected --CallingNumber.N with N = 1, 2, ...")
            }
            numbered.append((index, value))
            parameters.removeValue(forKey: key)
        }
        numbered.sort { $0.index < $1.index }
        for (position, entry) in numbered.enumerated() where entry.index != position + 1 {
            throw .invalidArgument(field: "--CallingNumber.\(position + 1)", "missing: numbers must be 1, 2, ... without gaps")
        }
        if let unknown = parameters.keys.sorted().first {
            throw .invalidArgument(field: "--\(unknown)",
                                   "not a parameter of CreateInstance (\(createInstanceParameters.joined(separator: ", ")))")
        }
        return CreateInstanceRequest(instanceName: name, instanceDescription: description, maxConcurrentConversation: max,
                                     nluServiceType: nluServiceType, resourceGroupId: resourceGroupId,
                                     callingNumbers: numbered.map(\.number))
    }
}
