import COpenSSLCrypto

/// SHA-256 and HMAC, hashed by the system's OpenSSL (libcrypto).
///
/// The digests are looked up once. OpenSSL 3's one-shot `SHA256()` and
/// `HMAC()` fetch them by name on every call, which costs more than hashing
/// a request. Every function is safe from any thread: the shared objects are
/// only read after they are made.
public enum Digest {
    /// SHA-256 of `bytes`.
    public static func sha256(_ bytes: some Collection<UInt8>) -> [UInt8] {
        withContiguousBytes(bytes) { withSHA256($0) { Array($0) } }
    }

    /// HMAC-SHA256 of `message` keyed with `key`.
    public static func hmacSHA256(key: some Collection<UInt8>, message: some Collection<UInt8>) -> [UInt8] {
        withContiguousBytes(key) { key in
            withContiguousBytes(message) { withHMACSHA256(key: key, message: $0) { Array($0) } }
        }
    }

    /// HMAC-SHA1 of `message` keyed with `key`.
    public static func hmacSHA1(key: some Collection<UInt8>, message: some Collection<UInt8>) -> [UInt8] {
        withContiguousBytes(key) { key in
            withContiguousBytes(message) { withHMACSHA1(key: key, message: $0) { Array($0) } }
        }
    }

    // The one-shot forms the signers use: the input is already in memory and
    // the digest goes to a stack buffer that `body` reads (to hex- or
    // Base64-encode it), so no array is made for either. When OpenSSL fails,
    // `body` gets no bytes, as the array forms return none.

    static func withSHA256<R>(_ input: UnsafeRawBufferPointer, _ body: (UnsafeRawBufferPointer) -> R) -> R {
        withDigestBuffer(body) { hash(OpenSSLAlgorithms.sha256, input, into: $0) }
    }

    static func withHMACSHA256<R>(key: UnsafeRawBufferPointer, message: UnsafeRawBufferPointer,
                                  _ body: (UnsafeRawBufferPointer) -> R) -> R {
        withDigestBuffer(body) { hmac(OpenSSLAlgorithms.sha256, key: key, message: message, into: $0) }
    }

    static func withHMACSHA1<R>(key: UnsafeRawBufferPointer, message: UnsafeRawBufferPointer,
                                _ body: (UnsafeRawBufferPointer) -> R) -> R {
        withDigestBuffer(body) { hmac(OpenSSLAlgorithms.sha1, key: key, message: message, into: $0) }
    }

    /// Room for any digest on the stack; `compute` fills it and says how many bytes it wrote.
    private static func withDigestBuffer<R>(_ body: (UnsafeRawBufferPointer) -> R,
                                            compute: (UnsafeMutableRawBufferPointer) -> Int) -> R {
        withUnsafeTemporaryAllocation(byteCount: Int(EVP_MAX_MD_SIZE), alignment: 1) { out in
            let written = max(0, min(compute(out), out.count))
            return body(UnsafeRawBufferPointer(rebasing: out[..<written]))
        }
    }

    private static func hash(_ md: OpaquePointer?, _ input: UnsafeRawBufferPointer, into out: UnsafeMutableRawBufferPointer) -> Int {
        // EVP_Digest writes the digest's size, which the caller's EVP_MAX_MD_SIZE bytes hold.
        guard out.count >= Int(EVP_MAX_MD_SIZE) else { return 0 }
        var written: UInt32 = 0
        let ok = EVP_Digest(input.baseAddress, input.count, out.baseAddress?.assumingMemoryBound(to: UInt8.self),
                            &written, md, nil) == 1
        return ok ? Int(written) : 0
    }

    /// HMAC (RFC 2104) with digest `md`: H((K ^ opad) || H((K ^ ipad) || message)),
    /// where K is the key (hashed first when longer than a block) zero-padded
    /// to a block.
    ///
    /// Built on the digest calls rather than OpenSSL 3's EVP_MAC, which copies,
    /// keys and frees a MAC context on every call: that cost about as much as
    /// the hashing itself (some 9,000 instructions of a V3 signature's 18,000).
    /// The hashing is OpenSSL's, block for block the same.
    private static func hmac(_ md: OpaquePointer?, key: UnsafeRawBufferPointer, message: UnsafeRawBufferPointer,
                             into out: UnsafeMutableRawBufferPointer) -> Int {
        let blockSize = Int(EVP_MD_get_block_size(md))
        guard blockSize > 0, blockSize <= maxBlockSize, out.count >= Int(EVP_MAX_MD_SIZE),
              let context = EVP_MD_CTX_new() else { return 0 }
        defer { EVP_MD_CTX_free(context) }
        return withUnsafeTemporaryAllocation(byteCount: maxBlockSize, alignment: 16) { buffer in
            // The padded key is secret: wiped before the stack space is reused.
            defer { OPENSSL_cleanse(buffer.baseAddress, buffer.count) }
            let block = UnsafeMutableRawBufferPointer(rebasing: buffer[..<blockSize])
            block.initializeMemory(as: UInt8.self, repeating: 0)
            if key.count > blockSize {
                // Never more than EVP_MAX_MD_SIZE bytes: less than a block for the digests used here.
                guard hash(md, key, into: buffer) > 0 else { return 0 }
            } else {
                block.copyMemory(from: key)
            }
            xor(block, with: 0x36)
            let inner = digest(context, md, block, message, into: out)
            guard inner > 0 else { return 0 }
            xor(block, with: 0x36 ^ 0x5C)
            return digest(context, md, block, UnsafeRawBufferPointer(rebasing: out[..<inner]), into: out)
        }
    }

