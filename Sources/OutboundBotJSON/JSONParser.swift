/// RFC 8259 text (UTF-8 bytes) to a `JSONValue`.
///
/// Written here rather than taken from JSONDecoder so that the library needs
/// no Foundation (FoundationEssentials and what it pulls in were some 6 MB of
/// the shipped library) and so that a parse costs a fraction of the
/// instructions (see bench/json/README.md). One pass over the bytes, no recursion (containers
/// are kept on heap stacks, so no document can overflow the thread's stack),
/// and nothing that can trap: every read is checked against the end, every
/// integer step reports overflow.
///
/// Where RFC 8259 leaves a choice, it does what JSONDecoder did before:
/// numbers (`JSONNumber`), object members (`JSONMemberOrder`), a leading
/// UTF-8 byte order mark skipped, lone surrogate escapes rejected, at most
/// 512 nested arrays and objects.
struct JSONParser {
    /// JSONDecoder's limit: 512 nested arrays and objects parse, 513 do not.
    static let maxDepth = 512

    enum Failure: Error {
        case syntax
        case tooDeep
    }

    /// One open array or object. Its elements are the tail of `elements`
    /// from `start`; its members, the tail of `members`' pending ones.
    private struct Frame {
        var isObject: Bool
        var start: Int
        /// Every member name so far is ASCII (see `JSONMemberOrder`).
        var asciiNames: Bool
    }

