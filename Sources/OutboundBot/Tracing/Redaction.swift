import OutboundBotSigner

/// Removes the library's own secrets from what it hands back or logs: a
/// server or a proxy may echo a request, token and all, in a message or a
/// body; a request line or header in a debug log carries a signature.
enum Redaction {
    static let placeholder = "<redacted>"

    /// `text` with every occurrence of each secret (at least 4 bytes) replaced.
    static func removing(_ secrets: [String?], from text: String) -> String {
        var result = text
        for secret in spellings(of: secrets) where result.contains(secret) {
            result = result.replacing(secret, with: placeholder)
        }
        return result
    }

    /// `bytes` with every occurrence of each secret replaced, as it was sent
    /// and as an echo may spell it: percent-encoded, or JSON-escaped ("\/").
    /// The common case, no secret present, costs one scan per spelling and
    /// no copy.
    static func removing(_ secrets: [String?], from bytes: [UInt8]) -> [UInt8] {
        var result = bytes
        for secret in spellings(of: secrets) {
            let needle = Array(secret.utf8)
            guard result.firstRange(of: needle) != nil else { continue }
            result.replace(needle, with: Array(placeholder.utf8))
        }
        return result
    }

    private static func spellings(of secrets: [String?]) -> [String] {
        var forms: [String] = []
        for case let secret? in secrets where secret.utf8.count >= 4 {
            forms.append(secret)
            let encoded = PercentEncoding.encode(secret)
            if encoded != secret { forms.append(encoded) }
            let escaped = secret.replacing("/", with: "\\/")
            if escaped != secret { forms.append(escaped) }
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
            guard let signature = value.firstRange(of: "Signature=") else { return "\(name): \(placeholder)" }
            return "\(name): \(value[..<signature.upperBound])\(placeholder)"
        default:
            return "\(name): \(value)"
        }
    }

    private static let secretQueryNames: Set<String> = ["Signature", "SecurityToken", "AccessKeySecret"]
}
