import Testing
@testable import OutboundBot

/// JSONValue.parse (Sources/OutboundBotJSON/JSONParser.swift): RFC 8259, the
/// choices JSONDecoder made before kept, nothing that traps or recurses.
struct JSONParserTests {
    func parse(_ text: String) -> Result<JSONValue, JSONParseError> { JSONValue.parse(Array(text.utf8)) }
    func parse(_ bytes: [UInt8]) -> Result<JSONValue, JSONParseError> { JSONValue.parse(bytes) }

    func reason(_ result: Result<JSONValue, JSONParseError>) -> String? {
        if case .failure(let error) = result { return error.reason }
        return nil
    }

    static let accepted: [(text: String, value: JSONValue)] = [
        ("null", .null), ("true", .bool(true)), ("false", .bool(false)),
        ("0", .integer(0)), ("-0", .integer(0)), ("42", .integer(42)), ("-7", .integer(-7)),
        // An integer without fraction or exponent that fits is an integer; else a double.
        ("9223372036854775807", .integer(.max)), ("-9223372036854775808", .integer(.min)),
        ("9223372036854775808", .double(0x1p63)),
        ("-9223372036854775809", .double(-0x1p63)),
        ("12345678901234567890", .double(1.2345678901234567890e19)),
        // With a fraction or exponent: an integer when the double is a whole number that fits (as JSONDecoder).
        ("1.0", .integer(1)), ("1e3", .integer(1000)), ("1E+3", .integer(1000)), ("-0.0", .integer(0)),
        ("1e-400", .integer(0)), ("1.5e2", .integer(150)), ("100e-2", .integer(1)),
        ("1.0000000000000001", .integer(1)), ("4.0e18", .integer(4_000_000_000_000_000_000)),
        ("1e-3", .double(0.001)), ("0.5", .double(0.5)), ("-2.5e-7", .double(-2.5e-7)), ("1e19", .double(1e19)),
        ("9223372036854775807.0", .double(0x1p63)),
        ("-9223372036854775808.0", .double(-0x1p63)),
        ("1.7976931348623157e308", .double(.greatestFiniteMagnitude)), ("5e-324", .double(.leastNonzeroMagnitude)),
        // From 2^53 on, JSONDecoder read the integer part of the text itself.
        ("9007199254740993.0", .integer(9_007_199_254_740_993)), ("9007199254740993.5", .integer(9_007_199_254_740_993)),
        ("-9223372036854775807.0", .integer(-9_223_372_036_854_775_807)),
        ("9223372036854775295.0", .integer(9_223_372_036_854_775_295)),
        ("4611686018427387904.5", .double(0x1p62)),
        // Strings: every escape, surrogate pairs, non-ASCII as is, DEL allowed.
        (#""\"\\\/\b\f\n\r\t""#, .string("\"\\/\u{8}\u{C}\n\r\t")),
        (#""\u0000\u001F\u0041\u00e9\u00E9\u20AC\uFFFF""#, .string("\u{0}\u{1F}Aéé€\u{FFFF}")),
        (#""\ud83d\ude00\uD834\uDD1E\uDBFF\uDFFF""#, .string("😀𝄞\u{10FFFF}")),
        ("\"é€😀名\u{7F}\"", .string("é€😀名\u{7F}")), ("\"\"", .string("")),
        ("\"0123456789abcdef0123456789\"", .string("0123456789abcdef0123456789")),
        // Containers, whitespace anywhere between tokens.
        ("[]", .array([])), ("{}", .object([])), (" \t\r\n[ 1 , [ ] , { } ] \n", .array([.integer(1), .array([]), .object([])])),
        (#"{"b":1,"a":{"c":[null]}}"#, .object([.init("a", .object([.init("c", .array([.null]))])), .init("b", .integer(1))])),
    ]

    @Test func acceptsRFC8259Values() throws {
        for (text, value) in Self.accepted {
            #expect(try parse(text).get() == value, "\(text)")
        }
    }

    static let rejected = [
        "", " ", "\n", "nul", "tru", "True", "NULL", "nulll", "[", "]", "{", "}", "[1", "[1 2]", "[1,,2]", "[,1]",
        "{\"a\"}", "{\"a\":}", "{\"a\" 1}", "{1:2}", "{'a':1}", "{a:1}", "\"abc", "'a'", "[1]x", "{} x", "1 2",
        "01", "-01", "00", "-", "+1", ".5", "1.", "1e", "1e+", "1.5.5", "0x10", "NaN", "Infinity", "-Infinity",
        "1e400", "-1e400", "1e99999999999999999999", String(repeating: "9", count: 400),
        "//c\n1", "/*c*/1", "\u{C}1", "\u{A0}1",
        // Trailing commas: RFC 8259 has none (JSONDecoder took them; see bench/json/README.md).
        "[1,]", "{\"a\":1,}", "[1 , ]",
        // Escapes: unknown, short, lone or reversed surrogates.
        #""\x""#, #""\'""#, #""\U0041""#, #""\u12""#, #""\u12g4""#, #""\ud800""#, #""\udc00""#, #""\ud800x""#,
        #""\ud800\u0041""#, #""\ud800\ud800""#, #""\udc00\ud800""#, #""\ud83d\""#, #""\ud83d\u""#, "\"\\",
        // Control characters must be escaped.
        "\"a\u{1}b\"", "\"a\tb\"", "\"a\nb\"", "\"a\u{0}b\"", "[\"\u{1F}\"]",
    ]

    @Test func rejectsWhatIsNotJSON() {
        for text in Self.rejected {
            #expect(reason(parse(text)) == "malformed JSON", "\(text.debugDescription)")
        }
        #expect(reason(parse(Array("{}".utf8) + [0])) == "malformed JSON")
    }

    @Test func invalidUTF8IsNamedWhateverElseIsWrong() {
        let cases: [[UInt8]] = [
            [0xFF], [0x22, 0x61, 0xFF, 0x22], [0x22, 0xC0, 0x80, 0x22], [0x22, 0xED, 0xA0, 0x80, 0x22],
            [0x22, 0xF5, 0x80, 0x80, 0x80, 0x22], [0x22, 0xE2, 0x82, 0x22], Array("[1]".utf8) + [0xFF],
            Array("[1,".utf8) + [0xC3, 0x28], Array(#""\n"#.utf8) + [0xFF, 0x22],
            Array("\"0123456789abcdef".utf8) + [0x80] + Array("0123456789\"".utf8),
            // UTF-16, with and without its byte order mark: JSONDecoder converted it; RFC 8259 wants UTF-8.
            [0xFF, 0xFE, 0x5B, 0x00, 0x5D, 0x00],
        ]
        for bytes in cases {
            #expect(reason(parse(bytes)) == "not valid UTF-8", "\(bytes)")
        }
        #expect(reason(parse([0x5B, 0x00, 0x5D, 0x00])) == "malformed JSON")
    }

    @Test func aLeadingByteOrderMarkIsSkipped() throws {
        let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
        #expect(try parse(bom + Array("{\"a\":1}".utf8)).get() == .object([.init("a", .integer(1))]))
        #expect(try parse(bom + Array("1".utf8)).get() == .integer(1))
        #expect(reason(parse(bom)) == "malformed JSON")
        #expect(reason(parse(bom + bom + Array("{}".utf8))) == "malformed JSON")
        #expect(reason(parse([0x20] + bom + Array("{}".utf8))) == "malformed JSON")
    }

    @Test func nestsUpTo512ArraysAndObjects() {
        func arrays(_ depth: Int) -> [UInt8] { Array(repeating: 0x5B, count: depth) + Array(repeating: 0x5D, count: depth) }
        func objects(_ depth: Int) -> [UInt8] {
            Array(String(repeating: "{\"a\":", count: depth - 1).utf8) + Array("{}".utf8) + Array(repeating: 0x7D, count: depth - 1)
        }
        let tooDeep = "malformed JSON: nested deeper than 512 arrays and objects"
        #expect((try? parse(arrays(512)).get()) != nil)
        #expect((try? parse(objects(512)).get()) != nil)
        #expect(reason(parse(arrays(513))) == tooDeep)
        #expect(reason(parse(objects(513))) == tooDeep)
        // Far deeper, closed or not: an error, never a stack overflow.
        #expect(reason(parse(arrays(1_000_000))) == tooDeep)
        #expect(reason(parse(Array(repeating: 0x5B, count: 1_000_000))) == tooDeep)
        #expect(reason(parse(Array(String(repeating: "{\"a\":[", count: 300_000).utf8))) == tooDeep)
    }

    /// Members in UTF-8 byte order of their names; of equal names (as Swift
    /// compares them: canonically equivalent ones too) the first, as JSONDecoder kept it.
    @Test func membersAreSortedAndTheFirstOfEqualNamesWins() throws {
        let sorted = try parse(#"{"b":1,"a":2,"A":3,"é":4,"z":5,"Z":6,"":7,"ab":8}"#).get()
        #expect(sorted == .object([.init("", .integer(7)), .init("A", .integer(3)), .init("Z", .integer(6)),
                                   .init("a", .integer(2)), .init("ab", .integer(8)), .init("b", .integer(1)),
                                   .init("z", .integer(5)), .init("é", .integer(4))]))
        #expect(try parse(#"{"a":1,"a":2}"#).get() == .object([.init("a", .integer(1))]))
        #expect(try parse(#"{"a":{"x":1},"b":0,"a":{"y":2}}"#).get()
                == .object([.init("a", .object([.init("x", .integer(1))])), .init("b", .integer(0))]))
        #expect(try parse(#"{"\u0061":1,"a":2}"#).get() == .object([.init("a", .integer(1))]))
        // é and e + U+0301 are one name to Swift; the first spelling stays.
        let equivalent = try parse("{\"e\u{301}\":1,\"f\":3,\"é\":2}").get()
        guard case .object(let members) = equivalent else { Issue.record("not an object"); return }
        #expect(members.map(\.name.utf8.count) == [3, 1])
        #expect(members.map(\.value) == [.integer(1), .integer(3)])
        // More members than the insertion sort takes.
        let many = (0..<40).reversed().map { "\"k\(String($0, radix: 36))\":\($0)" }.joined(separator: ",")
        guard case .object(let sortedMany) = try parse("{\(many),\"k1\":99}").get() else { Issue.record("not an object"); return }
        #expect(sortedMany.count == 40)
        #expect(sortedMany.map(\.name) == sortedMany.map(\.name).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) })
        #expect(sortedMany.first { $0.name == "k1" }?.value == .integer(1))
    }

    /// Strings of every length up to 40 with a quote, backslash, control or
    /// non-ASCII byte at every position: the eight-bytes-at-a-time scan
    /// agrees with the definition.
    @Test func everyLengthAndPositionOfSpecialBytes() throws {
        for length in 0...40 {
            let plain = String(repeating: "x", count: length)
            #expect(try parse("\"\(plain)\"").get() == .string(plain))
            #expect(try parse("[\"\(plain)\",1]").get() == .array([.string(plain), .integer(1)]))
            for position in 0..<max(length, 1) where length > 0 {
                func with(_ insert: String) -> String {
                    var characters = Array(plain)
                    characters.replaceSubrange(position...position, with: insert)
                    return String(characters)
                }
                #expect(try parse("\"\(with("\\n"))\"").get() == .string(with("\n")))
                #expect(try parse("\"\(with("é"))\"").get() == .string(with("é")))
                #expect(try parse("\"\(with("\u{7F}"))\"").get() == .string(with("\u{7F}")))
                #expect(reason(parse("\"\(with("\u{1}"))\"")) == "malformed JSON")
                #expect(reason(parse("\"\(with("\""))\"")) == "malformed JSON")
                var invalid = Array("\"\(plain)\"".utf8)
                invalid[position + 1] = 0xFF
                #expect(reason(parse(invalid)) == "not valid UTF-8")
            }
        }
    }

    @Test func bytesOfAnyCollectionParse() throws {
        let text = #"{"a":[1,"x"]}"#
        let expected = JSONValue.object([.init("a", .array([.integer(1), .string("x")]))])
        #expect(try JSONValue.parse(text.utf8).get() == expected)
        #expect(try JSONValue.parse(Array(text.utf8)[...]).get() == expected)
        #expect(try JSONValue.parse(AnyCollection(Array(text.utf8))).get() == expected)
        let fromRawBytes = Array(text.utf8).withUnsafeBytes { JSONValue.parse($0) }
        #expect(try fromRawBytes.get() == expected)
    }

    /// A few hundred generated documents, whole and damaged: the same value
    /// or the same reason as the JSONDecoder-based parse gave. Where JSONDecoder
    /// took what RFC 8259 does not, three things: trailing commas; damage in
    /// the value of a repeated name (it never read that value); a NUL among the
    /// first bytes (it read the text as UTF-16 or UTF-32).
    @Test func agreesWithTheJSONDecoderParse() {
        var generator = JSONDocumentGenerator(seed: 0x0B0B_2019_1226)
        var compared = 0, failures = 0
        for index in 0..<600 {
            let bytes = generator.document(damaged: index % 3 == 2)
            let new = JSONValue.parse(bytes)
            let old = LegacyJSONValue.parse(bytes)
            let label = String(decoding: bytes.prefix(300), as: UTF8.self).debugDescription
            switch (new, old) {
            case (.success(let value), .success(let legacy)):
                #expect(value == legacy, "\(label)")
            case (.failure(let error), .failure(let legacy)):
                failures += 1
                #expect(error.reason == legacy.reason
                        || (legacy.reason == "malformed JSON" && error.reason.hasPrefix("malformed JSON")),
                        "\(label): \(error.reason) / \(legacy.reason)")
            case (.failure(let error), .success):
                failures += 1
                #expect(Self.hasTrailingComma(bytes) || Self.hasRepeatedName(bytes) || bytes.prefix(4).contains(0),
                        "\(label): \(error.reason), JSONDecoder accepted it")
            case (.success, .failure(let legacy)):
                Issue.record("\(label): accepted, JSONDecoder said \(legacy.reason)")
            }
            compared += 1
        }
        #expect(compared == 600)
        #expect(failures > 50 && failures < 400)  // both kinds were exercised
    }