    /// The largest block of the digests used here (SHA-512's; SHA-1's and SHA-256's are 64).
    private static let maxBlockSize = 128

    private static func xor(_ bytes: UnsafeMutableRawBufferPointer, with pad: UInt8) {
        for index in bytes.indices { bytes[index] ^= pad }
    }

    /// H(first || second) with `context`, into `out`; the digest's size, or 0 on failure.
    /// `second` may lie in `out`: it is read before the digest is written.
    private static func digest(_ context: OpaquePointer, _ md: OpaquePointer?, _ first: UnsafeMutableRawBufferPointer,
                               _ second: UnsafeRawBufferPointer, into out: UnsafeMutableRawBufferPointer) -> Int {
        var written: UInt32 = 0
        let ok = EVP_DigestInit_ex(context, md, nil) == 1
            && EVP_DigestUpdate(context, first.baseAddress, first.count) == 1
            && EVP_DigestUpdate(context, second.baseAddress, second.count) == 1
            && EVP_DigestFinal_ex(context, out.baseAddress?.assumingMemoryBound(to: UInt8.self), &written) == 1
        return ok ? Int(written) : 0
    }

    /// Runs `body` on `bytes` in contiguous memory, copying only when they are not.
    fileprivate static func withContiguousBytes<R>(_ bytes: some Collection<UInt8>, _ body: (UnsafeRawBufferPointer) -> R) -> R {
        if let result = bytes.withContiguousStorageIfAvailable({ body(UnsafeRawBufferPointer($0)) }) { return result }
        return Array(bytes).withUnsafeBytes(body)
    }
}

/// The digests, fetched from OpenSSL's default provider once.
private enum OpenSSLAlgorithms {
    // Immutable after creation; a fetched digest that is only read may be
    // shared between threads.
    nonisolated(unsafe) static let sha256: OpaquePointer? = EVP_MD_fetch(nil, "SHA256", nil)
    nonisolated(unsafe) static let sha1: OpaquePointer? = EVP_MD_fetch(nil, "SHA1", nil)
}

extension Digest {
    private static let hexDigits: StaticString = "0123456789abcdef"

    /// Lower-case hexadecimal, as both signature schemes write digests.
    public static func hex(_ bytes: some Collection<UInt8>) -> String {
        let count = bytes.count
        return String(unsafeUninitializedCapacity: count * 2) { out in
            hexDigits.withUTF8Buffer { digits in
                var index = 0
                for byte in bytes where index + 1 < out.count {
                    out[index] = digits[Int(byte >> 4)]
                    out[index + 1] = digits[Int(byte & 0x0F)]
                    index += 2
                }
                return index
            }
        }
    }

    /// Standard Base64 with padding (RFC 4648 §4), as V1 writes its signature.
    public static func base64(_ bytes: some Collection<UInt8>) -> String {
        withContiguousBytes(bytes) { bytes in
            var text = TextBuffer(capacity: (bytes.count + 2) / 3 * 4)
            text.appendBase64(bytes)
            return text.string()
        }
    }
}

extension TextBuffer {
    /// Standard Base64 with padding (RFC 4648 §4): four characters per three bytes.
    mutating func appendBase64(_ bytes: UnsafeRawBufferPointer) {
        write((bytes.count + 2) / 3 * 4) { out in
            var index = 0, position = 0
            while position < bytes.count {
                let remaining = bytes.count - position
                let b0 = UInt32(bytes[position])
                let b1 = remaining > 1 ? UInt32(bytes[position + 1]) : 0
                let b2 = remaining > 2 ? UInt32(bytes[position + 2]) : 0
                let triple = b0 << 16 | b1 << 8 | b2
                out[index] = TextBuffer.base64Digit(triple >> 18)
                out[index + 1] = TextBuffer.base64Digit(triple >> 12)
                out[index + 2] = remaining > 1 ? TextBuffer.base64Digit(triple >> 6) : UInt8(ascii: "=")
                out[index + 3] = remaining > 2 ? TextBuffer.base64Digit(triple) : UInt8(ascii: "=")
                index += 4
                position += 3
            }
        }
    }

    /// The Base64 digit of the low six bits of `value`.
    private static func base64Digit(_ value: UInt32) -> UInt8 {
        let sextet = UInt8(truncatingIfNeeded: value & 0x3F)
        switch sextet {
        case 0..<26: return UInt8(ascii: "A") + sextet
        case 26..<52: return UInt8(ascii: "a") + sextet - 26
        case 52..<62: return UInt8(ascii: "0") + sextet - 52
        case 62: return UInt8(ascii: "+")
        default: return UInt8(ascii: "/")
        }
    }
}
