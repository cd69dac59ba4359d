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

    /// A 64-bit integer; nil when absent or empty.
    func int64(_ name: String) throws(GatewayError) -> Int64? {
        guard let text = parameters[name], !text.isEmpty else { return nil }
        guard let value = Int64(text) else {
            throw .invalidParameter(name, "it must be a 64-bit integer, got \(ScalarCheck.quoted(text)).")
        }
        return value
    }

    /// A non-negative 32-bit integer; nil when absent or empty.
    func nonNegativeInt32(_ name: String) throws(GatewayError) -> Int? {
        guard let text = parameters[name], !text.isEmpty else { return nil }
        guard let value = Int32(text), value >= 0 else {
            throw .invalidParameter(name, "it must be a non-negative 32-bit integer, got \(ScalarCheck.quoted(text)).")
        }
        return Int(value)
    }

    /// true / false in any case; nil when absent or empty.
    func boolean(_ name: String) throws(GatewayError) -> Bool? {
        guard let text = parameters[name], !text.isEmpty else { return nil }
        guard let value = ScalarCheck.parseBoolean(text) else {
            throw .invalidParameter(name, "it must be true or false, got \(ScalarCheck.quoted(text)).")
        }
        return value
    }

    /// nil when absent or empty.
    func nonEmpty(_ name: String) -> String? {
        guard let value = parameters[name], !value.isEmpty else { return nil }
        return value
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
            let suffix = key.dropFirst(prefix.count)
            // `Name.1.Field` belongs to a list of objects, not to this list of scalars.
            if suffix.contains(".") { continue }
            guard let index = Int(suffix), index >= 1 else {
                throw .invalidParameter(key, "a list index must be a positive integer.")
            }
            items.append((index, value))
        }
        guard !items.isEmpty else { return nil }
        return items.sorted { $0.index < $1.index }.map(\.value)
    }
}
