import COpenSSLCrypto

/// SHA-256 and HMAC, computed by the system's OpenSSL (libcrypto).
///
/// One-shot functions only: they hold no state, so they are safe from any thread.
public enum Digest {
    /// SHA-256 of `bytes`.
    public static func sha256(_ bytes: some Collection<UInt8>) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: Int(SHA256_DIGEST_LENGTH))
        _ = Array(bytes).withUnsafeBufferPointer { input in
            out.withUnsafeMutableBufferPointer { SHA256(input.baseAddress, input.count, $0.baseAddress) }
        }
        return out
    }

    /// HMAC-SHA256 of `message` keyed with `key`.
    public static func hmacSHA256(key: some Collection<UInt8>, message: some Collection<UInt8>) -> [UInt8] {
        hmac(EVP_sha256(), length: Int(SHA256_DIGEST_LENGTH), key: key, message: message)
    }

    /// HMAC-SHA1 of `message` keyed with `key`.
    public static func hmacSHA1(key: some Collection<UInt8>, message: some Collection<UInt8>) -> [UInt8] {
        hmac(EVP_sha1(), length: Int(SHA_DIGEST_LENGTH), key: key, message: message)
    }

    private static func hmac(
        _ md: OpaquePointer?, length: Int, key: some Collection<UInt8>, message: some Collection<UInt8>
    ) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: length)
        var outLength: UInt32 = 0
        let key = Array(key), message = Array(message)
        // HMAC() wants a non-NULL key pointer even for an empty key.
        let keyStorage = key.isEmpty ? [0] : key
        _ = keyStorage.withUnsafeBufferPointer { k in
            message.withUnsafeBufferPointer { m in
                out.withUnsafeMutableBufferPointer { o in
                    HMAC(md, k.baseAddress, Int32(clamping: key.count), m.baseAddress, m.count, o.baseAddress, &outLength)
                }
            }
        }
        return out
    }
}

extension Digest {
    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// Lower-case hexadecimal, as both signature schemes write digests.
    public static func hex(_ bytes: some Collection<UInt8>) -> String {
        var chars = [UInt8]()
        chars.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            chars.append(hexDigits[Int(byte >> 4)])
            chars.append(hexDigits[Int(byte & 0x0F)])
        }
        return String(decoding: chars, as: UTF8.self)
    }

    private static let base64Alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    /// Standard Base64 with padding (RFC 4648 §4), as V1 writes its signature.
    public static func base64(_ bytes: some Collection<UInt8>) -> String {
        let input = Array(bytes)
        var out = [UInt8]()
        out.reserveCapacity((input.count + 2) / 3 * 4)
        var index = 0
        while index < input.count {
            let b0 = UInt32(input[index])
            let b1 = index + 1 < input.count ? UInt32(input[index + 1]) : 0
            let b2 = index + 2 < input.count ? UInt32(input[index + 2]) : 0
            let triple = b0 << 16 | b1 << 8 | b2
            out.append(base64Alphabet[Int(triple >> 18 & 0x3F)])
            out.append(base64Alphabet[Int(triple >> 12 & 0x3F)])
            out.append(index + 1 < input.count ? base64Alphabet[Int(triple >> 6 & 0x3F)] : UInt8(ascii: "="))
            out.append(index + 2 < input.count ? base64Alphabet[Int(triple & 0x3F)] : UInt8(ascii: "="))
            index += 3
        }
        return String(decoding: out, as: UTF8.self)
    }
}
