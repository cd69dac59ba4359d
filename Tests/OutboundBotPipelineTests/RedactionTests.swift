import Testing
@testable import OutboundBot

/// The byte search behind secret redaction: every occurrence, at either end,
/// side by side, after a false start, and nothing when there is none.
struct RedactionTests {
    let secret = "s3cr3t/Key"

    func redact(_ text: String) -> String {
        String(decoding: Redaction.removing([secret, nil], from: Array(text.utf8)), as: UTF8.self)
    }

    @Test func everyOccurrenceInEverySpellingIsReplaced() {
        #expect(redact("s3cr3t/Key") == "<redacted>")
        #expect(redact("as3cr3t/Keyb") == "a<redacted>b")
        #expect(redact("s3cr3t/Keys3cr3t/Key") == "<redacted><redacted>")
        #expect(redact("x s3cr3t%2FKey y s3cr3t\\/Key") == "x <redacted> y <redacted>")
        #expect(redact("s3cr3s3cr3t/Key") == "s3cr3<redacted>")
        #expect(redact("ends with s3cr3t/Ke") == "ends with s3cr3t/Ke")
        #expect(redact("s3c") == "s3c")
        #expect(redact("") == "")
    }

    @Test func textWithoutSecretsComesBackUnchanged() {
        let text = "{\"Message\":\"no secret here\"}"
        #expect(Redaction.removing([secret], from: text) == text)
        #expect(Redaction.removing([secret], from: "echo: \(secret)") == "echo: <redacted>")
        #expect(Redaction.removing(["abc"], from: "abc") == "abc")  // under 4 bytes: not a secret worth the cost
    }
}
