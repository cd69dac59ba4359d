/// An AccessKey pair, with an STS security token when the key is temporary.
///
/// `description` never shows the secret or the token, so a credential that
/// ends up in a log or an error message leaks nothing.
public struct Credentials: Sendable, Equatable, CustomStringConvertible {
    public var accessKeyId: String
    public var accessKeySecret: String
    public var securityToken: String?

    public init(accessKeyId: String, accessKeySecret: String, securityToken: String? = nil) {
        self.accessKeyId = accessKeyId
        self.accessKeySecret = accessKeySecret
        self.securityToken = securityToken
    }

    public var description: String {
        "Credentials(accessKeyId: \(accessKeyId), accessKeySecret: <redacted>\(securityToken == nil ? "" : ", securityToken: <redacted>"))"
    }
}
