/// Random identifiers, secrets and tokens, from the system's secure generator.
enum RandomText {
    static let alphanumerics = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".utf8)
    /// Real STS tokens are Base64 text; `+` and `/` keep clients' encoding honest.
    static let base64 = alphanumerics + Array("+/".utf8)

    static func make(_ count: Int, from alphabet: [UInt8] = alphanumerics) -> String {
        guard !alphabet.isEmpty, count > 0 else { return "" }
        var generator = SystemRandomNumberGenerator()
        var bytes: [UInt8] = []
        bytes.reserveCapacity(count)
        for _ in 0..<count { bytes.append(alphabet[Int.random(in: alphabet.indices, using: &generator)]) }
        return String(decoding: bytes, as: UTF8.self)
    }
}
