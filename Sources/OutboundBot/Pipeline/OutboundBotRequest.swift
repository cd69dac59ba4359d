/// A call of any catalogued action: its name and its parameters as JSON
/// values. Lists and objects are flattened as the catalogue says
/// (`Name.1`, `Name.1.Field` or JSON text), so callers never do it by hand.
public struct OutboundBotRequest: Sendable, Equatable {
    public var action: String
    /// Top-level parameters in the order given. A `.null` value counts as absent.
    public var parameters: [JSONValue.Member]

    public init(action: String, parameters: [JSONValue.Member] = []) {
        self.action = action
        self.parameters = parameters
    }

    /// The request whose parameters are the members of the JSON object
    /// `json` (UTF-8), e.g. `{"InstanceId":"i-1","CallingNumber":["95187"]}`.
    /// `field` names the JSON in errors, as the caller knows it.
    public init(action: String, json: some Collection<UInt8>, field: String = "parameters") throws(OutboundBotError) {
        switch JSONValue.parse(json) {
        case .success(.object(let members)):
            self.init(action: action, parameters: members)
        case .success(let other):
            throw .invalidArgument(field: field, "must be a JSON object, got \(other.typeName)")
        case .failure(let error):
            throw .invalidArgument(field: field, error.reason)
        }
    }

    /// Sets (or replaces) the parameter `name`.
    public mutating func set(_ name: String, _ value: JSONValue) {
        if let index = parameters.firstIndex(where: { $0.name == name }) {
            parameters[index].value = value
        } else {
            parameters.append(JSONValue.Member(name, value))
        }
    }

    /// The value of the parameter `name`, if set.
    public func value(of name: String) -> JSONValue? {
        parameters.first { $0.name == name }?.value
    }
}
