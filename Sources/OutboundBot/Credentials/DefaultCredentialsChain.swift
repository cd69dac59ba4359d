import OutboundBotSigner

/// Finds credentials the way the official Alibaba Cloud credentials
/// libraries do, in their order:
///
/// 1. the environment: `ALIBABA_CLOUD_ACCESS_KEY_ID`, `_SECRET`, `_SECURITY_TOKEN`;
/// 2. OIDC: `ALIBABA_CLOUD_ROLE_ARN`, `ALIBABA_CLOUD_OIDC_PROVIDER_ARN`,
///    `ALIBABA_CLOUD_OIDC_TOKEN_FILE`;
/// 3. the aliyun CLI's `~/.aliyun/config.json`;
/// 4. `~/.alibabacloud/credentials.ini`, or `ALIBABA_CLOUD_CREDENTIALS_FILE`;
/// 5. the ECS metadata service, only when `ECSMetadataGate` allows it;
/// 6. `ALIBABA_CLOUD_CREDENTIALS_URI`.
///
/// A step whose source is absent is skipped. A step whose source is present
/// but fails (a malformed file, STS refusing) is logged and the chain goes
/// on; when no step answers, the error lists every step's reason. The
/// provider that answered is kept for refreshes.
public struct DefaultCredentialsChain: Sendable {
    public let configuration: ClientConfiguration
    public let environment: CredentialsEnvironment

    public init(configuration: ClientConfiguration, environment: CredentialsEnvironment) {
        self.configuration = configuration
        self.environment = environment
    }

    /// One step of the chain: absent, or a provider to try.
    enum Step {
        case absent(String)
        case provider(any CredentialsProvider)
    }

    /// The provider the configuration asks for, and its first credentials.
    public func resolve() throws(OutboundBotError) -> (provider: any CredentialsProvider, first: ProvidedCredentials) {
        let log = configuration.log
        let steps: [(name: String, make: () throws(OutboundBotError) -> Step)]
        switch configuration.credentialsSource {
        case .automatic where configuration.credentials != nil, .staticKey:
            guard let credentials = configuration.credentials else {
                throw OutboundBotError(.credentials, "credentials: the static-key source was chosen but access_key_id and access_key_secret are not set")
            }
            let provider = StaticCredentialsProvider(credentials, source: "the configuration's AccessKey")
            log.log(.info, "credentials: using \(provider.source)")
            return (provider, try provider.fetch())
        case .automatic, .defaultChain:
            steps = [("environment", environmentStep), ("OIDC", oidcStep), ("aliyun CLI profile", cliProfileStep),
                     ("credentials file", credentialsFileStep), ("ECS metadata", { () throws(OutboundBotError) in try ecsStep(asked: false) }),
                     ("credentials URI", credentialsURIStep)]
        case .environment: steps = [("environment", environmentStep)]
        case .oidc: steps = [("OIDC", oidcStep)]
        case .cliProfile: steps = [("aliyun CLI profile", cliProfileStep)]
        case .credentialsFile: steps = [("credentials file", credentialsFileStep)]
        case .ecsRamRole: steps = [("ECS metadata", { () throws(OutboundBotError) in try ecsStep(asked: true) })]
        case .credentialsURI: steps = [("credentials URI", credentialsURIStep)]
        }

        var reasons: [String] = []
        for step in steps {
            do throws(OutboundBotError) {
                switch try step.make() {
                case .absent(let why):
                    log.log(.debug, "credentials: skipped \(step.name): \(why)")
                    reasons.append("\(step.name): \(why)")
                case .provider(let provider):
                    let first = try provider.fetch()
                    log.log(.info, "credentials: using \(first.source)\(Self.expiryNote(first))")
                    return (provider, first)
                }
            } catch {
                log.log(.warning, "credentials: \(step.name) failed: \(error.message)")
                reasons.append(error.message)
            }
        }
        throw OutboundBotError(.credentials, "no credentials found (" + reasons.joined(separator: "; ")
            + "). Set access_key_id and access_key_secret in the configuration, or ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET, or a profile in ~/.aliyun/config.json")
    }

    static func expiryNote(_ provided: ProvidedCredentials) -> String {
        guard let expiry = provided.expiresAtMilliseconds else { return "" }
        return ", expiring at \(Timestamp.iso8601(secondsSince1970: expiry / 1000))"
    }

    // MARK: The steps

