import Foundation
import Testing
@testable import OutboundBotSigner

/// The published worked examples (../shared/vectors, copied into Fixtures/):
/// every intermediate string and the signature must match exactly.
struct PublishedExamplesTests {
    struct Case: Decodable, CustomTestStringConvertible {
        var id: String
        var scheme: String
        var method: String
        var query: [[String]]
        var headers: [[String]]
        var body: String
        var access_key_id: String
        var access_key_secret: String
        var expected: [String: String]
        var testDescription: String { id }

        var queryPairs: [(name: String, value: String)] { query.map { ($0[0], $0[1]) } }
        var headerPairs: [(name: String, value: String)] { headers.map { ($0[0], $0[1]) } }
    }

    static let cases: [Case] = {
        struct File: Decodable { var cases: [Case] }
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures/doc-signature-examples.json")
        guard let data = try? Data(contentsOf: url), let file = try? JSONDecoder().decode(File.self, from: data) else {
            return []
        }
        return file.cases
    }()

    @Test func fixtureHasEveryPublishedCase() {
        #expect(Self.cases.count == 5)
        #expect(Self.cases.filter { $0.scheme == "v1" }.count == 4)
        #expect(Self.cases.filter { $0.scheme == "v3" }.count == 1)
    }

    @Test(arguments: cases.filter { $0.scheme == "v1" })
    func v1(_ example: Case) {
        let query = SignatureV1.canonicalizedQueryString(example.queryPairs)
        #expect(query == example.expected["canonicalized_query_string"])
        let stringToSign = SignatureV1.stringToSign(method: example.method, canonicalizedQuery: query)
        #expect(stringToSign == example.expected["string_to_sign"])
        let signature = SignatureV1.signature(stringToSign: stringToSign, secret: example.access_key_secret)
        #expect(signature == example.expected["signature"])
        #expect(PercentEncoding.encode(signature) == example.expected["signature_url_encoded"])
    }

    @Test(arguments: cases.filter { $0.scheme == "v3" })
    func v3(_ example: Case) {
        let payload = SignatureV3.hashedPayload(Array(example.body.utf8))
        #expect(payload == example.expected["hashed_payload"])
        let query = SignatureV3.canonicalQueryString(example.queryPairs)
        #expect(query == example.expected["canonical_query_string"])
        let (canonicalHeaders, signedHeaders) = SignatureV3.canonicalHeaders(example.headerPairs)
        #expect(canonicalHeaders == example.expected["canonical_headers"])
        #expect(signedHeaders == example.expected["signed_headers"])
        let request = SignatureV3.canonicalRequest(method: example.method, path: "/", canonicalQuery: query,
                                                   canonicalHeaders: canonicalHeaders, signedHeaders: signedHeaders,
                                                   hashedPayload: payload)
        #expect(request == example.expected["canonical_request"])
        let stringToSign = SignatureV3.stringToSign(canonicalRequest: request)
        #expect(stringToSign == example.expected["string_to_sign"])
        let signature = SignatureV3.signature(stringToSign: stringToSign, secret: example.access_key_secret)
        #expect(signature == example.expected["signature"])
        #expect(SignatureV3.authorization(accessKeyId: example.access_key_id, signedHeaders: signedHeaders,
                                          signature: signature) == example.expected["authorization"])
    }

    /// The whole V3 path (`sign`) from an RPCCall reproduces the published
    /// Authorization when given the example's clock and nonce.
    @Test func v3EndToEndFromRPCCall() throws {
        let example = try #require(Self.cases.first { $0.scheme == "v3" })
        let call = RPCCall(host: "ecs.cn-shanghai.aliyuncs.com", action: "RunInstances", version: "2014-05-26",
                           parameters: example.queryPairs)
        let seconds = try #require(Timestamp.secondsSince1970(iso8601: "2023-10-26T10:22:32Z"))
        let signed = SignatureV3.sign(call, credentials: Credentials(accessKeyId: example.access_key_id,
                                                                     accessKeySecret: example.access_key_secret),
                                      context: SigningContext(secondsSince1970: seconds, nonce: "3156853299f313e23d1673dc12e1703d"))
        #expect(signed.headers.first { $0.name == "Authorization" }?.value == example.expected["authorization"])
        #expect("/?" + signed.query == example.expected["request_target"])
    }

    /// The whole V1 path reproduces the first published example's signature.
    @Test func v1EndToEndFromRPCCall() throws {
        let example = try #require(Self.cases.first { $0.id == "doc-v1-rpc-mechanism-DescribeDedicatedHosts" })
        let call = RPCCall(method: "GET", host: "ecs.cn-beijing.aliyuncs.com", action: "DescribeDedicatedHosts",
                           version: "2014-05-26", parameters: [("RegionId", "cn-beijing")])
        let seconds = try #require(Timestamp.secondsSince1970(iso8601: "2023-03-13T08:34:30Z"))
        let signed = SignatureV1.sign(call, credentials: Credentials(accessKeyId: "testid", accessKeySecret: "testsecret"),
                                      context: SigningContext(secondsSince1970: seconds, nonce: "edb2b34af0af9a6d14deaf7c1a5315eb"))
        // The published target lists parameters unsorted; compare as sets, and the signature exactly.
        let sent = Set(signed.query.split(separator: "&").map(String.init))
        let published = Set(try #require(example.expected["request_target"]).dropFirst(2).split(separator: "&").map(String.init))
        #expect(sent == published)
    }
}
