/// RFC 3986 percent-encoding, as both Alibaba Cloud signature schemes define it:
/// `A-Z a-z 0-9 - _ . ~` stay, every other UTF-8 byte becomes `%XX` (upper-case hex).
/// So a space is `%20`, `*` is `%2A` and `~` stays `~`.
public enum PercentEncoding {
    @inline(__always)
    private static func upperHexDigit(_ nibble: UInt8) -> UInt8 {
        nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "A") - 10 + nibble
    }

    @inline(__always)
    static func isUnreserved(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"),
             UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "~"):
            return true
        default:
            return false
        }
    }

    /// Encodes every byte of `string`'s UTF-8 form that is not unreserved.
    /// A string with nothing to encode (most names and ids) comes back as is.
    public static func encode(_ string: String) -> String {
        withUTF8(string) { bytes -> String? in
            let escapes = escapeCount(bytes)
            guard escapes > 0 else { return nil }
            return String(unsafeUninitializedCapacity: bytes.count + 2 * escapes) { write(bytes, encodedTo: $0) }
        } ?? string
    }

    /// How many of `bytes` encoding turns into `%XX`: the encoded form is
    /// `bytes.count + 2 * escapeCount(bytes)` long.
    static func escapeCount(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var escapes = 0
        for byte in bytes where !isUnreserved(byte) { escapes += 1 }
        return escapes
    }

    /// Writes `bytes` encoded to the start of `out`, which has room for the
    /// encoded form (see `escapeCount`); returns how many bytes it wrote. The
    /// one encoder, behind both `encode` and `TextBuffer.appendPercentEncoded`.
    static func write(_ bytes: UnsafeBufferPointer<UInt8>, encodedTo out: UnsafeMutableBufferPointer<UInt8>) -> Int {
        var index = 0
        for byte in bytes {
            if isUnreserved(byte) {
                out[index] = byte
                index += 1
            } else {
                out[index] = UInt8(ascii: "%")
                out[index + 1] = upperHexDigit(byte >> 4)
                out[index + 2] = upperHexDigit(byte & 0x0F)
                index += 3
            }
        }
        return index
    }

    /// Decodes `%XX` escapes (and `+` as a space when `plusIsSpace`, as in
    /// `application/x-www-form-urlencoded`). Returns nil for a malformed escape
    /// or bytes that are not UTF-8, so a server can reject rather than guess.
    public static func decode(_ string: Substring, plusIsSpace: Bool) -> String? {
        var out = [UInt8]()
        out.reserveCapacity(string.utf8.count)
        var iterator = string.utf8.makeIterator()
        while let byte = iterator.next() {
            switch byte {
            case UInt8(ascii: "%"):
                guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue)
                else { return nil }
                out.append(high << 4 | low)
            case UInt8(ascii: "+") where plusIsSpace:
                out.append(UInt8(ascii: " "))
            default:
                out.append(byte)
            }
        }
        return String(validating: out, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }

    /// `name=value` pairs, each side encoded, sorted by the encoded name's bytes
    /// (then by value), joined with `&`: the canonical query of both schemes.
    /// Byte order puts `CallingNumber.10` before `CallingNumber.2`.
    public static func canonicalQuery(_ parameters: [(name: String, value: String)]) -> String {
        var query = TextBuffer(capacity: encodedLengthBound(parameters))
        appendCanonicalQuery(parameters, to: &query)
        return query.string()
    }

    /// Writes the canonical query of `parameters` to `out`.
    ///
    /// Each pair is encoded once, as `name=value`, into a scratch buffer; the
    /// pairs are then ordered by comparing those bytes (the order is that of
    /// the encoded text: encoding can reorder, `%7F` sorts before `0`) and
    /// copied to `out`. No `String` is made per name or value.
    static func appendCanonicalQuery(_ parameters: [(name: String, value: String)], to out: inout TextBuffer) {
        var scratch = TextBuffer(capacity: encodedLengthBound(parameters))
        withUnsafeTemporaryAllocation(of: EncodedPair.self, capacity: parameters.count) { pairs in
            for (index, parameter) in parameters.enumerated() where index < pairs.count {
                let start = scratch.count
                scratch.appendPercentEncoded(parameter.name)
                let equals = scratch.count
                scratch.append(byte: UInt8(ascii: "="))
                scratch.appendPercentEncoded(parameter.value)
                pairs.initializeElement(at: index, to: EncodedPair(start: start, equals: equals, end: scratch.count))
            }
            // Every element was initialized above (count == parameters.count); EncodedPair is trivial.
            var pairs = UnsafeMutableBufferPointer(rebasing: pairs[..<min(parameters.count, pairs.count)])
            scratch.withBytes { text in
                if !pairs.isSortedByEncoding(in: text) {
                    pairs.sort { $0.precedes($1, in: text) }
                }
                for (position, pair) in pairs.enumerated() {
                    if position > 0 { out.append(byte: UInt8(ascii: "&")) }
                    out.append(UnsafeBufferPointer(rebasing: text.assumingMemoryBound(to: UInt8.self)[pair.start..<pair.end]))
                }
            }
        }
    }

    /// Room for every pair fully encoded: no regrowth while writing.
    static func encodedLengthBound(_ parameters: [(name: String, value: String)]) -> Int {
        parameters.reduce(16) { $0 + 3 * ($1.name.utf8.count + $1.value.utf8.count) + 2 }
    }

    /// One encoded `name=value` in a buffer: name at `start..<equals`, value after the `=` up to `end`.
    struct EncodedPair {
        var start: Int
        var equals: Int
        var end: Int

        /// Canonical order: by the encoded name's bytes, then by the encoded value's.
        func precedes(_ other: EncodedPair, in text: UnsafeRawBufferPointer) -> Bool {
            let byName = compareBytes(text[start..<equals], text[other.start..<other.equals])
            return byName != 0 ? byName < 0 : compareBytes(text[equals + 1..<end], text[other.equals + 1..<other.end]) < 0
        }
    }

    /// Negative, zero or positive as `a` sorts before, with or after `b` in byte order.
    static func compareBytes(_ a: Slice<UnsafeRawBufferPointer>, _ b: Slice<UnsafeRawBufferPointer>) -> Int {
        for (x, y) in zip(a, b) where x != y { return x < y ? -1 : 1 }
        return a.count - b.count
    }

    /// Splits `a=1&b=2` into decoded pairs; nil when any part is malformed.
    public static func parseQuery(_ query: Substring, plusIsSpace: Bool) -> [(name: String, value: String)]? {
        var pairs: [(name: String, value: String)] = []
        for part in query.split(separator: "&", omittingEmptySubsequences: true) {
            let pieces = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = decode(pieces[0], plusIsSpace: plusIsSpace),
                  let value = decode(pieces.count > 1 ? pieces[1] : "", plusIsSpace: plusIsSpace)
            else { return nil }
            pairs.append((name, value))
        }
        return pairs
    }
}

extension UnsafeMutableBufferPointer<PercentEncoding.EncodedPair> {
    /// Whether the pairs are already in canonical order (then sorting is skipped).
    func isSortedByEncoding(in text: UnsafeRawBufferPointer) -> Bool {
        zip(self, dropFirst()).allSatisfy { !$1.precedes($0, in: text) }
    }
}

extension TextBuffer {
    /// `text`'s UTF-8 bytes percent-encoded as `PercentEncoding.encode` does.
    mutating func appendPercentEncoded(_ text: String) {
        withUTF8(text) { appendPercentEncoded($0) }
    }

    mutating func appendPercentEncoded(_ bytes: UnsafeRawBufferPointer) {
        appendPercentEncoded(bytes.assumingMemoryBound(to: UInt8.self))
    }

    mutating func appendPercentEncoded(_ bytes: UnsafeBufferPointer<UInt8>) {
        let escapes = PercentEncoding.escapeCount(bytes)
        guard escapes > 0 else { return append(bytes) }
        write(bytes.count + 2 * escapes) { _ = PercentEncoding.write(bytes, encodedTo: $0) }
    }
}
