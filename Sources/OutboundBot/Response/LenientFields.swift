/// The members of one JSON object, read by name the way the service needs:
/// exact spelling first, then ignoring case (the seed writes `creationTime`
/// and `requestId` where the SDKs send `CreationTime` and `RequestId`), and
/// numbers accepted as strings and strings as numbers.
///
/// A view over an object the body's one parse produced: each read is a
/// lookup among its members (see `JSONValue.member`), with no decoding left.
public struct LenientFields: Sendable {
    /// Always an `.object`.
    private let object: JSONValue

    /// nil unless `value` is an object.
    init?(_ value: JSONValue) {
        guard case .object = value else { return nil }
        object = value
    }

    /// A string; a number or boolean written as text.
    public func string(_ name: String) -> String? {
        switch object.member(name) {
        case .string(let text)?: text
        case .integer(let number)?: String(number)
        case .bool(let flag)?: flag ? "true" : "false"
        case .double(let number)?: String(number)
        default: nil
        }
    }

    /// An integer (a number with no fraction that fits, see `JSONNumber`), or
    /// a string holding a decimal one.
    public func int64(_ name: String) -> Int64? {
        switch object.member(name) {
        case .integer(let number)?: number
        case .string(let text)?: Int64(text)
        default: nil
        }
    }

    /// A boolean, or the string "true" or "false" in any case.
    public func bool(_ name: String) -> Bool? {
        switch object.member(name) {
        case .bool(let flag)?: return flag
        case .string(let text)?:
            switch text.lowercased() {
            case "true": return true
            case "false": return false
            default: return nil
            }
        default: return nil
        }
    }

    /// The object elements of the array member `name`; other elements are
    /// skipped, and anything but an array gives none.
    public func objects(_ name: String) -> [LenientFields] {
        guard case .array(let elements)? = object.member(name) else { return [] }
        return elements.compactMap(LenientFields.init)
    }

    /// The object member `name`, if it is an object.
    public func object(_ name: String) -> LenientFields? {
        object.member(name).flatMap(LenientFields.init)
    }
}
