import Foundation
import Testing
@testable import OutboundBotSigner
import OutboundBotTestSupport

/// Every public signing output for a few hundred generated calls, compared
/// with Fixtures/golden-signatures.txt, which the signer wrote before it was
/// rewritten for speed: a faster signer must produce the same bytes. The
/// fixture holds one FNV-1a fingerprint of each call's outputs (the outputs
/// themselves would be a megabyte); a mismatch prints that call's outputs.
///
/// The inputs come from a fixed-seed generator and cover what the published
/// examples do not: names and values that need encoding or sort only once
/// encoded, duplicate names, blanks around header values, bodies, STS tokens,
/// empty and long (over one SHA block) secrets, GET and POST, blanks that
/// form one Character with their neighbour.
///
/// To rewrite the fixture (only when the output is meant to change):
/// `OBB_RECORD_GOLDEN=1 swift test --filter GoldenOutputTests`.
struct GoldenOutputTests {
    static let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/golden-signatures.txt")

    @Test func everyOutputMatchesTheRecordedOne() throws {
        let cases = Self.outputs()
        let fingerprints = cases.map { lines in String(fnv1a(lines.joined(separator: "\n")), radix: 16) }
        if ProcessInfo.processInfo.environment["OBB_RECORD_GOLDEN"] != nil {
            try (fingerprints.joined(separator: "\n") + "\n").write(to: Self.fixture, atomically: true, encoding: .utf8)
        }
        let recorded = try String(contentsOf: Self.fixture, encoding: .utf8).split(separator: "\n").map(String.init)
        #expect(recorded.count == cases.count)
        for (index, (expected, actual)) in zip(recorded, fingerprints).enumerated() where expected != actual {
            let now = cases[index].joined(separator: "\n")
            Issue.record("call \(index) differs from the recorded outputs; now:\n\(now)")
        }
    }

    /// 64-bit FNV-1a of the UTF-8 bytes: independent of the code under test.
    func fnv1a(_ text: String) -> UInt64 {
        text.utf8.reduce(0xCBF2_9CE4_8422_2325) { ($0 ^ UInt64($1)) &* 0x100_0000_01B3 }
    }

    /// Per call, one line per output, each `label<TAB>text` with the text
    /// Swift-escaped (so tabs and newlines inside it stay on the line).
    static func outputs() -> [[String]] {
        var random = SplitMix64(seed: 0x5EED_0B0B)
        var cases: [[String]] = []
        var lines: [String] = []
        func emit(_ label: String, _ text: String) { lines.append(label + "\t" + String(reflecting: text)) }
        func emit(_ label: String, _ request: SignedRequest) {
            emit(label + ".method", request.method)
            emit(label + ".query", request.query)
            for header in request.headers { emit(label + ".header", header.name + ": " + header.value) }
            emit(label + ".body", String(decoding: request.body, as: UTF8.self))
        }
        for index in 0..<300 {
            defer {
                cases.append(lines)
                lines.removeAll()
            }
            let call = RPCCall(method: random.pick(["POST", "GET"]), host: random.pick(hosts), action: random.pick(words),
                               version: random.pick(["2019-12-26", " 2014-05-26"]),
                               parameters: random.pairs(upTo: 9), bodyParameters: random.chance(3) ? random.pairs(upTo: 5) : [])
            let credentials = Credentials(accessKeyId: random.pick(words), accessKeySecret: random.pick(secrets),
                                          securityToken: random.chance(3) ? random.pick(values) : nil)
            let context = SigningContext(secondsSince1970: Int64(random.next() % 8_000_000_000) - 1_000_000_000,
                                         nonce: random.pick(values))
            emit("\(index).v3", SignatureV3.sign(call, credentials: credentials, context: context))
            emit("\(index).v1", SignatureV1.sign(call, credentials: credentials, context: context))
            emit("\(index).v1xml", SignatureV1.sign(call, credentials: credentials, context: context, format: "XML"))

            // The public stages on inputs `sign` never makes: any header names, in any order.
            let headers = (0..<random.below(7)).map { _ in (name: random.pick(headerNames), value: random.pick(values)) }
            let (canonical, signed) = SignatureV3.canonicalHeaders(headers)
            emit("\(index).headers.canonical", canonical)
            emit("\(index).headers.signed", signed)
            let query = SignatureV3.canonicalQueryString(call.parameters)
            let request = SignatureV3.canonicalRequest(method: call.method, path: random.pick(["/", "/a b"]), canonicalQuery: query,
                                                       canonicalHeaders: canonical, signedHeaders: signed,
                                                       hashedPayload: SignatureV3.hashedPayload(call.formBody))
            emit("\(index).v3.request", request)
            let stringToSign = SignatureV3.stringToSign(canonicalRequest: request)
            emit("\(index).v3.stringToSign", stringToSign)
            let signature = SignatureV3.signature(stringToSign: stringToSign, secret: credentials.accessKeySecret)
            emit("\(index).v3.authorization", SignatureV3.authorization(accessKeyId: credentials.accessKeyId,
                                                                        signedHeaders: signed, signature: signature))
            let v1Query = SignatureV1.canonicalizedQueryString(call.parameters)
            let v1StringToSign = SignatureV1.stringToSign(method: call.method, canonicalizedQuery: v1Query)
            emit("\(index).v1.stringToSign", v1StringToSign)
            emit("\(index).v1.signature", SignatureV1.signature(stringToSign: v1StringToSign, secret: credentials.accessKeySecret))
            emit("\(index).encode", PercentEncoding.encode(random.pick(values)))
            emit("\(index).hex", Digest.hex(Array(random.pick(values).utf8)))
            emit("\(index).base64", Digest.base64(Array(random.pick(values).utf8)))
            emit("\(index).timestamp", Timestamp.iso8601(secondsSince1970: Int64(bitPattern: random.next()) >> random.below(64)))
        }
        return cases
    }

    static let words = ["CreateInstance", "a", "Z", "InstanceName", "CallingNumber.1", "CallingNumber.10", "CallingNumber.2",
                        "SignName", "SignatureMethod", "x-y_z.~", "testid", "STS.id"]
    static let values = ["", "4", "95187", "第一个实例", "😀", "a b", " padded\t", "\t", "x*y+z/=", "~", "%41",
                         "line\nbreak", "café",
                         " \u{301}joins", "joins\u{600} ", "\t\u{200D}zwj ", " é ", "0123456789abcdef0123456789abcdef", String(repeating: "long ", count: 40)]
    static let names = words + ["a b", "名", "a*", "a-", "a%", "A", "\u{7F}", "a", "a"]
    static let hosts = ["outboundbot.cn-shanghai.aliyuncs.com", "127.0.0.1:8080", " host\t", "H"]
    static let secrets = ["", "testsecret", "s", String(repeating: "k", count: 64), String(repeating: "秘", count: 40)]
    static let headerNames = ["Host", "host", "Content-Type", "X-Acs-Date", "x-acs-action", "X-ACS-Z", "x-acs-", "Accept",
                              "x-acsnot", "Authorization", "x-acs-signature-nonce", "CONTENT-TYPE", "x-acs-b", "x-acs-a"]
}

/// What the generated calls are made of.
extension SplitMix64 {
    mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
    mutating func chance(_ oneIn: Int) -> Bool { below(oneIn) == 0 }
    mutating func pick<T>(_ choices: [T]) -> T { choices[below(choices.count)] }

    mutating func pairs(upTo count: Int) -> [(name: String, value: String)] {
        (0..<below(count + 1)).map { _ in (name: pick(GoldenOutputTests.names), value: pick(GoldenOutputTests.values)) }
    }
}
