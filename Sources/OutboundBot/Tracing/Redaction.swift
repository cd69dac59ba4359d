import OutboundBotSigner

/// Removes the library's own secrets from what it hands back or logs: a
/// server or a proxy may echo a request, token and all, in a message or a
/// body; a request line or header in a debug log carries a signature.
enum Redaction {
    static let placeholder = "<redacted>"

    /// `text` with every occurrence of each secret (at least 4 bytes) replaced.
    static func removing(_ secrets: [String?], from text: String) -> String {
        replacingSecrets(secrets, in: Array(text.utf8)).map { String(decoding: $0, as: UTF8.self) } ?? text
    }

    /// `bytes` with every occurrence of each secret replaced, as it was sent
    /// and as an echo may spell it: percent-encoded, or JSON-escaped ("\/").
    /// The common case, no secret present, costs one scan per spelling and
    /// no copy.
    static func removing(_ secrets: [String?], from bytes: [UInt8]) -> [UInt8] {
        replacingSecrets(secrets, in: bytes) ?? bytes
    }

    /// nil when no secret occurs in `bytes`.
    private static func replacingSecrets(_ secrets: [String?], in bytes: [UInt8]) -> [UInt8]? {
        var result: [UInt8]?
        for secret in spellings(of: secrets) {
            let needle = Array(secret.utf8)
            let haystack = result ?? bytes
            guard var found = haystack.firstOffset(of: needle) else { continue }
            var replaced: [UInt8] = []
            replaced.reserveCapacity(haystack.count)
            var position = 0
            while true {
                replaced += haystack[position..<found]
                replaced += placeholder.utf8
                position = found + needle.count
                guard let next = haystack.firstOffset(of: needle, from: position) else { break }
                found = next
            }
            replaced += haystack[position...]
            result = replaced
        }
        return result
    }

    private static func spellings(of secrets: [String?]) -> [String] {
        var forms: [String] = []
        for case let secret? in secrets where secret.utf8.count >= 4 {
            forms.append(secret)
            let encoded = PercentEncoding.encode(secret)
            if encoded != secret { forms.append(encoded) }
            if secret.utf8.contains(UInt8(ascii: "/")) {
                forms.append(String(decoding: secret.utf8.flatMap { $0 == UInt8(ascii: "/") ? Array("\\/".utf8) : [$0] },
                                    as: UTF8.self))
            }
        }
        return forms
    }

    /// A URL with the values of its signing query parameters replaced
    /// (V1 puts the signature and the token in the query).
    static func url(_ url: String) -> String {
        guard let question = url.firstIndex(of: "?") else { return url }
        let pairs = url[url.index(after: question)...].split(separator: "&", omittingEmptySubsequences: false).map { pair in
            let name = pair.prefix { $0 != "=" }
            return secretQueryNames.contains(String(name)) ? "\(name)=\(placeholder)" : String(pair)
        }
        return String(url[...question]) + pairs.joined(separator: "&")
    }

    /// A header line fit for a log: the token header's value and the
    /// Authorization signature replaced, the key id and algorithm kept.
    static func header(name: String, value: String) -> String {
        switch name.lowercased() {
        case "x-acs-security-token":
            return "\(name): \(placeholder)"
        case "authorization":
            let bytes = Array(value.utf8), marker = Array("Signature=".utf8)
            guard let signature = bytes.firstOffset(of: marker) else { return "\(name): \(placeholder)" }
            return "\(name): \(String(decoding: bytes[..<(signature + marker.count)], as: UTF8.self))\(placeholder)"
        default:
            return "\(name): \(value)"
        }
    }

    private static let secretQueryNames: Set<String> = ["Signature", "SecurityToken", "AccessKeySecret"]
}
