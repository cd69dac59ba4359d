import OutboundBotSigner

/// The aliyun CLI's configuration file, `~/.aliyun/config.json`, read into a recipe.
///
/// A pure function of the file's bytes: nothing is read from disk or sent.
///
/// ```json
/// {"current": "default",
///  "profiles": [{"name": "default", "mode": "AK", "access_key_id": "…", "access_key_secret": "…", …}]}
/// ```
///
/// Modes:
/// - `AK`: `access_key_id`, `access_key_secret`.
/// - `StsToken`: those and `sts_token`.
/// - `RamRoleArn`: a key pair as the source, `ram_role_arn`; optionally
///   `ram_session_name`, `expired_seconds`, `external_id`, `policy`, `sts_region`.
/// - `EcsRamRole`: optionally `ram_role_name` (empty asks the metadata service).
/// - `OIDC`: `ram_role_arn`, `oidc_provider_arn`, `oidc_token_file`; optionally
///   `ram_session_name`, `expired_seconds`, `policy`, `sts_region`.
/// - `ChainableRamRoleArn`: `source_profile` (another profile of this file,
///   whose recipe signs the AssumeRole), `ram_role_arn`; optionally
///   `ram_session_name`, `expired_seconds`, `external_id`, `policy`, `sts_region`.
///
/// As the CLI writes every field, an empty string, a null or an absent member
/// all mean "not set", and `expired_seconds` 0 means the default (3600).
/// Only the profiles used (the selected one and its `source_profile` chain)
/// have their fields checked; other profiles need only be objects with a
/// string `name`. When two profiles share a name the first is used, as the CLI does.
public enum AliyunCLIConfig {
    /// The modes this library carries out.
    public static let supportedModes = ["AK", "StsToken", "RamRoleArn", "EcsRamRole", "OIDC", "ChainableRamRoleArn"]
    /// Modes the CLI has that this library does not carry out.
    static let unsupportedModes = ["RsaKeyPair", "External", "CredentialsURI", "CloudSSO", "OAuth"]
    /// How many `ChainableRamRoleArn` profiles one chain may pass through.
    public static let maxSourceProfileDepth = 10
    /// The profile used when none is named and the file has no `current`.
    public static let defaultProfileName = "default"

    /// The recipe of one profile of the CLI's configuration.
    ///
    /// - Parameters:
    ///   - bytes: the whole file.
    ///   - profileName: the profile to use; nil (or empty) means the file's
    ///     `current`, and `default` when that is absent or empty.
    ///   - path: where the bytes came from (e.g. `~/.aliyun/config.json`), only for messages.
    /// - Returns: the profile used and its recipe.
    /// - Throws: an `OutboundBotError` of kind `.credentials` naming the path,
    ///   the profile and the field, never a secret.
    public static func recipe(from bytes: [UInt8], profileName: String?, path: String)
        throws(OutboundBotError) -> (profile: String, recipe: CredentialsRecipe)
    {
        let body = try CredentialsFileParsing.utf8Body(bytes, path: path)
        let document: JSONValue
        switch JSONValue.parse(body) {
        case .success(let value): document = value
        case .failure(let failure): throw CredentialsFileParsing.error(path, "not valid JSON (\(failure.reason))")
        }
        guard case .object = document else {
            throw CredentialsFileParsing.error(path, "expected a JSON object at the top level, got \(document.typeName)")
        }
        let profiles = try profileEntries(document, path: path)

        let name: String
        var selectedBy = ""
        if let profileName, !profileName.isEmpty {
            name = profileName
        } else {
            switch document.member("current") {
            case nil, .null?: name = defaultProfileName
            case .string(let current)?:
                name = current.isEmpty ? defaultProfileName : current
                if !current.isEmpty { selectedBy = " (the file's \"current\")" }
            case let other?:
                throw CredentialsFileParsing.error(path, "current: expected a string, got \(other.typeName)")
            }
        }
        guard let profile = profiles.first(where: { $0.name == name }) else {
            throw CredentialsFileParsing.error(path,
                "profile \(CredentialsFileParsing.quoted(name))\(selectedBy) not found (\(CredentialsFileParsing.profileList(profiles.map(\.name))))")
        }
        return (name, try recipe(of: profile, in: profiles, chain: [], path: path))
    }