    let bytes: UnsafeBufferPointer<UInt8>
    var position: Int
    /// Reused for the strings that have escapes.
    private var scratch: [UInt8] = []

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
        // A UTF-8 byte order mark at the very start is skipped, as JSONDecoder did.
        let bom = bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF
        position = bom ? 3 : 0
    }

    /// The value `bytes` hold, or why they hold none.
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> Result<JSONValue, JSONParseError> {
        var parser = JSONParser(bytes)
        do {
            return .success(try parser.document())
        } catch {
            // As before: invalid UTF-8 anywhere is named first, whatever else is wrong.
            if String(validating: bytes, as: UTF8.self) == nil { return .failure(JSONParseError("not valid UTF-8")) }
            switch error {
            case .syntax: return .failure(JSONParseError("malformed JSON"))
            case .tooDeep: return .failure(JSONParseError("malformed JSON: nested deeper than \(maxDepth) arrays and objects"))
            }
        }
    }

    // MARK: The document

    private mutating func document() throws(Failure) -> JSONValue {
        // Room for an answer's nesting and members without growing.
        var stack: [Frame] = []
        stack.reserveCapacity(8)
        var elements: [JSONValue] = []
        elements.reserveCapacity(16)
        var members = JSONMemberOrder()

        expectingValue: while true {
            skipWhitespace()
            guard let byte = peek() else { throw .syntax }
            var value: JSONValue
            switch byte {
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                guard stack.count < Self.maxDepth else { throw .tooDeep }
                position += 1
                let isObject = byte == UInt8(ascii: "{")
                skipWhitespace()
                if peek() == (isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")) {
                    position += 1
                    value = isObject ? .object([]) : .array([])
                } else {
                    var frame = Frame(isObject: isObject, start: isObject ? members.count : elements.count,
                                      asciiNames: true)
                    if isObject { try memberName(into: &members, frame: &frame) }
                    stack.append(frame)
                    continue expectingValue
                }
            case UInt8(ascii: "\""):
                value = .string(try string().text)
            case UInt8(ascii: "t"):
                try literal("true")
                value = .bool(true)
            case UInt8(ascii: "f"):
                try literal("false")
                value = .bool(false)
            case UInt8(ascii: "n"):
                try literal("null")
                value = .null
            default:
                value = try number()
            }

            // A value is complete: add it to its container, closing every container that ends here.
            while var frame = stack.last {
                if frame.isObject { members.setValue(value) } else { elements.append(value) }
                skipWhitespace()
                guard let next = peek() else { throw .syntax }
                position += 1
                if next == UInt8(ascii: ",") {
                    if frame.isObject {
                        try memberName(into: &members, frame: &frame)
                        stack[stack.count - 1] = frame
                    }
                    continue expectingValue
                }
                if frame.isObject {
                    guard next == UInt8(ascii: "}") else { throw .syntax }
                    value = .object(members.close(from: frame.start, asciiNames: frame.asciiNames))
                } else {
                    guard next == UInt8(ascii: "]") else { throw .syntax }
                    value = .array(Array(elements[frame.start...]))
                    elements.removeSubrange(frame.start...)
                }
                stack.removeLast()
            }
            skipWhitespace()
            guard position == bytes.count else { throw .syntax }
            return value
        }
    }

    /// `"name" :` of the next member.
    private mutating func memberName(into members: inout JSONMemberOrder, frame: inout Frame) throws(Failure) {
        skipWhitespace()
        guard peek() == UInt8(ascii: "\"") else { throw .syntax }
        let name = try string()
        members.appendName(name.text)
        if !name.ascii { frame.asciiNames = false }
        skipWhitespace()
        guard peek() == UInt8(ascii: ":") else { throw .syntax }
        position += 1
    }

    // MARK: Tokens

    @inline(__always)
    func peek() -> UInt8? {
        position < bytes.count ? bytes[position] : nil
    }

    @inline(__always)
    mutating func skipWhitespace() {
        while position < bytes.count {
            switch bytes[position] {
            case 0x20, 0x0A, 0x0D, 0x09: position += 1
            default: return
            }
        }
    }

    mutating func literal(_ word: StaticString) throws(Failure) {
        let count = word.utf8CodeUnitCount
        guard bytes.count - position >= count else { throw .syntax }
        let expected = UnsafeBufferPointer(start: word.utf8Start, count: count)
        guard bytes[position..<position + count].elementsEqual(expected) else { throw .syntax }
        position += count
    }

    /// A number from `position`; its grammar checked here, its value by `JSONNumber`.
    mutating func number() throws(Failure) -> JSONValue {
        let (text, plainInteger) = try numberText()
        guard let value = JSONNumber.value(text, plainInteger: plainInteger) else { throw .syntax }
        return value
    }

    /// The text of a number from `position`, its grammar checked; `plainInteger`
    /// when it has neither fraction nor exponent.
    mutating func numberText() throws(Failure) -> (text: UnsafeBufferPointer<UInt8>, plainInteger: Bool) {
        let start = position
        if peek() == UInt8(ascii: "-") { position += 1 }
        // Integer part: 0, or a digit 1-9 and more digits.
        guard let first = peek(), Self.isDigit(first) else { throw .syntax }
        position += 1
        if first != UInt8(ascii: "0") { skipDigits() }
        var plainInteger = true
        if peek() == UInt8(ascii: ".") {
            position += 1
            guard let digit = peek(), Self.isDigit(digit) else { throw .syntax }
            skipDigits()
            plainInteger = false
        }
        if peek() == UInt8(ascii: "e") || peek() == UInt8(ascii: "E") {
            position += 1
            if peek() == UInt8(ascii: "+") || peek() == UInt8(ascii: "-") { position += 1 }
            guard let digit = peek(), Self.isDigit(digit) else { throw .syntax }
            skipDigits()
            plainInteger = false
        }
        return (UnsafeBufferPointer(rebasing: bytes[start..<position]), plainInteger)
    }

    private mutating func skipDigits() {
        while position < bytes.count, Self.isDigit(bytes[position]) { position += 1 }
    }

    private static func isDigit(_ byte: UInt8) -> Bool {
        byte &- UInt8(ascii: "0") < 10
    }

    /// A string from its opening quote; `ascii` when every character is.
    mutating func string() throws(Failure) -> (text: String, ascii: Bool) {
        let start = position + 1
        switch try scanString() {
        case .quote(let ascii):
            let raw = UnsafeBufferPointer(rebasing: bytes[start..<position - 1])
            if ascii { return (String(decoding: raw, as: UTF8.self), true) }
            guard let text = String(validating: raw, as: UTF8.self) else { throw .syntax }
            return (text, false)
        case .backslash:
            return try escapedString(from: start)
        }
    }

    /// Where `scanString` stopped.
    enum StringEnd {
        /// Just after the closing quote; `ascii` when no byte is above 0x7F
        /// (the bytes are not checked as UTF-8 yet).
        case quote(ascii: Bool)
        /// At the first backslash.
        case backslash
    }

    /// From a string's opening quote to its closing quote or first backslash,
    /// whichever comes first; a control character or the end is an error.
    mutating func scanString() throws(Failure) -> StringEnd {
        var index = position + 1
        var ascii = true
        let highs: UInt64 = 0x8080_8080_8080_8080
        while index < bytes.count {
            // Eight bytes at a time, up to the first quote, backslash or control character.
            if bytes.count - index >= 8, let base = bytes.baseAddress {
                let word = UInt64(littleEndian: UnsafeRawPointer(base).loadUnaligned(fromByteOffset: index, as: UInt64.self))
                let special = Self.quoteBackslashOrControl(word)
                if special == 0 {
                    if word & highs != 0 { ascii = false }
                    index += 8
                    continue
                }
                // The lowest flagged byte is the first special one; the bytes before it are plain.
                let plain = special.trailingZeroBitCount / 8
                if plain > 0, word & highs & (UInt64.max >> (64 - 8 * plain)) != 0 { ascii = false }
                index += plain
            }
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                position = index + 1
                return .quote(ascii: ascii)
            }
            if byte == UInt8(ascii: "\\") {
                position = index
                return .backslash
            }
            guard byte >= 0x20 else { throw .syntax }  // control characters must be escaped
            if byte >= 0x80 { ascii = false }
            index += 1
        }
        throw .syntax
    }

    /// The high bit of each byte of `word` (first byte lowest) that may be `"`,
    /// `\\` or below 0x20: the classic "has zero byte" test. Bytes after a
    /// flagged one may be flagged wrongly; the lowest flag is always right, and
    /// none means none of the eight is.
    private static func quoteBackslashOrControl(_ word: UInt64) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let quotes = word ^ (ones &* UInt64(UInt8(ascii: "\"")))
        let backslashes = word ^ (ones &* UInt64(UInt8(ascii: "\\")))
        let zeroQuote = (quotes &- ones) & ~quotes
        let zeroBackslash = (backslashes &- ones) & ~backslashes
        let control = (word &- ones &* 0x20) & ~word
        return (zeroQuote | zeroBackslash | control) & 0x8080_8080_8080_8080
    }

    /// The rest of a string that has an escape at `position`; `start` is its first byte.
    mutating func escapedString(from start: Int) throws(Failure) -> (text: String, ascii: Bool) {
        scratch.removeAll(keepingCapacity: true)
        scratch.append(contentsOf: bytes[start..<position])
        while position < bytes.count {
            let byte = bytes[position]
            position += 1
            switch byte {
            case UInt8(ascii: "\""):
                let ascii = scratch.allSatisfy { $0 < 0x80 }
                guard let text = String(validating: scratch, as: UTF8.self) else { throw .syntax }
                return (text, ascii)
            case UInt8(ascii: "\\"):
                try escape()
            case 0..<0x20:
                throw .syntax
            default:
                scratch.append(byte)
            }
        }
        throw .syntax
    }

    /// One escape, after its backslash, appended to `scratch` as UTF-8.
    private mutating func escape() throws(Failure) {
        guard let byte = peek() else { throw .syntax }
        position += 1
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): scratch.append(byte)
        case UInt8(ascii: "b"): scratch.append(0x08)
        case UInt8(ascii: "f"): scratch.append(0x0C)
        case UInt8(ascii: "n"): scratch.append(0x0A)
        case UInt8(ascii: "r"): scratch.append(0x0D)
        case UInt8(ascii: "t"): scratch.append(0x09)
        case UInt8(ascii: "u"):
            var scalar = try hex4()
            switch scalar {
            case 0xD800...0xDBFF:
                // A high surrogate must be followed by an escaped low one; alone it
                // is no character (JSONDecoder rejected it too).
                guard bytes.count - position >= 2, bytes[position] == UInt8(ascii: "\\"),
                      bytes[position + 1] == UInt8(ascii: "u") else { throw .syntax }
                position += 2
                let low = try hex4()
                guard (0xDC00...0xDFFF).contains(low) else { throw .syntax }
                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
            case 0xDC00...0xDFFF:
                throw .syntax
            default:
                break
            }
            guard let unicode = Unicode.Scalar(scalar) else { throw .syntax }
            UTF8.encode(unicode) { scratch.append($0) }
        default:
            throw .syntax
        }
    }

    /// Four hex digits.
    private mutating func hex4() throws(Failure) -> UInt32 {
        guard bytes.count - position >= 4 else { throw .syntax }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[position]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw .syntax
            }
            value = value << 4 | UInt32(digit)
            position += 1
        }
        return value
    }
}
