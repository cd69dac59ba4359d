import Testing
@testable import OutboundBotSigner

struct EncodingTests {
    @Test func unreservedCharactersStay() {
        #expect(PercentEncoding.encode("AZaz09-_.~") == "AZaz09-_.~")
    }

    @Test func reservedCharactersAreEncoded() {
        #expect(PercentEncoding.encode(" ") == "%20")
        #expect(PercentEncoding.encode("*") == "%2A")
        #expect(PercentEncoding.encode("+") == "%2B")
        #expect(PercentEncoding.encode("/?#[]@!$&'()*+,;=%") == "%2F%3F%23%5B%5D%40%21%24%26%27%28%29%2A%2B%2C%3B%3D%25")
        #expect(PercentEncoding.encode("\r\n") == "%0D%0A")
    }

    @Test func chineseTextIsEncodedAsUTF8Bytes() {
        #expect(PercentEncoding.encode("第一个实例") == "%E7%AC%AC%E4%B8%80%E4%B8%AA%E5%AE%9E%E4%BE%8B")
        #expect(PercentEncoding.encode("😀") == "%F0%9F%98%80")
    }

    @Test func emptyValuesKeepTheirEqualsSign() {
        #expect(PercentEncoding.canonicalQuery([("b", ""), ("a", "1")]) == "a=1&b=")
    }

    @Test func callingNumbersSortByBytesSoTenComesBeforeTwo() {
        let numbers = (1...12).map { (name: "CallingNumber.\($0)", value: "9518\($0)") }
        let query = PercentEncoding.canonicalQuery(numbers.reversed())
        let names = query.split(separator: "&").map { $0.split(separator: "=")[0] }
        #expect(names == ["CallingNumber.1", "CallingNumber.10", "CallingNumber.11", "CallingNumber.12",
                          "CallingNumber.2", "CallingNumber.3", "CallingNumber.4", "CallingNumber.5",
                          "CallingNumber.6", "CallingNumber.7", "CallingNumber.8", "CallingNumber.9"])
    }

    @Test func upperCaseSortsBeforeLowerCase() {
        // Byte order: 'N' (0x4E) < 'a' (0x61), so SignName precedes SignatureMethod.
        #expect(PercentEncoding.canonicalQuery([("SignatureMethod", "x"), ("SignName", "y")]) == "SignName=y&SignatureMethod=x")
    }

    @Test func decodeRoundTripsAndRejectsMalformedEscapes() {
        #expect(PercentEncoding.decode("%E7%AC%AC+a%20b", plusIsSpace: true) == "第 a b")
        #expect(PercentEncoding.decode("a+b", plusIsSpace: false) == "a+b")
        #expect(PercentEncoding.decode("%G1", plusIsSpace: false) == nil)
        #expect(PercentEncoding.decode("%4", plusIsSpace: false) == nil)
        #expect(PercentEncoding.decode("%FF%FE", plusIsSpace: false) == nil)  // not UTF-8
    }

    @Test func parseQuerySplitsPairs() throws {
        let pairs = try #require(PercentEncoding.parseQuery("a=1&b=&c&d=x%3Dy", plusIsSpace: true))
        #expect(pairs.map(\.name) == ["a", "b", "c", "d"])
        #expect(pairs.map(\.value) == ["1", "", "", "x=y"])
    }

    @Test func timestampsFormatAndParseInUTC() {
        #expect(Timestamp.iso8601(secondsSince1970: 0) == "1970-01-01T00:00:00Z")
        #expect(Timestamp.iso8601(secondsSince1970: 1_698_315_752) == "2023-10-26T10:22:32Z")
        #expect(Timestamp.iso8601(secondsSince1970: 951_782_400) == "2000-02-29T00:00:00Z")
        #expect(Timestamp.secondsSince1970(iso8601: "2023-10-26T10:22:32Z") == 1_698_315_752)
        #expect(Timestamp.secondsSince1970(iso8601: "2023-10-26 10:22:32") == nil)
        #expect(Timestamp.secondsSince1970(iso8601: "2023-13-26T10:22:32Z") == nil)
    }

    @Test func digestsMatchKnownAnswers() {
        #expect(Digest.hex(Digest.sha256("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        // RFC 4231 test case 2.
        #expect(Digest.hex(Digest.hmacSHA256(key: "Jefe".utf8, message: "what do ya want for nothing?".utf8))
                == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
        // RFC 4231 test case 6: a key longer than a block is hashed first.
        #expect(Digest.hex(Digest.hmacSHA256(key: [UInt8](repeating: 0xAA, count: 131),
                                             message: "Test Using Larger Than Block-Size Key - Hash Key First".utf8))
                == "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54")
        // An empty key and message; a key of exactly one block (as Python's hmac computes them).
        #expect(Digest.hex(Digest.hmacSHA256(key: [], message: []))
                == "b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad")
        #expect(Digest.hex(Digest.hmacSHA256(key: [UInt8](repeating: UInt8(ascii: "k"), count: 64),
                                             message: "exactly one block of key".utf8))
                == "baa93ea4ccc7062ed6870c5e7937dbd35ad7791df4e29df9addeb429ff491acf")
        // RFC 2202 test cases 1 and 6 (HMAC-SHA1).
        #expect(Digest.hex(Digest.hmacSHA1(key: [UInt8](repeating: 0x0B, count: 20), message: "Hi There".utf8))
                == "b617318655057264e28bc0b6fb378c8ef146be00")
        #expect(Digest.hex(Digest.hmacSHA1(key: [UInt8](repeating: 0xAA, count: 80),
                                           message: "Test Using Larger Than Block-Size Key - Hash Key First".utf8))
                == "aa4ae5e15272d00e95705637ce8a3b55ed402112")
        #expect(Digest.base64([]) == "")
        #expect(Digest.base64(Array("f".utf8)) == "Zg==")
        #expect(Digest.base64(Array("fo".utf8)) == "Zm8=")
        #expect(Digest.base64(Array("foobar".utf8)) == "Zm9vYmFy")
    }

    @Test func randomNoncesAreHexAndDistinct() {
        let nonces = Set((0..<100).map { _ in SigningContext.randomNonce() })
        #expect(nonces.count == 100)
        #expect(nonces.allSatisfy { $0.count == 32 && $0.allSatisfy(\.isHexDigit) })
    }
}
