/// A JSON document checked exactly as `JSONValue.parse` checks it, but kept
/// as its bytes and where each value lies in them, so that reading a few
/// members of an answer costs only those members: the answer path
/// (`LenientFields`) reads some 15 of an answer's 40 names and values, and
/// building every String and object of the `JSONValue` was most of its cost.
///
/// Lookups give what `JSONValue.member` gives on the parsed value (see
/// `member(_:of:)`); values are read with the parser's own code.
package struct JSONIndex: Sendable {
    /// One value, in document order; an object's members are its name (a
    /// string entry) then its value, in turn, up to its `next`.
    struct Entry: Sendable {
        enum Kind: UInt8, Sendable { case object, array, string, number, literal }
        var kind: Kind
        /// A string: no escape and no byte above 0x7F, so its bytes are its text.
        /// An object: every member name is such a string.
        var plain: Bool
        /// The value's text: quotes included, brackets included.
        var start: Int
        var end: Int
        /// The entry after this value and everything inside it.
        var next: Int
    }

    private let bytes: [UInt8]
    private let entries: [Entry]

    /// nil when `JSONValue.parse(bytes)` fails.
    package init?(_ bytes: [UInt8]) {
        guard let entries = bytes.withUnsafeBufferPointer(JSONParser.parse(indexing:)) else { return nil }
        self.bytes = bytes
        self.entries = entries
    }

    /// The root value's entry.
    package static let root = 0

    package func isObject(_ entry: Int) -> Bool {
        entries.indices.contains(entry) && entries[entry].kind == .object
    }

    /// What a member lookup found.
    package enum Member {
        /// The value's entry.
        case entry(Int)
        /// The value itself (from a parse of the object, see below).
        case value(JSONValue)
    }

    /// Whether every member name of the object at `entry` is plain: then
    /// `member(_:of:)` reads its names' bytes, else it parses the object.
    package func hasPlainNames(_ entry: Int) -> Bool {
        isObject(entry) && entries[entry].plain
    }

    /// The member called `name` of the object at `object`, as `JSONValue.member`
    /// finds it in the parsed object: exact spelling first, then ignoring case,
    /// among the members in name order, the first of equal names kept.
    ///
    /// When the names and `name` are all ASCII without escapes, equal means
    /// byte-equal and ignoring case means ASCII folding, so a pass over the
    /// bytes decides: the first exact name in document order is the one kept;
    /// else, of the names equal to `name` ignoring case, the least in byte
    /// order (the first of them in the parsed object), its first occurrence.
    /// Anything else (escapes, other scripts, canonical equivalence) is left
    /// to `JSONValue.member` on a parse of the object's own bytes.
    package func member(_ name: String, of object: Int) -> Member? {
        guard isObject(object) else { return nil }
        if entries[object].plain {
            switch asciiMember(name, of: object) {
            case .found(let entry): return .entry(entry)
            case .absent: return nil
            case .undecided: break
            }
        }
        return value(object)?.member(name).map(Member.value)
    }

    private enum ASCIILookup {
        case found(Int)
        case absent
        /// `name` is not ASCII, or not contiguous.
        case undecided
    }

    /// The value entry of `name` in an object whose names are plain.
    private func asciiMember(_ name: String, of object: Int) -> ASCIILookup {
        name.utf8.withContiguousStorageIfAvailable { key -> ASCIILookup in
            guard !key.contains(where: { $0 >= 0x80 }) else { return .undecided }
            // Through buffer pointers: the lookups are most of an answer's reading.
            return bytes.withUnsafeBufferPointer { bytes in
                entries.withUnsafeBufferPointer { entries in
                    Self.asciiMember(key, of: object, entries: entries, bytes: bytes)
                }
            }
        } ?? .undecided
    }

    private static func asciiMember(_ key: UnsafeBufferPointer<UInt8>, of object: Int,
                                    entries: UnsafeBufferPointer<Entry>, bytes: UnsafeBufferPointer<UInt8>) -> ASCIILookup {
        // The best name equal to `key` ignoring case so far, and its value's entry.
        var caseless: (name: UnsafeBufferPointer<UInt8>, value: Int)?
        let end = min(entries[object].next, entries.count)
        var entry = object + 1  // a name; its value is the next entry
        while entry + 1 < end {
            let name = entries[entry]
            if name.end - name.start - 2 == key.count {
                let candidate = UnsafeBufferPointer(rebasing: bytes[name.start + 1..<name.end - 1])
                switch compareFolded(candidate, key) {
                case .equal:
                    return .found(entry + 1)
                case .equalIgnoringCase:
                    if caseless.map({ candidate.lexicographicallyPrecedes($0.name) }) ?? true {
                        caseless = (candidate, entry + 1)
                    }
                case .different:
                    break
                }
            }
            entry = entries[entry + 1].next
        }
        return caseless.map { .found($0.value) } ?? .absent
    }

    private enum Comparison { case equal, equalIgnoringCase, different }

    /// Two names of the same length, byte by byte (a generic `elementsEqual` costs several times more).
    private static func compareFolded(_ left: UnsafeBufferPointer<UInt8>, _ right: UnsafeBufferPointer<UInt8>) -> Comparison {
        var result = Comparison.equal
        for index in 0..<min(left.count, right.count) where left[index] != right[index] {
            guard CaselessName.fold(left[index]) == CaselessName.fold(right[index]) else { return .different }
            result = .equalIgnoringCase
        }
        return left.count == right.count ? result : .different
    }

    /// The entry's value if it is a string, number, `true`, `false` or `null`.
    package func scalar(_ entry: Int) -> JSONValue? {
        guard entries.indices.contains(entry) else { return nil }
        let value = entries[entry]
        return bytes.withUnsafeBufferPointer { bytes -> JSONValue? in
            switch value.kind {
            case .object, .array:
                return nil
            case .string where value.plain:
                return .string(String(decoding: UnsafeBufferPointer(rebasing: bytes[value.start + 1..<value.end - 1]),
                                      as: UTF8.self))
            case .string, .number, .literal:
                return JSONParser.scalar(UnsafeBufferPointer(rebasing: bytes[value.start..<value.end]))
            }
        }
    }

    /// The entries of the elements of the array at `entry`; nil if it is not an array.
    package func elements(_ entry: Int) -> [Int]? {
        guard entries.indices.contains(entry), entries[entry].kind == .array else { return nil }
        var elements: [Int] = []
        var element = entry + 1
        while element < entries[entry].next {
            elements.append(element)
            element = entries[element].next
        }
        return elements
    }

    /// The value at `entry` as `JSONValue.parse` gives it: its bytes are a
    /// JSON document of their own, with the same value.
    package func value(_ entry: Int) -> JSONValue? {
        guard entries.indices.contains(entry) else { return nil }
        let value = entries[entry]
        return try? JSONValue.parse(bytes[value.start..<value.end]).get()
    }
}

