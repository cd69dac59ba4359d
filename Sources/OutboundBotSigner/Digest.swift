import COpenSSLCrypto

/// SHA-256 and HMAC, computed by the system's OpenSSL (libcrypto).
///
/// The algorithms are looked up once. OpenSSL 3's one-shot `SHA256()` and
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
        withDigestBuffer(body) { hmac(OpenSSLAlgorithms.hmacSHA256, key: key, message: message, into: $0) }
    }

    static func withHMACSHA1<R>(key: UnsafeRawBufferPointer, message: UnsafeRawBufferPointer,
                                _ body: (UnsafeRawBufferPointer) -> R) -> R {
        withDigestBuffer(body) { hmac(OpenSSLAlgorithms.hmacSHA1, key: key, message: message, into: $0) }
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

    /// HMAC by OpenSSL: a copy of the template (its digest already set),
    /// keyed, fed, finished, into `out`; the MAC's size, or 0 on failure.
    private static func hmac(_ template: OpaquePointer?, key: UnsafeRawBufferPointer, message: UnsafeRawBufferPointer,
                             into out: UnsafeMutableRawBufferPointer) -> Int {
        guard let keyAddress = key.baseAddress else {
            // An empty key: EVP_MAC_init still wants a pointer.
            return withUnsafeTemporaryAllocation(byteCount: 1, alignment: 1) { empty in
                guard let address = empty.baseAddress else { return 0 }
                return hmac(template, key: UnsafeRawBufferPointer(start: address, count: 0), message: message, into: out)
            }
        }
        guard let outAddress = out.baseAddress, let context = EVP_MAC_CTX_dup(template) else { return 0 }
        defer { EVP_MAC_CTX_free(context) }
        var written = 0
        let ok = EVP_MAC_init(context, keyAddress.assumingMemoryBound(to: UInt8.self), key.count, nil) == 1
            && EVP_MAC_update(context, message.baseAddress?.assumingMemoryBound(to: UInt8.self), message.count) == 1
            && EVP_MAC_final(context, outAddress.assumingMemoryBound(to: UInt8.self), &written, out.count) == 1
        return ok ? written : 0
    }

    /// Runs `body` on `bytes` in contiguous memory, copying only when they are not.
    fileprivate static func withContiguousBytes<R>(_ bytes: some Collection<UInt8>, _ body: (UnsafeRawBufferPointer) -> R) -> R {
        if let result = bytes.withContiguousStorageIfAvailable({ body(UnsafeRawBufferPointer($0)) }) { return result }
        return Array(bytes).withUnsafeBytes(body)
    }
}

/// The algorithms, fetched from OpenSSL's default provider once.
private enum OpenSSLAlgorithms {
    // Immutable after creation; OpenSSL objects that are only read (a digest,
    // a MAC context that is only ever copied) may be shared between threads.
    nonisolated(unsafe) static let sha256: OpaquePointer? = EVP_MD_fetch(nil, "SHA256", nil)
    nonisolated(unsafe) static let hmacSHA256: OpaquePointer? = hmacTemplate(digest: "SHA256")
    nonisolated(unsafe) static let hmacSHA1: OpaquePointer? = hmacTemplate(digest: "SHA1")

    /// An HMAC context with its digest set and no key: what each MAC copies.
    private static func hmacTemplate(digest: String) -> OpaquePointer? {
        guard let mac = EVP_MAC_fetch(nil, "HMAC", nil) else { return nil }
        defer { EVP_MAC_free(mac) }  // the context keeps its own reference
        guard let context = EVP_MAC_CTX_new(mac) else { return nil }
        // The parameter keeps both pointers until set_params reads them: both
        // strings must outlive it, so neither may be a temporary.
        let configured = "digest".withCString { key in
            digest.withCString { name in
                var parameters = [OSSL_PARAM_construct_utf8_string(key, UnsafeMutablePointer(mutating: name), 0),
                                  OSSL_PARAM_construct_end()]
                return EVP_MAC_CTX_set_params(context, &parameters) == 1
            }
        }
        guard configured else {
            EVP_MAC_CTX_free(context)
            return nil
        }
        return context
    }
}

extension Digest {
    /// Lower-case hexadecimal, as both signature schemes write digests.
    public static func hex(_ bytes: some Collection<UInt8>) -> String {
        String(unsafeUninitializedCapacity: bytes.count * 2) { write(bytes, lowerHexTo: $0) }
    }

    /// Writes two lower-case hex digits per byte to the start of `out`, as
    /// far as it has room; returns how many it wrote. The one hex encoder,
    /// behind both `hex` and `TextBuffer.appendLowerHex`.
    static func write(_ bytes: some Sequence<UInt8>, lowerHexTo out: UnsafeMutableBufferPointer<UInt8>) -> Int {
        var index = 0
        for byte in bytes where index + 1 < out.count {
            out[index] = lowerHexDigit(byte >> 4)
            out[index + 1] = lowerHexDigit(byte & 0x0F)
            index += 2
        }
        return index
    }

    @inline(__always)
    private static func lowerHexDigit(_ nibble: UInt8) -> UInt8 {
        nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") - 10 + nibble
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
