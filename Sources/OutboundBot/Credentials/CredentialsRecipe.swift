import OutboundBotSigner

/// How one profile says to obtain credentials. The aliyun CLI's modes
/// (`~/.aliyun/config.json`) and the credentials file's types
/// (`~/.alibabacloud/credentials.ini`) both reduce to these four; the
/// providers that carry a recipe out are built from it by the chain.
///
/// Pure data: parsing a file yields a recipe, nothing is sent.
public indirect enum CredentialsRecipe: Sendable, Equatable {
    /// A key pair, long-lived or (with a token) an STS token as written in the file.
    case accessKey(Credentials)
    /// STS AssumeRole, signed with the credentials `source` yields.
    case ramRoleArn(source: CredentialsRecipe, role: RoleRequest)
    /// The ECS instance's RAM role from the metadata service; nil asks the service for the name.
    case ecsRamRole(roleName: String?)
    /// STS AssumeRoleWithOIDC with the token read from `tokenFile` at every refresh.
    case oidcRoleArn(role: RoleRequest, oidcProviderArn: String, tokenFile: String)
}

/// What an AssumeRole or AssumeRoleWithOIDC call asks STS for.
public struct RoleRequest: Sendable, Equatable {
    public static let defaultSessionName = "liboutboundbot"
    public static let defaultDurationSeconds = 3600

    /// `acs:ram::<account>:role/<name>`.
    public var roleArn: String
    public var sessionName: String
    public var durationSeconds: Int
    /// A JSON policy that narrows the role's permissions; nil for none.
    public var policy: String?
    public var externalId: String?
    /// The STS region this profile names (`sts_region`); nil means the client's.
    public var stsRegion: String?

    public init(roleArn: String, sessionName: String = RoleRequest.defaultSessionName,
                durationSeconds: Int = RoleRequest.defaultDurationSeconds, policy: String? = nil,
                externalId: String? = nil, stsRegion: String? = nil) {
        self.roleArn = roleArn
        self.sessionName = sessionName
        self.durationSeconds = durationSeconds
        self.policy = policy
        self.externalId = externalId
        self.stsRegion = stsRegion
    }
}