extension JSONParser {
    /// The entries of `bytes` (see `JSONIndex`), or nil where `parse` fails:
    /// the same grammar, checks and limits, through the same token readers.
    static func parse(indexing bytes: UnsafeBufferPointer<UInt8>) -> [JSONIndex.Entry]? {
        var parser = JSONParser(bytes)
        return try? parser.index()
    }

    /// One string, number or literal that is all of `bytes`.
    static func scalar(_ bytes: UnsafeBufferPointer<UInt8>) -> JSONValue? {
        var parser = JSONParser(bytes)
        switch parser.peek() {
        case UInt8(ascii: "\""): return try? JSONValue.string(parser.string().text)
        case UInt8(ascii: "t"): return .bool(true)
        case UInt8(ascii: "f"): return .bool(false)
        case UInt8(ascii: "n"): return .null
        default: return try? parser.number()
        }
    }

    /// `document()`, recording each value's place instead of building it.
    private mutating func index() throws(Failure) -> [JSONIndex.Entry] {
        var entries: [JSONIndex.Entry] = []
        entries.reserveCapacity(64)
        // The entries of the open arrays and objects, innermost last.
        var open: [Int] = []
        open.reserveCapacity(8)

        expectingValue: while true {
            skipWhitespace()
            guard let byte = peek() else { throw .syntax }
            let start = position
            switch byte {
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                guard open.count < Self.maxDepth else { throw .tooDeep }
                position += 1
                let isObject = byte == UInt8(ascii: "{")
                entries.append(JSONIndex.Entry(kind: isObject ? .object : .array, plain: true,
                                               start: start, end: start, next: 0))
                skipWhitespace()
                if peek() == (isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")) {
                    position += 1
                    entries[entries.count - 1].end = position
                    entries[entries.count - 1].next = entries.count
                } else {
                    open.append(entries.count - 1)
                    if isObject { try indexName(into: &entries, object: entries.count - 1) }
                    continue expectingValue
                }
            case UInt8(ascii: "\""):
                let plain = try checkedString()
                entries.append(JSONIndex.Entry(kind: .string, plain: plain, start: start, end: position,
                                               next: entries.count + 1))
            case UInt8(ascii: "t"), UInt8(ascii: "f"), UInt8(ascii: "n"):
                try literal(byte == UInt8(ascii: "t") ? "true" : byte == UInt8(ascii: "f") ? "false" : "null")
                entries.append(JSONIndex.Entry(kind: .literal, plain: true, start: start, end: position,
                                               next: entries.count + 1))
            default:
                // Up to 18 digits is always an Int64; anything else must be a
                // number to JSONNumber too (1e400 is not).
                let (text, plainInteger) = try numberText()
                if !plainInteger || text.count > 18 {
                    guard JSONNumber.value(text, plainInteger: plainInteger) != nil else { throw .syntax }
                }
                entries.append(JSONIndex.Entry(kind: .number, plain: true, start: start, end: position,
                                               next: entries.count + 1))
            }

            // A value is complete: close every container that ends here.
            while let container = open.last {
                skipWhitespace()
                guard let next = peek() else { throw .syntax }
                position += 1
                let isObject = entries[container].kind == .object
                if next == UInt8(ascii: ",") {
                    if isObject { try indexName(into: &entries, object: container) }
                    continue expectingValue
                }
                guard next == (isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")) else { throw .syntax }
                entries[container].end = position
                entries[container].next = entries.count
                open.removeLast()
            }
            skipWhitespace()
            guard position == bytes.count else { throw .syntax }
            return entries
        }
    }

    /// `"name" :` of the next member of the object at `object`.
    private mutating func indexName(into entries: inout [JSONIndex.Entry], object: Int) throws(Failure) {
        skipWhitespace()
        guard peek() == UInt8(ascii: "\"") else { throw .syntax }
        let start = position
        let plain = try checkedString()
        entries.append(JSONIndex.Entry(kind: .string, plain: plain, start: start, end: position, next: entries.count + 1))
        if !plain { entries[object].plain = false }
        skipWhitespace()
        guard peek() == UInt8(ascii: ":") else { throw .syntax }
        position += 1
    }

    /// A string from its opening quote, checked as `string()` checks it
    /// without building it when it is plain (ASCII, no escape): whether it is.
    private mutating func checkedString() throws(Failure) -> Bool {
        let start = position + 1
        switch try scanString() {
        case .quote(ascii: true):
            return true
        case .quote(ascii: false):
            guard String(validating: UnsafeBufferPointer(rebasing: bytes[start..<position - 1]), as: UTF8.self) != nil
            else { throw .syntax }
            return false
        case .backslash:
            _ = try escapedString(from: start)
            return false
        }
    }
}
