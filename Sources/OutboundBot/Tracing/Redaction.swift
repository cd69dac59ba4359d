import OutboundBotSigner

/// Removes the library's own secrets from what it hands back or logs: a
/// server or a proxy may echo a request, token and all, in a message or a
/// body; a request line or header in a debug log carries a signature.
enum Redaction {
    static let placeholder = "<redacted>"

    /// The spellings of a call's secrets (at least 4 bytes each) to look
    /// for: as sent, and as an echo may spell them: percent-encoded, or
    /// JSON-escaped ("\/"). Made once per key (`SigningCredentials`), not
    /// per text redacted.
    struct Secrets {
        fileprivate let spellings: [[UInt8]]
        /// The shortest spelling's length: shorter text holds none.
        fileprivate let shortest: Int

        init(_ secrets: [String?]) {
            var forms: [[UInt8]] = []
            for case let secret? in secrets where secret.utf8.count >= 4 {
                forms.append(Array(secret.utf8))
                let encoded = PercentEncoding.encode(secret)
                if encoded != secret { forms.append(Array(encoded.utf8)) }
                if secret.utf8.contains(UInt8(ascii: "/")) {
                    forms.append(secret.utf8.flatMap { $0 == UInt8(ascii: "/") ? Array("\\/".utf8) : [$0] })
                }
            }
            spellings = forms
            shortest = forms.map(\.count).min() ?? .max
        }
    }

    /// `text` with every occurrence of each secret (at least 4 bytes) replaced.
    static func removing(_ secrets: [String?], from text: String) -> String {
        removing(Secrets(secrets), from: text)
    }

    static func removing(_ secrets: Secrets, from text: String) -> String {
        guard text.utf8.count >= secrets.shortest else { return text }
        return replacingSecrets(secrets, in: Array(text.utf8)).map { String(decoding: $0, as: UTF8.self) } ?? text
    }

    /// `bytes` with every occurrence of each secret replaced (see `Secrets`).
    /// The common case, no secret present, costs one scan per spelling and
    /// no copy.
    static func removing(_ secrets: [String?], from bytes: [UInt8]) -> [UInt8] {
        removing(Secrets(secrets), from: bytes)
    }

    static func removing(_ secrets: Secrets, from bytes: [UInt8]) -> [UInt8] {
        guard bytes.count >= secrets.shortest else { return bytes }
        return replacingSecrets(secrets, in: bytes) ?? bytes
    }

    /// nil when no secret occurs in `bytes`.
    private static func replacingSecrets(_ secrets: Secrets, in bytes: [UInt8]) -> [UInt8]? {
        var result: [UInt8]?
        for needle in secrets.spellings {
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
