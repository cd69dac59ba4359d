/// `acs:ram::<account>:<kind>/<name>`: the form STS requires of `RoleArn`
/// (kind `role`) and `OIDCProviderArn` (kind `oidc-provider`).
struct RAMResourceName: Sendable, Equatable {
    var accountId: String
    var name: String

    /// nil unless `text` is exactly that form: an account of 1–32 digits and a
    /// name of 1–64 characters from `[A-Za-z0-9._@-]`.
    init?(parsing text: String, kind: String) {
        let bytes = Array(text.utf8)
        let prefix = Array("acs:ram::".utf8)
        guard bytes.starts(with: prefix) else { return nil }
        let rest = bytes[prefix.count...]
        guard let colon = rest.firstIndex(of: UInt8(ascii: ":")) else { return nil }
        let account = rest[..<colon]
        guard (1...32).contains(account.count), account.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) })
        else { return nil }
        let resource = rest[(colon + 1)...]
        let kindPrefix = Array((kind + "/").utf8)
        guard resource.starts(with: kindPrefix) else { return nil }
        let name = resource.dropFirst(kindPrefix.count)
        guard (1...64).contains(name.count), name.allSatisfy(Self.isNameByte) else { return nil }
        accountId = String(decoding: account, as: UTF8.self)
        self.name = String(decoding: name, as: UTF8.self)
    }

    static func isNameByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"),
             UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "@"), UInt8(ascii: "-"):
            return true
        default:
            return false
        }
    }
}
