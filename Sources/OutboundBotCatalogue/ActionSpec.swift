/// One OutboundBot action as the official API metadata describes it: how it is
/// sent and what it takes. Pure data; `Catalogue` holds one per action.
public struct ActionSpec: Sendable, Hashable {
    public enum Method: String, Sendable, Hashable {
        case get = "GET"
        case post = "POST"
    }

    public var name: String
    public var method: Method
    public var parameters: [ParameterSpec]
    /// True for actions that only read (Describe*, List*, Get*, Query*,
    /// Search*, ...): a retry can never do a second time what the first did.
    public var isReadOnly: Bool
    /// How to walk the action's pages, for list actions; nil otherwise.
    public var pagination: Pagination?

    public init(_ name: String, _ method: Method, readOnly: Bool, pagination: Pagination? = nil,
                _ parameters: [ParameterSpec]) {
        self.name = name
        self.method = method
        self.isReadOnly = readOnly
        self.pagination = pagination
        self.parameters = parameters
    }

    /// The parameter called exactly `name`, if the action has one.
    public func parameter(named name: String) -> ParameterSpec? {
        parameters.first { $0.name == name }
    }
}

/// One top-level parameter of an action.
public struct ParameterSpec: Sendable, Hashable {
    /// Where the flattened parameter travels.
    public enum Location: String, Sendable, Hashable {
        /// The URL query string.
        case query
        /// A form-encoded body (`application/x-www-form-urlencoded`).
        case body
    }

    /// How a list or object value becomes wire parameters.
    public enum Style: String, Sendable, Hashable {
        /// A scalar, sent as its text.
        case plain
        /// `Name.1`, `Name.2`, ... for lists; `Name.1.Field` for lists of
        /// objects; `Name.Field` for an object.
        case repeatList
        /// One parameter whose value is the JSON text of the list or object.
        case json
    }

    public var name: String
    public var type: ParameterType {
        get { typeNode.type }
        set { typeNode = TypeNode(newValue) }
    }
    public var isRequired: Bool
    public var location: Location
    public var style: Style
    private var typeNode: TypeNode

    public init(_ name: String, _ type: ParameterType, required: Bool = false, in location: Location = .query,
                style: Style = .plain) {
        self.name = name
        self.typeNode = TypeNode(type)
        self.isRequired = required
        self.location = location
        self.style = style
    }
}

/// A field of an object parameter (nested objects have fields of their own).
public struct FieldSpec: Sendable, Hashable {
    public var name: String
    public var type: ParameterType {
        get { typeNode.type }
        set { typeNode = TypeNode(newValue) }
    }
    public var isRequired: Bool
    private var typeNode: TypeNode

    public init(_ name: String, _ type: ParameterType, required: Bool = false) {
        self.name = name
        self.typeNode = TypeNode(type)
        self.isRequired = required
    }
}

/// How a type is stored in the catalogue: plain structs and arrays. An enum
/// with two or more pointer payloads keeps its case in the pointers' spare
/// bits, so valgrind and LeakSanitizer could not follow the catalogue (built
/// once, kept until exit) and would call it leaked; this layout has no such
/// pointers. `ParameterType` is what callers match on.
struct TypeNode: Sendable, Hashable {
    enum Kind: Sendable, Hashable { case string, int32, int64, boolean, list, object }

    let kind: Kind
    /// The element type of a list (one entry); empty otherwise.
    let element: [TypeNode]
    /// The fields of an object; empty otherwise.
    let fields: [FieldSpec]

    init(_ type: ParameterType) {
        switch type {
        case .string: (kind, element, fields) = (.string, [], [])
        case .int32: (kind, element, fields) = (.int32, [], [])
        case .int64: (kind, element, fields) = (.int64, [], [])
        case .boolean: (kind, element, fields) = (.boolean, [], [])
        case .list(let elementType): (kind, element, fields) = (.list, [TypeNode(elementType)], [])
        case .object(let objectFields): (kind, element, fields) = (.object, [], objectFields)
        }
    }

    var type: ParameterType {
        switch kind {
        case .string: .string
        case .int32: .int32
        case .int64: .int64
        case .boolean: .boolean
        case .list: .list(element.first?.type ?? .string)
        case .object: .object(fields)
        }
    }
}

/// The value types the API uses. Integer widths come from the official Go SDK
/// (`*int32` / `*int64`), which the Python SDK does not record.
public enum ParameterType: Sendable, Hashable {
    case string
    case int32
    case int64
    case boolean
    indirect case list(ParameterType)
    case object([FieldSpec])

    /// "string", "int32", "list<string>", "object", "list<object>": for help
    /// text and error messages.
    public var displayName: String {
        switch self {
        case .string: "string"
        case .int32: "int32"
        case .int64: "int64"
        case .boolean: "boolean"
        case .list(let element): "list<\(element.displayName)>"
        case .object: "object"
        }
    }
}

/// How a list action pages, and where its items are in the answer.
public struct Pagination: Sendable, Hashable {
    public enum Style: Sendable, Hashable {
        /// A 1-based page number and a page size (`PageNumber`/`PageSize`,
        /// `PageIndex`/`PageSize`, ...).
        case pageNumber(number: String, size: String)
        /// An opaque token: sent as `request`, the next one read from the
        /// answer at path `response`; an absent or empty token ends the walk.
        case nextToken(request: String, response: String)
    }

    public var style: Style
    /// Path in the answer to the array of this page's items, e.g. "JobGroups.List".
    public var itemsPath: String
    /// Path in the answer to the total number of items, when the answer has one.
    public var totalCountPath: String?

    public init(_ style: Style, items itemsPath: String, totalCount totalCountPath: String? = nil) {
        self.style = style
        self.itemsPath = itemsPath
        self.totalCountPath = totalCountPath
    }
}