    // MARK: - Profiles

    struct Entry {
        var name: String
        var value: JSONValue
    }

    /// Every profile with its name; a malformed list is an error.
    private static func profileEntries(_ document: JSONValue, path: String) throws(OutboundBotError) -> [Entry] {
        let list: [JSONValue]
        switch document.member("profiles") {
        case nil, .null?: return []
        case .array(let elements)?: list = elements
        case let other?: throw CredentialsFileParsing.error(path, "profiles: expected an array, got \(other.typeName)")
        }
        var entries: [Entry] = []
        entries.reserveCapacity(list.count)
        for (index, element) in list.enumerated() {
            guard case .object = element else {
                throw CredentialsFileParsing.error(path, "profiles[\(index)]: expected an object, got \(element.typeName)")
            }
            switch element.member("name") {
            case .string(let name)?: entries.append(Entry(name: name, value: element))
            case nil, .null?: throw CredentialsFileParsing.error(path, "profiles[\(index)].name: missing")
            case let other?:
                throw CredentialsFileParsing.error(path, "profiles[\(index)].name: expected a string, got \(other.typeName)")
            }
        }
        return entries
    }

    /// `chain` holds the `ChainableRamRoleArn` profiles that led here, outermost first.
    private static func recipe(of entry: Entry, in profiles: [Entry], chain: [String], path: String)
        throws(OutboundBotError) -> CredentialsRecipe
    {
        var context = "\(path): profile \(CredentialsFileParsing.quoted(entry.name))"
        if let user = chain.last { context += " (source_profile of \(CredentialsFileParsing.quoted(user)))" }
        let profile = JSONProfile(value: entry.value, context: context)
        let supported = supportedModes.joined(separator: ", ")

        guard let mode = try profile.string("mode") else {
            throw profile.error("mode", "missing (supported: \(supported))")
        }
        switch mode {
        case "AK":
            let needs = "mode AK needs access_key_id and access_key_secret"
            return .accessKey(Credentials(accessKeyId: try profile.required("access_key_id", needs),
                                          accessKeySecret: try profile.required("access_key_secret", needs)))
        case "StsToken":
            let needs = "mode StsToken needs access_key_id, access_key_secret and sts_token"
            return .accessKey(Credentials(accessKeyId: try profile.required("access_key_id", needs),
                                          accessKeySecret: try profile.required("access_key_secret", needs),
                                          securityToken: try profile.required("sts_token", needs)))
        case "RamRoleArn":
            let needs = "mode RamRoleArn needs access_key_id, access_key_secret and ram_role_arn"
            let source = Credentials(accessKeyId: try profile.required("access_key_id", needs),
                                     accessKeySecret: try profile.required("access_key_secret", needs))
            let role = try profile.roleRequest(roleArn: try profile.required("ram_role_arn", needs), externalId: true)
            return .ramRoleArn(source: .accessKey(source), role: role)
        case "EcsRamRole":
            return .ecsRamRole(roleName: try profile.string("ram_role_name"))
        case "OIDC":
            let needs = "mode OIDC needs ram_role_arn, oidc_provider_arn and oidc_token_file"
            let roleArn = try profile.required("ram_role_arn", needs)
            let providerArn = try profile.required("oidc_provider_arn", needs)
            let tokenFile = try profile.required("oidc_token_file", needs)
            return .oidcRoleArn(role: try profile.roleRequest(roleArn: roleArn, externalId: false),
                                oidcProviderArn: providerArn, tokenFile: tokenFile)
        case "ChainableRamRoleArn":
            let needs = "mode ChainableRamRoleArn needs source_profile and ram_role_arn"
            let sourceName = try profile.required("source_profile", needs)
            let roleArn = try profile.required("ram_role_arn", needs)
            let role = try profile.roleRequest(roleArn: roleArn, externalId: true)
            guard chain.count < maxSourceProfileDepth else {  // this profile would be one more
                throw profile.error("source_profile", "the chain of ChainableRamRoleArn profiles through source_profile is longer than \(maxSourceProfileDepth)")
            }
            let visited = chain + [entry.name]
            if visited.contains(sourceName) {
                let cycle = (visited + [sourceName]).map(CredentialsFileParsing.quotedIfNeeded).joined(separator: " → ")
                throw profile.error("source_profile", "profiles form a cycle (\(cycle))")
            }
            guard let source = profiles.first(where: { $0.name == sourceName }) else {
                throw profile.error("source_profile",
                    "profile \(CredentialsFileParsing.quoted(sourceName)) not found (\(CredentialsFileParsing.profileList(profiles.map(\.name))))")
            }
            let sourceRecipe = try recipe(of: source, in: profiles, chain: visited, path: path)
            return .ramRoleArn(source: sourceRecipe, role: role)
        default:
            var problem = CredentialsFileParsing.quoted(mode)
            problem += unsupportedModes.contains(mode)
                ? " is not supported by this library" : " is not a mode of the aliyun CLI"
            problem += " (supported: \(supported))"
            if let near = (supportedModes + unsupportedModes).first(where: { $0 != mode && $0.lowercased() == mode.lowercased() }) {
                problem += "; did you mean \(near)?"
            }
            throw profile.error("mode", problem)
        }
    }

