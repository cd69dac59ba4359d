import OutboundBotSigner

/// The Alibaba Cloud credentials file, `~/.alibabacloud/credentials.ini`
/// (or wherever `ALIBABA_CLOUD_CREDENTIALS_FILE` points), read into a recipe.
///
/// A pure function of the file's bytes: nothing is read from disk or sent.
///
/// ```ini
/// [default]
/// type = access_key
/// access_key_id = …
/// access_key_secret = …
///
/// [client2]
/// type = ram_role_arn
/// access_key_id = …
/// access_key_secret = …
/// role_arn = acs:ram::123456789012:role/test
/// role_session_name = session_name
/// ```
///
/// Types: `access_key` (`access_key_id`, `access_key_secret`), `sts` (those
/// and `security_token`), `ram_role_arn` (a key pair, `role_arn`, and
/// optionally `role_session_name`, `policy`, `external_id`, `sts_region`,
/// `duration_seconds`), `ecs_ram_role` (optionally `role_name`) and
/// `oidc_role_arn` (`role_arn`, `oidc_provider_arn`, `oidc_token_file_path`,
/// and optionally `role_session_name`, `policy`, `sts_region`,
/// `duration_seconds`). `role_session_expiration` is accepted as another name
/// for `duration_seconds` (older SDKs wrote it); 0 means the default.
///
/// The dialect:
/// - A UTF-8 byte order mark at the start is skipped; other invalid UTF-8 is an error.
/// - Lines end at LF (a CR before it is trimmed). Whitespace around section
///   names, keys and values is trimmed.
/// - Lines whose first non-blank character is `#` or `;` are comments. There
///   are no inline comments: `key = a # b` has the value `a # b`.
/// - `[name]` starts a section (nothing may follow the `]`); a section named
///   twice continues the first. Profile names are case-sensitive.
/// - `key = value` splits at the first `=`, so values may contain `=`. One
///   pair of matching quotes (`"…"` or `'…'`) around a whole value is removed.
///   Keys are case-insensitive; an empty value is the same as no value.
/// - Any other non-blank line is an error naming the line (not its text,
///   which may hold a secret).
/// - Keys before the first section are ignored (other SDKs' INI readers
///   accept them as a global section); a "not found" error mentions them.
/// - A key given twice in the selected profile is an error; unknown keys are ignored.
/// - `enable = false` (or `0`, `no`, `off`) disables a profile: selecting it is an error.
public enum CredentialsINIFile {
    /// The values of `type` this library carries out.
    public static let supportedTypes = ["access_key", "sts", "ram_role_arn", "ecs_ram_role", "oidc_role_arn"]
    /// Types other SDKs read from this file that this library does not.
    static let unsupportedTypes = ["rsa_key_pair", "bearer", "credentials_uri", "sso", "oauth"]
    /// The profile used when none is named.
    public static let defaultProfileName = "default"

    /// The recipe of one profile of a credentials file.
    ///
    /// - Parameters:
    ///   - bytes: the whole file.
    ///   - profileName: the section to use; nil (or empty) means `default`.
    ///   - path: where the bytes came from, only for messages.
    /// - Returns: the profile used and its recipe.
    /// - Throws: an `OutboundBotError` of kind `.credentials` naming the path,
    ///   the profile and the field, never a secret.
    public static func recipe(from bytes: [UInt8], profileName: String?, path: String)
        throws(OutboundBotError) -> (profile: String, recipe: CredentialsRecipe)
    {
        let body = try CredentialsFileParsing.utf8Body(bytes, path: path)
        let document = try parse(body, path: path)
        let name = profileName.flatMap { $0.isEmpty ? nil : $0 } ?? defaultProfileName

        guard let section = document.sections.first(where: { $0.name == name }) else {
            var problem = "profile \(CredentialsFileParsing.quoted(name)) not found ("
            problem += CredentialsFileParsing.profileList(document.sections.map(\.name))
            if document.keysBeforeFirstSection > 0 {
                problem += "; \(document.keysBeforeFirstSection) key(s) before the first [section] are ignored"
            }
            problem += ")"
            throw CredentialsFileParsing.error(path, problem)
        }
        let profile = try INIProfile(section, context: "\(path): profile \(CredentialsFileParsing.quoted(name))")
        return (name, try recipe(of: profile))
    }

    // MARK: - The profile's type

