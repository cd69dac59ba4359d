/// Reads business parameters the way the service validates them: absent or
/// empty required values are `Missing<Name>`, malformed ones `InvalidParameter`.
struct ParameterReader: Sendable {
    let parameters: [String: String]

    func required(_ name: String) throws(GatewayError) -> String {
        guard let value = parameters[name], !value.isEmpty else { throw .missing(name) }
        return value
    }

    /// nil when absent; present values are returned as sent (possibly empty).
    func optional(_ name: String) -> String? {
        parameters[name]
    }

    /// A positive 32-bit integer, as the API's `Integer` type is.
    func positiveInt32(_ name: String, required: Bool) throws(GatewayError) -> Int? {
        guard let text = parameters[name], !text.isEmpty else {
            if required { throw .missing(name) }
            return nil
        }
        guard let value = Int32(text), value > 0 else {
            throw .invalidParameter(name, "must be a positive 32-bit integer, got \(text).")
        }
        return Int(value)
    }

    /// A page number or size: a positive 32-bit integer, `fallback` when absent.
    func page(_ name: String, fallback: Int) throws(GatewayError) -> Int {
        try positiveInt32(name, required: false) ?? fallback
    }

    /// `Name.1`, `Name.2`, ... in index order; nil when none is sent.
    func repeatList(_ name: String) throws(GatewayError) -> [String]? {
        let prefix = name + "."
        var items: [(index: Int, value: String)] = []
        for (key, value) in parameters where key.hasPrefix(prefix) {
            guard let index = Int(key.dropFirst(prefix.count)), index >= 1 else {
                throw .invalidParameter(key, "a list index must be a positive integer.")
            }
            items.append((index, value))
        }
        guard !items.isEmpty else { return nil }
        return items.sorted { $0.index < $1.index }.map(\.value)
    }
}
