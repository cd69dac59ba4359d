import Testing
@testable import OutboundBot

/// LenientFields over the parsed object: the rules the Codable version had.
struct LenientFieldsTests {
    func fields(_ text: String) throws -> LenientFields {
        try #require(LenientFields(try JSONValue.parse(Array(text.utf8)).get()))
    }

    @Test func exactNameFirstThenIgnoringCase() throws {
        let answer = try fields(#"{"requestId":"lower","RequestId":"exact","code":"c","Kelvin":1,"\u212Aey":"k"}"#)
        #expect(answer.string("RequestId") == "exact")
        #expect(answer.string("requestId") == "lower")
        #expect(answer.string("REQUESTID") == "exact")  // first in byte order: "RequestId" < "requestId"
        #expect(answer.string("Code") == "c")
        #expect(answer.string("key") == "k")  // the Kelvin sign lowercases to k, as lowercased() has it
        #expect(answer.string("Key") == "k")  // and is K itself to Swift's ==: an exact match
        #expect(answer.string("Missing") == nil)
    }

    @Test func numbersAsStringsAndStringsAsNumbers() throws {
        let answer = try fields(#"{"s":"12","i":34,"d":1.5,"w":2.0,"b":true,"t":"TRUE","f":"False","x":"12x","n":null,"big":"9223372036854775808","o":{},"a":[]}"#)
        #expect(answer.string("s") == "12")
        #expect(answer.string("i") == "34")
        #expect(answer.string("d") == "1.5")
        #expect(answer.string("b") == "true")
        #expect(answer.string("n") == nil)
        #expect(answer.string("o") == nil)
        #expect(answer.int64("s") == 12)
        #expect(answer.int64("i") == 34)
        #expect(answer.int64("w") == 2)
        #expect(answer.int64("d") == nil)
        #expect(answer.int64("x") == nil)
        #expect(answer.int64("b") == nil)
        #expect(answer.int64("big") == nil)
        #expect(answer.bool("b") == true)
        #expect(answer.bool("t") == true)
        #expect(answer.bool("f") == false)
        #expect(answer.bool("i") == nil)
        #expect(answer.bool("n") == nil)
    }

    @Test func objectsAndObject() throws {
        let answer = try fields(#"{"List":[{"Id":"1"},2,null,"x",[],{"Id":"2"}],"One":{"Id":"3"},"Not":[1],"Str":"{}"}"#)
        #expect(answer.objects("List").map { $0.string("Id") } == ["1", "2"])
        #expect(answer.objects("list").count == 2)
        #expect(answer.objects("One").isEmpty)
        #expect(answer.objects("Missing").isEmpty)
        #expect(answer.object("One")?.string("Id") == "3")
        #expect(answer.object("Not") == nil)
        #expect(answer.object("Str") == nil)
        #expect(LenientFields(.array([])) == nil)
    }

    /// On generated objects, every read gives what the Codable version gave;
    /// names matched only ignoring case by several members are left out (the
    /// Codable version took whichever its dictionary listed first).
    @Test func agreesWithTheCodableVersion() throws {
        var generator = JSONDocumentGenerator(seed: 0x1E41E47)
        var compared = 0
        for _ in 0..<300 {
            let text = generator.object(depth: 1)
            let bytes = Array(text.utf8)
            guard let legacy = LegacyLenientFields.parse(bytes) else { continue }
            let value = try JSONValue.parse(bytes).get()
            let current = try #require(LenientFields(value))
            guard case .object(let members) = value else { continue }
            for raw in JSONDocumentGenerator.names + ["Missing"] {
                guard case .success(.string(let name)) = JSONValue.parse(Array("\"\(raw)\"".utf8)) else { continue }
                let folded = name.lowercased()
                if !members.contains(where: { $0.name == name }),
                   members.filter({ $0.name.lowercased() == folded }).count > 1 { continue }
                #expect(current.string(name) == legacy.string(name), "\(name) in \(text)")
                #expect(current.int64(name) == legacy.int64(name), "\(name) in \(text)")
                #expect(current.bool(name) == legacy.bool(name), "\(name) in \(text)")
                #expect(current.objects(name).count == legacy.objects(name).count, "\(name) in \(text)")
                #expect((current.object(name) == nil) == (legacy.object(name) == nil), "\(name) in \(text)")
                compared += 1
            }
        }
        #expect(compared > 1000)
    }
}
