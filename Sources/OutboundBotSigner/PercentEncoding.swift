/// RFC 3986 percent-encoding, as both Alibaba Cloud signature schemes define it:
/// `A-Z a-z 0-9 - _ . ~` stay, every other UTF-8 byte becomes `%XX` (upper-case hex).
/// So a space is `%20`, `*` is `%2A` and `~` stays `~`.
public enum PercentEncoding {
    private static let upperHex = Array("0123456789ABCDEF".utf8)

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
        var string = string
        return string.withUTF8 { bytes in
            guard let first = bytes.firstIndex(where: { !isUnreserved($0) }) else { return nil }
            var escapes = 0
            for byte in bytes[first...] where !isUnreserved(byte) { escapes += 1 }
            return String(unsafeUninitializedCapacity: bytes.count + 2 * escapes) { out in
                var index = 0
                for byte in bytes {
                    if isUnreserved(byte) {
                        out[index] = byte
                        index += 1
                    } else {
                        out[index] = UInt8(ascii: "%")
                        out[index + 1] = upperHex[Int(byte >> 4)]
                        out[index + 2] = upperHex[Int(byte & 0x0F)]
                        index += 3
                    }
                }
                return index
            }
        } ?? string
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
        var encoded = parameters.map { (name: encode($0.name), value: encode($0.value)) }
        // Encoded text is ASCII, where String's `<` is byte order.
        encoded.sort { $0.name < $1.name || ($0.name == $1.name && $0.value < $1.value) }
        var query = TextBuffer(capacity: encoded.reduce(0) { $0 + $1.name.utf8.count + $1.value.utf8.count + 2 })
        for (index, pair) in encoded.enumerated() {
            if index > 0 { query.append("&") }
            query.append(pair.name, "=", pair.value)
        }
        return query.string
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