    private static func recipe(of profile: INIProfile) throws(OutboundBotError) -> CredentialsRecipe {
        if let enable = profile.value("enable") {
            switch enable.lowercased() {
            case "true", "1", "yes", "on": break
            case "false", "0", "no", "off":
                throw profile.error("enable", "the profile is disabled (enable = false)")
            default:
                throw profile.error("enable", "expected true or false")
            }
        }
        let supported = supportedTypes.joined(separator: ", ")
        guard let type = profile.value("type") else {
            throw profile.error("type", "missing (supported: \(supported))")
        }
        switch type {
        case "access_key":
            let needs = "type access_key needs access_key_id and access_key_secret"
            return .accessKey(Credentials(accessKeyId: try profile.required("access_key_id", needs),
                                          accessKeySecret: try profile.required("access_key_secret", needs)))
        case "sts":
            let needs = "type sts needs access_key_id, access_key_secret and security_token"
            return .accessKey(Credentials(accessKeyId: try profile.required("access_key_id", needs),
                                          accessKeySecret: try profile.required("access_key_secret", needs),
                                          securityToken: try profile.required("security_token", needs)))
        case "ram_role_arn":
            let needs = "type ram_role_arn needs access_key_id, access_key_secret and role_arn"
            let source = Credentials(accessKeyId: try profile.required("access_key_id", needs),
                                     accessKeySecret: try profile.required("access_key_secret", needs))
            let role = RoleRequest(roleArn: try profile.required("role_arn", needs),
                                   sessionName: profile.value("role_session_name") ?? RoleRequest.defaultSessionName,
                                   durationSeconds: try profile.durationSeconds(),
                                   policy: profile.value("policy"),
                                   externalId: profile.value("external_id"),
                                   stsRegion: profile.value("sts_region"))
            return .ramRoleArn(source: .accessKey(source), role: role)
        case "ecs_ram_role":
            return .ecsRamRole(roleName: profile.value("role_name"))
        case "oidc_role_arn":
            let needs = "type oidc_role_arn needs role_arn, oidc_provider_arn and oidc_token_file_path"
            let roleArn = try profile.required("role_arn", needs)
            let providerArn = try profile.required("oidc_provider_arn", needs)
            let tokenFile = try profile.required("oidc_token_file_path", needs)
            let role = RoleRequest(roleArn: roleArn,
                                   sessionName: profile.value("role_session_name") ?? RoleRequest.defaultSessionName,
                                   durationSeconds: try profile.durationSeconds(),
                                   policy: profile.value("policy"),
                                   stsRegion: profile.value("sts_region"))
            return .oidcRoleArn(role: role, oidcProviderArn: providerArn, tokenFile: tokenFile)
        default:
            let what = unsupportedTypes.contains(type)
                ? "is not supported by this library" : "is not a known credentials type"
            throw profile.error("type", "\(CredentialsFileParsing.quoted(type)) \(what) (supported: \(supported))")
        }
    }

    // MARK: - The INI dialect

    struct Section {
        var name: String
        var entries: [(key: String, value: String, line: Int)] = []
    }

    struct Document {
        var sections: [Section] = []
        var keysBeforeFirstSection = 0
    }

    /// Splits the file into sections of key-value entries, in file order.
    static func parse(_ body: ArraySlice<UInt8>, path: String) throws(OutboundBotError) -> Document {
        var document = Document()
        var current: Int? = nil  // index into document.sections
        var lineNumber = 0
        for rawLine in body.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            lineNumber += 1
            let line = CredentialsFileParsing.trimmed(rawLine)
            guard let first = line.first, first != UInt8(ascii: "#"), first != UInt8(ascii: ";") else { continue }
            if first == UInt8(ascii: "[") {
                guard line.last == UInt8(ascii: "]"), line.count >= 2 else {
                    throw CredentialsFileParsing.error(path, "line \(lineNumber): a section header must end with ']'")
                }
                let name = String(decoding: CredentialsFileParsing.trimmed(line.dropFirst().dropLast()), as: UTF8.self)
                guard !name.isEmpty else {
                    throw CredentialsFileParsing.error(path, "line \(lineNumber): empty section name")
                }
                if let existing = document.sections.firstIndex(where: { $0.name == name }) {
                    current = existing
                } else {
                    document.sections.append(Section(name: name))
                    current = document.sections.count - 1
                }
                continue
            }
            guard let equals = line.firstIndex(of: UInt8(ascii: "=")) else {
                throw CredentialsFileParsing.error(
                    path, "line \(lineNumber): expected \"key = value\", a [section] or a comment")
            }
            let key = String(decoding: CredentialsFileParsing.trimmed(line[..<equals]), as: UTF8.self).lowercased()
            guard !key.isEmpty else {
                throw CredentialsFileParsing.error(path, "line \(lineNumber): a key is missing before '='")
            }
            var value = CredentialsFileParsing.trimmed(line[line.index(after: equals)...])
            if value.count >= 2, let open = value.first, open == value.last,
               open == UInt8(ascii: "\"") || open == UInt8(ascii: "'") {
                value = value.dropFirst().dropLast()
            }
            guard let index = current else {
                document.keysBeforeFirstSection += 1
                continue
            }
            document.sections[index].entries.append((key, String(decoding: value, as: UTF8.self), lineNumber))
        }
        return document
    }

    /// One section's values, looked up by key, with errors that name the profile.
    struct INIProfile {
        let values: [String: String]
        let context: String

        init(_ section: Section, context: String) throws(OutboundBotError) {
            self.context = context
            var values: [String: String] = [:]
            var lines: [String: Int] = [:]
            for entry in section.entries {
                if let earlier = lines[entry.key] {
                    throw OutboundBotError(.credentials,
                        "\(context): \(entry.key): given twice (lines \(earlier) and \(entry.line))")
                }
                lines[entry.key] = entry.line
                values[entry.key] = entry.value
            }
            self.values = values
        }

        func error(_ field: String, _ problem: String) -> OutboundBotError {
            OutboundBotError(.credentials, "\(context): \(field): \(problem)")
        }

        /// The value of `key`; nil when absent or empty.
        func value(_ key: String) -> String? {
            guard let value = values[key], !value.isEmpty else { return nil }
            return value
        }

        func required(_ key: String, _ needs: String) throws(OutboundBotError) -> String {
            guard let value = values[key] else { throw error(key, "missing (\(needs))") }
            guard !value.isEmpty else { throw error(key, "empty (\(needs))") }
            return value
        }

        /// `duration_seconds` or `role_session_expiration`; the default when neither (or 0).
        func durationSeconds() throws(OutboundBotError) -> Int {
            let given = ["duration_seconds", "role_session_expiration"].filter { value($0) != nil }
            guard let field = given.first, let text = value(field) else { return RoleRequest.defaultDurationSeconds }
            guard given.count == 1 else {
                throw error("duration_seconds", "given twice, as duration_seconds and role_session_expiration (give one)")
            }
            guard let seconds = Int(text) else {
                let digits = text.utf8.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
                throw error(field, digits
                    ? "out of range (STS accepts \(CredentialsFileParsing.durationRangeText) seconds)"
                    : "expected a whole number of seconds")
            }
            return try CredentialsFileParsing.checkedDuration(seconds, field: field, context: context)
        }
    }
}

