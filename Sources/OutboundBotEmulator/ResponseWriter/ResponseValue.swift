/// A response document, built once and written as JSON or XML.
///
/// Objects keep their key order (JSONSerialization would not), so answers read
/// the same way every time and XML elements come out in a stable order.
public indirect enum ResponseValue: Sendable, Equatable {
    case string(String)
    case int(Int64)
    case bool(Bool)
    case null
    case array([ResponseValue])
    case object([Field])

    public struct Field: Sendable, Equatable {
        public var key: String
        public var value: ResponseValue

        public init(_ key: String, _ value: ResponseValue) {
            self.key = key
            self.value = value
        }
    }

    static func int(_ value: Int) -> ResponseValue { .int(Int64(value)) }

    static func optionalString(_ value: String?) -> ResponseValue {
        value.map(ResponseValue.string) ?? .null
    }

    /// `[("a", x), ("b", y)]` as an object, for terse call sites.
    static func fields(_ pairs: [(String, ResponseValue)]) -> ResponseValue {
        .object(pairs.map { Field($0.0, $0.1) })
    }
}