    static let accessKeyIdVariable = "ALIBABA_CLOUD_ACCESS_KEY_ID"
    static let accessKeySecretVariable = "ALIBABA_CLOUD_ACCESS_KEY_SECRET"
    static let securityTokenVariable = "ALIBABA_CLOUD_SECURITY_TOKEN"

    func environmentStep() throws(OutboundBotError) -> Step {
        guard let id = environment.nonEmptyVariable(Self.accessKeyIdVariable) else {
            return .absent("\(Self.accessKeyIdVariable) is not set")
        }
        guard let secret = environment.nonEmptyVariable(Self.accessKeySecretVariable) else {
            throw OutboundBotError(.credentials, "environment: \(Self.accessKeySecretVariable): must be set when \(Self.accessKeyIdVariable) is")
        }
        let token = environment.nonEmptyVariable(Self.securityTokenVariable)
        return .provider(StaticCredentialsProvider(
            Credentials(accessKeyId: id, accessKeySecret: secret, securityToken: token),
            source: token == nil ? "environment (AccessKey)" : "environment (STS token)"))
    }

    static let roleArnVariable = "ALIBABA_CLOUD_ROLE_ARN"
    static let oidcProviderArnVariable = "ALIBABA_CLOUD_OIDC_PROVIDER_ARN"
    static let oidcTokenFileVariable = "ALIBABA_CLOUD_OIDC_TOKEN_FILE"
    static let roleSessionNameVariable = "ALIBABA_CLOUD_ROLE_SESSION_NAME"

    func oidcStep() throws(OutboundBotError) -> Step {
        let names = [Self.roleArnVariable, Self.oidcProviderArnVariable, Self.oidcTokenFileVariable]
        let values = names.map(environment.nonEmptyVariable)
        if values.allSatisfy({ $0 == nil }) { return .absent("\(names.joined(separator: ", ")) are not set") }
        guard case let (roleArn?, providerArn?, tokenFile?) = (values[0], values[1], values[2]) else {
            let missing = zip(names, values).filter { $0.1 == nil }.map(\.0)
            throw OutboundBotError(.credentials, "OIDC: \(missing.joined(separator: ", ")): must be set with the other OIDC variables")
        }
        let role = RoleRequest(roleArn: roleArn,
                               sessionName: environment.nonEmptyVariable(Self.roleSessionNameVariable) ?? RoleRequest.defaultSessionName)
        return .provider(OIDCRoleProvider(role: role, oidcProviderArn: providerArn, tokenFile: tokenFile,
                                          sts: sts(region: nil), source: "OIDC role \(roleArn) (environment)"))
    }

    static let profileVariable = "ALIBABA_CLOUD_PROFILE"

    /// The configuration's profile, else `ALIBABA_CLOUD_PROFILE`; nil lets the file choose.
    var profileName: String? {
        configuration.profile ?? environment.nonEmptyVariable(Self.profileVariable)
    }

    func cliProfileStep() throws(OutboundBotError) -> Step {
        guard let home = environment.homeDirectory, !home.isEmpty else { return .absent("HOME is not set") }
        let path = home + "/.aliyun/config.json"
        guard let bytes = try read(path, what: "aliyun CLI config") else { return .absent("no \(path)") }
        let (profile, recipe) = try AliyunCLIConfig.recipe(from: bytes, profileName: profileName, path: path)
        return .provider(provider(for: recipe, source: "profile \"\(profile)\" in \(path)"))
    }

    static let credentialsFileVariable = "ALIBABA_CLOUD_CREDENTIALS_FILE"

    func credentialsFileStep() throws(OutboundBotError) -> Step {
        let path: String
        if let named = environment.nonEmptyVariable(Self.credentialsFileVariable) {
            path = named
            // A file named outright must exist.
            guard let bytes = try read(path, what: "credentials file") else {
                throw OutboundBotError(.credentials, "credentials file \(path) (\(Self.credentialsFileVariable)): does not exist")
            }
            return try credentialsFileProvider(bytes, path: path)
        }
        guard let home = environment.homeDirectory, !home.isEmpty else { return .absent("HOME is not set") }
        path = home + "/.alibabacloud/credentials.ini"
        guard let bytes = try read(path, what: "credentials file") else { return .absent("no \(path)") }
        return try credentialsFileProvider(bytes, path: path)
    }

    private func credentialsFileProvider(_ bytes: [UInt8], path: String) throws(OutboundBotError) -> Step {
        let (profile, recipe) = try CredentialsINIFile.recipe(from: bytes, profileName: profileName, path: path)
        return .provider(provider(for: recipe, source: "profile \"\(profile)\" in \(path)"))
    }

