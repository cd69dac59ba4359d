/// Removes the library's own secrets from text it hands back: a server or a
/// proxy may echo a request, token and all, in an error message.
enum Redaction {
    static let placeholder = "<redacted>"

    /// `text` with every occurrence of each non-empty secret replaced.
    static func removing(_ secrets: [String?], from text: String) -> String {
        var result = text
        for case let secret? in secrets where secret.utf8.count >= 4 && result.contains(secret) {
            result = result.replacing(secret, with: placeholder)
        }
        return result
    }
}
