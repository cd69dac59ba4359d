import OutboundBotSigner

/// Where credentials come from: the configuration, else the environment
/// variables every Alibaba Cloud SDK reads.
public enum CredentialsResolver {
    public static let accessKeyIdVariable = "ALIBABA_CLOUD_ACCESS_KEY_ID"
    public static let accessKeySecretVariable = "ALIBABA_CLOUD_ACCESS_KEY_SECRET"
    public static let securityTokenVariable = "ALIBABA_CLOUD_SECURITY_TOKEN"

    /// `environment` is a lookup, not the process environment itself, so tests
    /// pass a dictionary and the process edge passes `getenv`.
    public static func resolve(
        configured: Credentials?, environment: (String) -> String?
    ) throws(OutboundBotError) -> Credentials {
        let credentials: Credentials
        if let configured {
            credentials = configured
        } else if let id = environment(accessKeyIdVariable).flatMap(nonEmpty),
                  let secret = environment(accessKeySecretVariable).flatMap(nonEmpty) {
            credentials = Credentials(accessKeyId: id, accessKeySecret: secret,
                                      securityToken: environment(securityTokenVariable).flatMap(nonEmpty))
        } else {
            throw OutboundBotError(.credentials,
                "no credentials: set access_key_id and access_key_secret in the configuration, or the environment variables \(accessKeyIdVariable) and \(accessKeySecretVariable) (and \(securityTokenVariable) for an STS token)")
        }
        guard !credentials.accessKeyId.isEmpty else {
            throw OutboundBotError(.credentials, "access_key_id: must not be empty")
        }
        guard !credentials.accessKeySecret.isEmpty else {
            throw OutboundBotError(.credentials, "access_key_secret: must not be empty when access_key_id is set")
        }
        return credentials
    }

    private static func nonEmpty(_ value: String) -> String? { value.isEmpty ? nil : value }
}