    /// A name that occurs twice in one object (as written, compared as Swift
    /// compares strings; objects and arrays as the brackets outside strings nest them).
    static func hasRepeatedName(_ bytes: [UInt8]) -> Bool {
        var frames: [Set<String>?] = []  // nil: an array
        var index = 0
        while index < bytes.count {
            switch bytes[index] {
            case 0x7B: frames.append([])
            case 0x5B: frames.append(nil)
            case 0x5D, 0x7D: if !frames.isEmpty { frames.removeLast() }
            case 0x22:
                var end = index + 1
                while end < bytes.count, bytes[end] != 0x22 { end += bytes[end] == 0x5C ? 2 : 1 }
                let name = String(decoding: bytes[(index + 1)..<min(end, bytes.count)], as: UTF8.self)
                var next = end + 1
                while next < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[next]) { next += 1 }
                if next < bytes.count, bytes[next] == 0x3A, let last = frames.last, var names = last {
                    if !names.insert(name).inserted { return true }
                    frames[frames.count - 1] = names
                }
                index = end
            default: break
            }
            index += 1
        }
        return false
    }

    /// A `,` followed, after whitespace, by `]` or `}`, outside strings.
    static func hasTrailingComma(_ bytes: [UInt8]) -> Bool {
        var inString = false, escaped = false, afterComma = false
        for byte in bytes {
            if inString {
                if escaped { escaped = false } else if byte == 0x5C { escaped = true } else if byte == 0x22 { inString = false }
                continue
            }
            switch byte {
            case 0x22: inString = true; afterComma = false
            case 0x2C: afterComma = true
            case 0x20, 0x09, 0x0A, 0x0D: break
            case 0x5D, 0x7D: if afterComma { return true }
            default: afterComma = false
            }
        }
        return false
    }
}
