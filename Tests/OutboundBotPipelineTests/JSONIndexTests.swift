import Testing
@testable import OutboundBot
import OutboundBotJSON

/// JSONIndex (Sources/OutboundBotJSON/JSONIndex.swift), which the answer path
/// reads instead of a parsed JSONValue: it must accept exactly what
/// JSONValue.parse accepts, and LenientFields over it must read exactly what
/// LenientFields over the parsed value reads.
struct JSONIndexTests {
    /// Every generated document, whole or damaged: an index exactly when a value.
    @Test func acceptsExactlyWhatParseAccepts() {
        var generator = JSONDocumentGenerator(seed: 0x1DE7_2026)
        var accepted = 0
        for index in 0..<600 {
            let bytes = generator.document(damaged: index % 3 == 2)
            let parsed = try? JSONValue.parse(bytes).get()
            #expect((JSONIndex(bytes) != nil) == (parsed != nil), "\(String(decoding: bytes.prefix(300), as: UTF8.self))")
            if parsed != nil { accepted += 1 }
        }
        #expect(accepted > 200 && accepted < 600)
        for text in ["", " ", "{", "{}x", "[1,]", "{\"a\":1,}", "1e400", "-", "\"\\ud800\"", "\"\u{1}\"", "tru",
                     "\u{FEFF}{}", "{\"a\":[1,{\"b\":null}],\"c\":\"\\u00e9\"}", "[[[]]]", "0", "\"x\""] {
            let bytes = Array(text.utf8)
            #expect((JSONIndex(bytes) != nil) == ((try? JSONValue.parse(bytes).get()) != nil), "\(text)")
        }
        let tooDeep = Array(String(repeating: "[", count: 513).utf8) + Array(String(repeating: "]", count: 513).utf8)
        #expect(JSONIndex(tooDeep) == nil)
        let deepest = Array(String(repeating: "[", count: 512).utf8) + Array(String(repeating: "]", count: 512).utf8)
        #expect(JSONIndex(deepest) != nil)
        #expect(JSONIndex([0xEF, 0xBB, 0xBF, 0x7B, 0x7D]) != nil)  // a byte order mark, then {}
    }

    /// On generated objects, every read of every name (in every case) gives
    /// the same through the index as through the parsed value, nested
    /// objects and arrays of objects included.
    @Test func readsWhatTheParsedValueReads() throws {
        var generator = JSONDocumentGenerator(seed: 0x5EED_1DE7)
        var compared = 0
        var names = JSONDocumentGenerator.names + ["Missing", "INSTANCE", "instanceid", "LIST", "Ab", "aB"]
        names += names.map { $0.uppercased() } + names.map { $0.lowercased() }
        for _ in 0..<300 {
            let bytes = Array(generator.object(depth: 2).utf8)
            guard let value = try? JSONValue.parse(bytes).get(), let byValue = LenientFields(value) else { continue }
            let index = try #require(JSONIndex(bytes))
            let byIndex = try #require(LenientFields(index, entry: JSONIndex.root))
            compared += compare(byIndex, byValue, names: names, depth: 2)
        }
        #expect(compared > 10_000)
    }

    /// Names repeated, in other cases, escaped and canonically equivalent:
    /// the member that the parsed object keeps.
    @Test func repeatedAndCaseVariantNames() throws {
        let names = ["a", "A", "b", "B", "ab", "AB", "Ab", "aB", "é", "É", "K", "k", "Key", "key", "KEY", "c", "C", "q\"", "Missing"]
        for text in [#"{"a":1,"A":2,"a":3}"#, #"{"A":1,"a":2,"A":3}"#, #"{"AB":1,"aB":2,"Ab":3,"ab":4}"#,
                     #"{"Ab":1,"AB":2,"aB":3}"#, #"{"b":1,"B":2,"b":3,"B":4}"#, #"{"\u0061":1,"a":2,"A":3}"#,
                     #"{"A":1,"\u0061":2}"#, "{\"e\u{301}\":1,\"é\":2,\"É\":3}", "{\"\u{212A}ey\":1,\"KEY\":2,\"key\":3}",
                     #"{"KEY":1,"Key":2}"#, #"{"q\"":1,"Q\"":2}"#, #"{"c":{"a":1,"A":2},"C":[{"b":1},{"B":2},3]}"#] {
            let bytes = Array(text.utf8)
            let byValue = try #require(LenientFields(try JSONValue.parse(bytes).get()))
            let index = try #require(JSONIndex(bytes))
            let byIndex = try #require(LenientFields(index, entry: JSONIndex.root))
            #expect(compare(byIndex, byValue, names: names, depth: 1) > 0, "\(text)")
        }
    }

    /// How many reads were compared.
    private func compare(_ byIndex: LenientFields, _ byValue: LenientFields, names: [String], depth: Int) -> Int {
        var compared = 0
        for raw in names {
            // The generator's names are JSON string contents: read them as the parser does.
            guard case .success(.string(let name)) = JSONValue.parse(Array("\"\(raw)\"".utf8)) else { continue }
            #expect(byIndex.string(name) == byValue.string(name), "\(name)")
            #expect(byIndex.int64(name) == byValue.int64(name), "\(name)")
            #expect(byIndex.bool(name) == byValue.bool(name), "\(name)")
            let objects = (byIndex.objects(name), byValue.objects(name))
            #expect(objects.0.count == objects.1.count, "\(name)")
            let object = (byIndex.object(name), byValue.object(name))
            #expect((object.0 == nil) == (object.1 == nil), "\(name)")
            compared += 1
            if depth > 0 {
                if let left = object.0, let right = object.1 { compared += compare(left, right, names: names, depth: depth - 1) }
                for (left, right) in zip(objects.0, objects.1) { compared += compare(left, right, names: names, depth: depth - 1) }
            }
        }
        return compared
    }
}