    /// One profile object's members, with errors that name the profile and the field.
    struct JSONProfile {
        let value: JSONValue
        let context: String

        func error(_ field: String, _ problem: String) -> OutboundBotError {
            OutboundBotError(.credentials, "\(context): \(field): \(problem)")
        }

        /// The string member `key`; nil when absent, null or empty.
        func string(_ key: String) throws(OutboundBotError) -> String? {
            switch value.member(key) {
            case nil, .null?: return nil
            case .string(let text)?: return text.isEmpty ? nil : text
            case let other?: throw error(key, "expected a string, got \(other.typeName)")
            }
        }

        func required(_ key: String, _ needs: String) throws(OutboundBotError) -> String {
            switch value.member(key) {
            case nil, .null?: throw error(key, "missing (\(needs))")
            case .string(let text)?:
                guard !text.isEmpty else { throw error(key, "empty (\(needs))") }
                return text
            case let other?: throw error(key, "expected a string, got \(other.typeName)")
            }
        }

        /// `expired_seconds`: absent, null or 0 give the default; otherwise within STS's range.
        func durationSeconds() throws(OutboundBotError) -> Int {
            let field = "expired_seconds"
            let range = CredentialsFileParsing.durationRange
            switch value.member(field) {
            case nil, .null?:
                return RoleRequest.defaultDurationSeconds
            case .integer(let seconds)?:
                if seconds == 0 { return RoleRequest.defaultDurationSeconds }
                guard seconds >= Int64(range.lowerBound), seconds <= Int64(range.upperBound) else {
                    throw error(field, "\(seconds) is out of range (STS accepts \(CredentialsFileParsing.durationRangeText) seconds)")
                }
                return Int(seconds)
            case .double(let seconds)?:
                guard seconds.isFinite, seconds.rounded(.towardZero) == seconds else {
                    throw error(field, "expected a whole number of seconds")
                }
                if seconds == 0 { return RoleRequest.defaultDurationSeconds }
                guard seconds >= Double(range.lowerBound), seconds <= Double(range.upperBound) else {
                    throw error(field, "\(seconds) is out of range (STS accepts \(CredentialsFileParsing.durationRangeText) seconds)")
                }
                return Int(seconds)
            case let other?:
                throw error(field, "expected a number, got \(other.typeName)")
            }
        }

        /// The optional members every role mode shares.
        func roleRequest(roleArn: String, externalId: Bool) throws(OutboundBotError) -> RoleRequest {
            RoleRequest(roleArn: roleArn,
                        sessionName: try string("ram_session_name") ?? RoleRequest.defaultSessionName,
                        durationSeconds: try durationSeconds(),
                        policy: try string("policy"),
                        externalId: externalId ? try string("external_id") : nil,
                        stsRegion: try string("sts_region"))
        }
    }
}
