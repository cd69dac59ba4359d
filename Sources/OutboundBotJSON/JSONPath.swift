/// A path into a JSON answer: member names separated by `.`, array indexes
/// in brackets, e.g. `Instance.InstanceId` or `Jobs.List[0].JobId`.
/// Member names match exactly first, then ignoring case.
public struct JSONPath: Sendable, Equatable, CustomStringConvertible {
    public enum Step: Sendable, Equatable {
        case member(String)
        case index(Int)
    }

    public let steps: [Step]
    public let description: String

    /// Longest path text accepted, so a hostile caller cannot make parsing costly.
    public static let maxLength = 4096

    /// Parses `text`; the error says what is wrong and where.
    public init(_ text: String) throws(JSONPathError) {
        guard !text.isEmpty else { throw JSONPathError("must not be empty") }
        guard text.utf8.count <= Self.maxLength else { throw JSONPathError("longer than \(Self.maxLength) bytes") }
        var steps: [Step] = []
        var name = ""
        var index = text.unicodeScalars.startIndex
        let scalars = text.unicodeScalars
        var expectName = true
        func endName() throws(JSONPathError) {
            if expectName {
                guard !name.isEmpty else { throw JSONPathError("empty member name in '\(text)'") }
                steps.append(.member(name))
            }
            name = ""
        }
        while index < scalars.endIndex {
            let scalar = scalars[index]
            switch scalar {
            case ".":
                try endName()
                expectName = true
            case "[":
                if expectName && !name.isEmpty { try endName() } else if expectName && steps.isEmpty {
                    throw JSONPathError("'\(text)' must start with a member name")
                } else if expectName {
                    throw JSONPathError("empty member name in '\(text)'")
                }
                expectName = false
                guard let close = scalars[index...].firstIndex(of: "]") else {
                    throw JSONPathError("unterminated '[' in '\(text)'")
                }
                let digits = String(scalars[scalars.index(after: index)..<close])
                guard !digits.isEmpty, digits.utf8.allSatisfy({ (0x30...0x39).contains($0) }),
                      let value = Int(digits) else {
                    throw JSONPathError("'[\(digits)]' is not an array index in '\(text)'")
                }
                steps.append(.index(value))
                index = close
            default:
                guard expectName else { throw JSONPathError("expected '.' or '[' after ']' in '\(text)'") }
                name.unicodeScalars.append(scalar)
            }
            index = scalars.index(after: index)
        }
        if expectName { try endName() }
        self.steps = steps
        self.description = text
    }
}

/// A path that cannot be parsed.
public struct JSONPathError: Error, Sendable {
    public var reason: String
    init(_ reason: String) { self.reason = reason }
}

/// Why a lookup found no value of the asked type.
public enum JSONLookupError: Error, Sendable, Equatable {
    /// Nothing at the path (a JSON null counts as nothing); `at` is the
    /// part of the path that was missing.
    case notFound(at: String)
    /// A value is there, of another type than asked.
    case wrongType(expected: String, found: String)
}

extension JSONValue {
    /// The value at `path`, or where the walk stopped.
    public func value(at path: JSONPath) -> Result<JSONValue, JSONLookupError> {
        var current = self
        var walked = ""
        for step in path.steps {
            switch step {
            case .member(let name):
                walked += walked.isEmpty ? name : ".\(name)"
                guard let next = current.member(name), next != .null else { return .failure(.notFound(at: walked)) }
                current = next
            case .index(let index):
                walked += "[\(index)]"
                guard case .array(let elements) = current else {
                    return .failure(.wrongType(expected: "array", found: current.typeName))
                }
                guard index < elements.count, elements[index] != .null else { return .failure(.notFound(at: walked)) }
                current = elements[index]
            }
        }
        return .success(current)
    }

    /// A string, or a number written as text (see `JSONValue.lenientString`).
    public func string(at path: JSONPath) -> Result<String, JSONLookupError> {
        value(at: path).flatMap { value in
            value.lenientString.map { .success($0) } ?? .failure(.wrongType(expected: "string", found: value.typeName))
        }
    }

    /// An integer, or a string holding one (see `JSONValue.lenientInt64`).
    public func int64(at path: JSONPath) -> Result<Int64, JSONLookupError> {
        value(at: path).flatMap { value in
            value.lenientInt64.map { .success($0) } ?? .failure(.wrongType(expected: "integer", found: value.typeName))
        }
    }

    /// A boolean, or the string "true" or "false" in any case.
    public func bool(at path: JSONPath) -> Result<Bool, JSONLookupError> {
        value(at: path).flatMap { value in
            switch value {
            case .bool(let flag): return .success(flag)
            case .string(let text):
                switch text.lowercased() {
                case "true": return .success(true)
                case "false": return .success(false)
                default: return .failure(.wrongType(expected: "boolean", found: "string"))
                }
            default:
                return .failure(.wrongType(expected: "boolean", found: value.typeName))
            }
        }
    }

    /// The number of elements of the array at `path`.
    public func arrayLength(at path: JSONPath) -> Result<Int, JSONLookupError> {
        value(at: path).flatMap { value in
            guard case .array(let elements) = value else {
                return .failure(.wrongType(expected: "array", found: value.typeName))
            }
            return .success(elements.count)
        }
    }
}
