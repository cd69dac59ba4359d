/// The members of one JSON object, read by name the way the service needs:
/// exact spelling first, then ignoring case (the seed writes `creationTime`
/// and `requestId` where the SDKs send `CreationTime` and `RequestId`), and
/// numbers accepted as strings and strings as numbers.
///
/// A view over an object of the body's one check: an answer's objects are
/// read through a `JSONIndex`, building only the values read (see
/// `JSONIndex.member` for why each lookup finds what `JSONValue.member` finds
/// in the parsed object); a parsed `JSONValue` object is read as it is.
public struct LenientFields: Sendable {
    private enum Source: Sendable {
        /// Always an `.object`.
        case value(JSONValue)
        /// An object entry whose names are plain (`JSONIndex.hasPlainNames`).
        case index(JSONIndex, object: Int)
    }

    private let source: Source

    /// nil unless `value` is an object.
    init?(_ value: JSONValue) {
        guard case .object = value else { return nil }
        self.init(source: .value(value))
    }

    /// nil unless `entry` is an object. One with names that are not plain
    /// (rare) is parsed once here rather than at each lookup.
    init?(_ index: JSONIndex, entry: Int) {
        if index.hasPlainNames(entry) {
            self.init(source: .index(index, object: entry))
        } else {
            guard index.isObject(entry), let value = index.value(entry) else { return nil }
            self.init(value)
        }
    }

    private init(source: Source) {
        self.source = source
    }

    /// What the member `name` holds, in either form.
    private enum Found {
        case value(JSONValue)
        case entry(JSONIndex, Int)

        var fields: LenientFields? {
            switch self {
            case .value(let value): LenientFields(value)
            case .entry(let index, let entry): LenientFields(index, entry: entry)
            }
        }

        /// The object elements of an array; nil if it is not an array.
        var objectElements: [LenientFields]? {
            switch self {
            case .value(let value):
                guard case .array(let elements) = value else { return nil }
                return elements.compactMap(LenientFields.init)
            case .entry(let index, let entry):
                return index.elements(entry)?.compactMap { LenientFields(index, entry: $0) }
            }
        }
    }

    private func member(_ name: String) -> Found? {
        switch source {
        case .value(let object):
            return object.member(name).map(Found.value)
        case .index(let index, let object):
            switch index.member(name, of: object) {
            case .entry(let entry)?: return .entry(index, entry)
            case .value(let value)?: return .value(value)
            case nil: return nil
            }
        }
    }

    /// The member `name` for the scalar readers below (an object or array
    /// matches none of their cases); read straight from the index, without a
    /// `Found`, which retains the index.
    private func scalar(_ name: String) -> JSONValue? {
        switch source {
        case .value(let object):
            return object.member(name)
        case .index(let index, let object):
            switch index.member(name, of: object) {
            case .entry(let entry)?: return index.scalar(entry)
            case .value(let value)?: return value
            case nil: return nil
            }
        }
    }

    /// A string; a number or boolean written as text.
    public func string(_ name: String) -> String? {
        switch scalar(name) {
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
        switch scalar(name) {
        case .integer(let number)?: number
        case .string(let text)?: Int64(text)
        default: nil
        }
    }

    /// A boolean, or the string "true" or "false" in any case.
    public func bool(_ name: String) -> Bool? {
        switch scalar(name) {
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
        member(name)?.objectElements ?? []
    }

    /// The object member `name`, if it is an object.
    public func object(_ name: String) -> LenientFields? {
        member(name)?.fields
    }
}