/// What the two credentials-file readers share: decoding, quoting, the STS duration range.
enum CredentialsFileParsing {
    /// What STS accepts for DurationSeconds.
    static let durationRange = 900...43200
    static var durationRangeText: String { "\(durationRange.lowerBound)…\(durationRange.upperBound)" }
    /// How many profile names a "not found" message lists.
    static let listedProfilesLimit = 20

    static func error(_ path: String, _ problem: String) -> OutboundBotError {
        OutboundBotError(.credentials, "\(path): \(problem)")
    }

    /// The bytes after an optional UTF-8 byte order mark, checked to be UTF-8.
    static func utf8Body(_ bytes: [UInt8], path: String) throws(OutboundBotError) -> ArraySlice<UInt8> {
        var body = bytes[...]
        if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
        var iterator = body.makeIterator()
        var parser = Unicode.UTF8.ForwardParser()
        var offset = body.startIndex
        var line = 1
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let encoded):
                if encoded.count == 1, encoded.first == UInt8(ascii: "\n") { line += 1 }
                offset += encoded.count
            case .emptyInput:
                return body
            case .error:
                throw error(path, "not valid UTF-8 (line \(line), byte offset \(offset))")
            }
        }
    }

    /// `bytes` without ASCII blanks (space, tab, CR, VT, FF) at either end.
    static func trimmed(_ bytes: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        func isBlank(_ byte: UInt8) -> Bool { byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) }
        var slice = bytes
        while let first = slice.first, isBlank(first) { slice = slice.dropFirst() }
        while let last = slice.last, isBlank(last) { slice = slice.dropLast() }
        return slice
    }

    /// A name from the file in double quotes, escaped, at most 64 characters.
    static func quoted(_ text: String) -> String {
        var out = "\""
        var count = 0
        for scalar in text.unicodeScalars {
            if count == 64 { out += "…"; break }
            count += 1
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F:
                out += "\\u{\(String(scalar.value, radix: 16))}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    /// "profiles: a, b" (first occurrences, at most `listedProfilesLimit`), or that there are none.
    static func profileList(_ names: [String]) -> String {
        var unique: [String] = []
        for name in names where !unique.contains(name) { unique.append(name) }
        guard !unique.isEmpty else { return "the file has no profiles" }
        var text = "profiles: " + unique.prefix(listedProfilesLimit).map(quotedIfNeeded).joined(separator: ", ")
        if unique.count > listedProfilesLimit { text += ", and \(unique.count - listedProfilesLimit) more" }
        return text
    }

    /// Plain names as they are, anything unusual quoted.
    static func quotedIfNeeded(_ name: String) -> String {
        let plain = !name.isEmpty && name.count <= 64 && name.unicodeScalars.allSatisfy {
            ($0 >= "a" && $0 <= "z") || ($0 >= "A" && $0 <= "Z") || ($0 >= "0" && $0 <= "9") || "-_.@".unicodeScalars.contains($0)
        }
        return plain ? name : quoted(name)
    }

    /// `seconds` if STS accepts it; 0 means the default.
    static func checkedDuration(_ seconds: Int, field: String, context: String) throws(OutboundBotError) -> Int {
        if seconds == 0 { return RoleRequest.defaultDurationSeconds }
        guard durationRange.contains(seconds) else {
            throw OutboundBotError(.credentials,
                "\(context): \(field): \(seconds) is out of range (STS accepts \(durationRangeText) seconds)")
        }
        return seconds
    }
}