    func ecsStep(asked: Bool) throws(OutboundBotError) -> Step {
        switch ECSMetadataGate.decide(environment: environment, configuredRole: configuration.ecsRoleName,
                                      configAsks: asked || configuration.ecsRoleName != nil) {
        case .skip(let reason):
            if asked { throw OutboundBotError(.credentials, "ECS metadata: turned off by \(reason)") }
            return .absent(reason)
        case .run(let roleName, let reason):
            configuration.log.log(.debug, "credentials: asking the ECS metadata service: \(reason)")
            return .provider(ecsProvider(roleName: roleName))
        }
    }

    static let credentialsURIVariable = "ALIBABA_CLOUD_CREDENTIALS_URI"

    func credentialsURIStep() throws(OutboundBotError) -> Step {
        guard let uri = environment.nonEmptyVariable(Self.credentialsURIVariable) else {
            return .absent("\(Self.credentialsURIVariable) is not set")
        }
        guard CredentialsURIProvider.isAcceptable(uri) else {
            throw OutboundBotError(.credentials, "\(Self.credentialsURIVariable): must be an http:// or https:// URL with a host")
        }
        return .provider(CredentialsURIProvider(uri: uri, environment: environment))
    }

    // MARK: Building providers

    /// The provider that carries out a profile's recipe.
    func provider(for recipe: CredentialsRecipe, source: String) -> any CredentialsProvider {
        switch recipe {
        case .accessKey(let credentials):
            return StaticCredentialsProvider(credentials, source: source)
        case .ramRoleArn(let sourceRecipe, let role):
            return AssumeRoleProvider(sourceProvider: provider(for: sourceRecipe, source: source),
                                      role: role, sts: sts(region: role.stsRegion), source: "role \(role.roleArn) via \(source)")
        case .ecsRamRole(let roleName):
            return ecsProvider(roleName: roleName ?? configuration.ecsRoleName)
        case .oidcRoleArn(let role, let providerArn, let tokenFile):
            return OIDCRoleProvider(role: role, oidcProviderArn: providerArn, tokenFile: tokenFile,
                                    sts: sts(region: role.stsRegion), source: "OIDC role \(role.roleArn) via \(source)")
        }
    }

    static let metadataEndpointVariable = "OBB_ECS_METADATA_ENDPOINT"

    private func ecsProvider(roleName: String?) -> ECSMetadataProvider {
        ECSMetadataProvider(
            endpoint: configuration.ecsMetadataEndpoint ?? environment.nonEmptyVariable(Self.metadataEndpointVariable)
                ?? ECSMetadataProvider.defaultEndpoint,
            roleName: roleName, timeoutMilliseconds: configuration.ecsMetadataTimeoutMilliseconds,
            environment: environment)
    }

    static let stsEndpointVariable = "OBB_STS_ENDPOINT"
    static let stsRegionVariable = "ALIBABA_CLOUD_STS_REGION"
    static let vpcEndpointVariable = "ALIBABA_CLOUD_VPC_ENDPOINT_ENABLED"

    /// STS at, in order: the configured endpoint, `OBB_STS_ENDPOINT`, the
    /// profile's STS region, `ALIBABA_CLOUD_STS_REGION`, the client's region.
    func sts(region profileRegion: String?) -> STSClient {
        let endpoint: String
        if let explicit = configuration.stsEndpoint ?? environment.nonEmptyVariable(Self.stsEndpointVariable) {
            endpoint = explicit
        } else {
            let region = profileRegion ?? environment.nonEmptyVariable(Self.stsRegionVariable) ?? configuration.region
            let vpc = environment.nonEmptyVariable(Self.vpcEndpointVariable)?.lowercased() == "true"
            endpoint = vpc ? "sts-vpc.\(region).aliyuncs.com" : STSClient.regionalEndpoint(region: region)
        }
        return STSClient(endpoint: endpoint, scheme: configuration.scheme.rawValue, environment: environment)
    }

    /// A file's bytes; nil when it does not exist.
    private func read(_ path: String, what: String) throws(OutboundBotError) -> [UInt8]? {
        switch environment.readFile(path) {
        case .bytes(let bytes): return bytes
        case .missing: return nil
        case .unreadable(let reason): throw OutboundBotError(.credentials, "\(what) \(path): cannot be read (\(reason))")
        }
    }
}
