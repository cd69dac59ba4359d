import OutboundBotTestSupport

/// Random JSON texts from a fixed seed, for the differential tests: nested
/// objects and arrays, names that repeat (also as escapes, in another case, or
/// canonically equivalent), strings with every escape, non-ASCII text and
/// long runs, numbers of every form around the Int64 and 2^53 boundaries,
/// whitespace everywhere; and, when asked, a byte or two damaged.
///
/// A damaged document has no repeated names: JSONDecoder never read the value
/// of a repeated name, so it took damage there that it refused elsewhere.
struct JSONDocumentGenerator {
    private var random: SplitMix64
    private var uniqueNames = false
    /// Names with no equal (also under escapes or canonical equivalence: the
    /// Kelvin sign is K to Swift) in `names`.
    static let distinctNames = names.filter { name in
        !["e\u{301}", "\\u0061", "\u{212A}ey"].contains { $0.unicodeScalars.elementsEqual(name.unicodeScalars) }
    }

    init(seed: UInt64) { random = SplitMix64(seed: seed) }

    static let names = ["RequestId", "requestId", "REQUESTID", "Code", "Message", "Success", "success",
                        "Instance", "Instances", "InstanceId", "TotalCount", "a", "b", "A", "", "é",
                        "e\u{301}", "名前", "\u{212A}ey", "key", "Key", "\\u0061", "a\\u0000b", "\\\"q\\\"",
                        "CreationTime", "creationTime", "List", "x", "y"]
    static let numbers = ["0", "-0", "1", "-1", "42", "1.0", "-0.0", "1e3", "1E+3", "1e-3", "2.5", "-2.5e-7",
                          "9223372036854775807", "-9223372036854775808", "9223372036854775808",
                          "-9223372036854775809", "18446744073709551616", "9007199254740993",
                          "9007199254740993.0", "9007199254740993.5", "-9223372036854775807.0",
                          "-9223372036854775808.0", "9223372036854775295.0", "1e-400", "1e308", "4.0e18",
                          "0.1", "123456789012345678901234567890", "1795561091320", "1.7955e12"]
    static let escapes = ["\\\"", "\\\\", "\\/", "\\b", "\\f", "\\n", "\\r", "\\t", "\\u0000", "\\u001f",
                          "\\u00e9", "\\u00E9", "\\u20ac", "\\ud83d\\ude00", "\\uD834\\uDD1E", "\\uFFFF"]
    static let texts = ["a", "Z", " ", "0", "é", "€", "😀", "名", "\u{7F}", "e\u{301}", "abcdefghij",
                        "0123456789abcdef0123456789", "c27884e0-ed2d-4fcb-861f-c25b3f7d412c", "第一个实例"]
    static let spaces = ["", "", "", " ", "\n", "\t", "\r\n  "]

    mutating func pick<T>(_ choices: [T]) -> T {
        choices[Int(random.next() % UInt64(choices.count))]
    }

    mutating func chance(_ percent: UInt64) -> Bool { random.next() % 100 < percent }

    /// One document; `damaged` changes, inserts or removes a byte or two.
    mutating func document(damaged: Bool = false) -> [UInt8] {
        uniqueNames = damaged
        var bytes = Array((pick(Self.spaces) + value(depth: 0) + pick(Self.spaces)).utf8)
        if damaged {
            for _ in 0..<(chance(50) ? 1 : 2) where !bytes.isEmpty {
                let at = Int(random.next() % UInt64(bytes.count))
                switch random.next() % 3 {
                case 0: bytes.remove(at: at)
                case 1: bytes.insert(pick(Array("{}[],:\"\\x1-.e".utf8) + [0x01, 0xFF, 0xC3, 0x80]), at: at)
                default: bytes[at] = pick(Array("{}[],:\"\\0 ".utf8) + [0x00, 0xFE, 0xE2])
                }
            }
        }
        return bytes
    }

    mutating func value(depth: Int) -> String {
        let kind = random.next() % (depth < 4 ? 8 : 5)
        switch kind {
        case 0: return string()
        case 1: return pick(Self.numbers)
        case 2: return pick(["true", "false", "null"])
        case 3: return string()
        case 4: return pick(Self.numbers)
        case 5, 6: return object(depth: depth + 1)
        default: return array(depth: depth + 1)
        }
    }

    mutating func object(depth: Int) -> String {
        let count = Int(random.next() % (chance(20) ? 24 : 6))
        var members: [String] = []
        var unused = Self.distinctNames
        for _ in 0..<count {
            let name: String
            if uniqueNames {
                guard !unused.isEmpty else { break }
                name = unused.remove(at: Int(random.next() % UInt64(unused.count)))
            } else {
                name = pick(Self.names)
            }
            members.append(pick(Self.spaces) + "\"" + name + "\"" + pick(Self.spaces) + ":"
                           + pick(Self.spaces) + value(depth: depth) + pick(Self.spaces))
        }
        return "{" + members.joined(separator: ",") + pick(Self.spaces) + "}"
    }

    mutating func array(depth: Int) -> String {
        let count = Int(random.next() % 6)
        var elements: [String] = []
        for _ in 0..<count { elements.append(pick(Self.spaces) + value(depth: depth) + pick(Self.spaces)) }
        return "[" + elements.joined(separator: ",") + pick(Self.spaces) + "]"
    }

    mutating func string() -> String {
        var text = ""
        for _ in 0..<(random.next() % 8) {
            text += chance(30) ? pick(Self.escapes) : pick(Self.texts)
        }
        return "\"" + text + "\""
    }
}
