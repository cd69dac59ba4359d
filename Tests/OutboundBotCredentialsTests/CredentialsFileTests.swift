import OutboundBotSigner
import Testing
@testable import OutboundBot
import OutboundBotTestSupport

/// The aliyun CLI's config.json and the credentials INI file, read into
/// recipes: every mode and type, profile selection, and errors that name the
/// path, the profile and the field but never a secret.
struct CredentialsFileTests {
    static let cliPath = "~/.aliyun/config.json"
    static let iniPath = "~/.alibabacloud/credentials.ini"
    /// Every secret in the fixtures contains this; no message may.
    static let secret = "S3CRET-value"

    // MARK: - Helpers

    func cli(_ json: String, profile: String? = nil) throws -> (profile: String, recipe: CredentialsRecipe) {
        try AliyunCLIConfig.recipe(from: Array(json.utf8), profileName: profile, path: Self.cliPath)
    }

    func ini(_ text: String, profile: String? = nil) throws -> (profile: String, recipe: CredentialsRecipe) {
        try CredentialsINIFile.recipe(from: Array(text.utf8), profileName: profile, path: Self.iniPath)
    }

    /// The message of the error reading `bytes` throws, checked to be a
    /// credentials error that names the path and leaks no secret.
    func cliProblem(_ bytes: [UInt8], profile: String? = nil, sourceLocation: SourceLocation = #_sourceLocation) -> String? {
        do {
            let result = try AliyunCLIConfig.recipe(from: bytes, profileName: profile, path: Self.cliPath)
            Issue.record("expected an error, got \(result.recipe)", sourceLocation: sourceLocation)
            return nil
        } catch {
            check(error, path: Self.cliPath, sourceLocation: sourceLocation)
            return error.message
        }
    }

    func cliProblem(_ json: String, profile: String? = nil, sourceLocation: SourceLocation = #_sourceLocation) -> String? {
        cliProblem(Array(json.utf8), profile: profile, sourceLocation: sourceLocation)
    }

    func iniProblem(_ bytes: [UInt8], profile: String? = nil, sourceLocation: SourceLocation = #_sourceLocation) -> String? {
        do {
            let result = try CredentialsINIFile.recipe(from: bytes, profileName: profile, path: Self.iniPath)
            Issue.record("expected an error, got \(result.recipe)", sourceLocation: sourceLocation)
            return nil
        } catch {
            check(error, path: Self.iniPath, sourceLocation: sourceLocation)
            return error.message
        }
    }

    func iniProblem(_ text: String, profile: String? = nil, sourceLocation: SourceLocation = #_sourceLocation) -> String? {
        iniProblem(Array(text.utf8), profile: profile, sourceLocation: sourceLocation)
    }

    func check(_ error: OutboundBotError, path: String, sourceLocation: SourceLocation) {
        #expect(error.kind == .credentials, sourceLocation: sourceLocation)
        #expect(error.message.hasPrefix(path + ": "), "\(error.message)", sourceLocation: sourceLocation)
        #expect(!error.message.contains(Self.secret), "\(error.message)", sourceLocation: sourceLocation)
        #expect(!error.message.contains("S3CRET"), "\(error.message)", sourceLocation: sourceLocation)
    }

    /// A CLI config with `profiles` (each a JSON object's members) and an optional `current`.
    func config(current: String? = "default", _ profiles: String...) -> String {
        let head = current.map { #""current":"\#($0)","# } ?? ""
        return #"{\#(head)"profiles":[\#(profiles.map { "{\($0)}" }.joined(separator: ","))],"meta_path":""}"#
    }

    static let akPair = #""access_key_id":"AKID","access_key_secret":"S3CRET-value""#
    static let accessKey = CredentialsRecipe.accessKey(Credentials(accessKeyId: "AKID", accessKeySecret: secret))

    // MARK: - aliyun CLI: modes

    @Test func cliAccessKey() throws {
        let json = config(#""name":"default","mode":"AK",\#(Self.akPair),"sts_token":"","ram_role_name":"","expired_seconds":0,"region_id":"cn-hangzhou""#)
        let result = try cli(json)
        #expect(result.profile == "default")
        #expect(result.recipe == Self.accessKey)
    }

    @Test func cliStsToken() throws {
        let json = config(#""name":"default","mode":"StsToken",\#(Self.akPair),"sts_token":"S3CRET-token""#)
        #expect(try cli(json).recipe == .accessKey(Credentials(accessKeyId: "AKID", accessKeySecret: Self.secret,
                                                                securityToken: "S3CRET-token")))
    }

    @Test func cliRamRoleArnWithEveryField() throws {
        let json = config(#"""
            "name":"default","mode":"RamRoleArn",\#(Self.akPair),"ram_role_arn":"acs:ram::1:role/r",
            "ram_session_name":"s","expired_seconds":7200,"external_id":"ext","policy":"{\"Version\":\"1\"}",
            "sts_region":"cn-shanghai","ram_role_name":"ignored"
            """#)
        let role = RoleRequest(roleArn: "acs:ram::1:role/r", sessionName: "s", durationSeconds: 7200,
                               policy: #"{"Version":"1"}"#, externalId: "ext", stsRegion: "cn-shanghai")
        #expect(try cli(json).recipe == .ramRoleArn(source: Self.accessKey, role: role))
    }

    @Test func cliRamRoleArnDefaults() throws {
        for extra in ["", #","ram_session_name":"","expired_seconds":0,"external_id":"","policy":"","sts_region":"""#,
                      #","ram_session_name":null,"expired_seconds":null"#, #","expired_seconds":0.0"#] {
            let json = config(#""name":"default","mode":"RamRoleArn",\#(Self.akPair),"ram_role_arn":"acs:ram::1:role/r"\#(extra)"#)
            #expect(try cli(json).recipe == .ramRoleArn(source: Self.accessKey, role: RoleRequest(roleArn: "acs:ram::1:role/r")),
                    "\(extra)")
        }
        let json = config(#""name":"default","mode":"RamRoleArn",\#(Self.akPair),"ram_role_arn":"r","expired_seconds":900.0"#)
        #expect(try cli(json).recipe == .ramRoleArn(source: Self.accessKey, role: RoleRequest(roleArn: "r", durationSeconds: 900)))
    }

    @Test func cliEcsRamRole() throws {
        #expect(try cli(config(#""name":"default","mode":"EcsRamRole","ram_role_name":"EcsRole""#)).recipe
            == .ecsRamRole(roleName: "EcsRole"))
        #expect(try cli(config(#""name":"default","mode":"EcsRamRole","ram_role_name":"""#)).recipe == .ecsRamRole(roleName: nil))
        #expect(try cli(config(#""name":"default","mode":"EcsRamRole""#)).recipe == .ecsRamRole(roleName: nil))
    }

    @Test func cliOIDC() throws {
        let json = config(#"""
            "name":"default","mode":"OIDC","ram_role_arn":"acs:ram::1:role/r","oidc_provider_arn":"acs:ram::1:oidc-provider/p",
            "oidc_token_file":"/var/run/token","ram_session_name":"s","expired_seconds":43200,"sts_region":"cn-beijing"
            """#)
        let role = RoleRequest(roleArn: "acs:ram::1:role/r", sessionName: "s", durationSeconds: 43200, stsRegion: "cn-beijing")
        #expect(try cli(json).recipe == .oidcRoleArn(role: role, oidcProviderArn: "acs:ram::1:oidc-provider/p",
                                                     tokenFile: "/var/run/token"))
    }

    @Test func cliChainableRamRoleArn() throws {
        let json = config(current: "top",
            #""name":"top","mode":"ChainableRamRoleArn","source_profile":"middle","ram_role_arn":"arn-top","external_id":"x","sts_region":"cn-shenzhen""#,
            #""name":"middle","mode":"ChainableRamRoleArn","source_profile":"base","ram_role_arn":"arn-middle","ram_session_name":"m","expired_seconds":1800"#,
            #""name":"base","mode":"AK",\#(Self.akPair)"#)
        let middle = CredentialsRecipe.ramRoleArn(source: Self.accessKey,
                                                  role: RoleRequest(roleArn: "arn-middle", sessionName: "m", durationSeconds: 1800))
        let top = CredentialsRecipe.ramRoleArn(source: middle,
                                               role: RoleRequest(roleArn: "arn-top", externalId: "x", stsRegion: "cn-shenzhen"))
        #expect(try cli(json) == ("top", top))
        // Any mode can be the source.
        let ecs = config(current: "top",
            #""name":"top","mode":"ChainableRamRoleArn","source_profile":"ecs","ram_role_arn":"arn""#,
            #""name":"ecs","mode":"EcsRamRole""#)
        #expect(try cli(ecs).recipe == .ramRoleArn(source: .ecsRamRole(roleName: nil), role: RoleRequest(roleArn: "arn")))
    }

    @Test func cliSourceProfileCycles() throws {
        let cycle = config(current: "a",
            #""name":"a","mode":"ChainableRamRoleArn","source_profile":"b","ram_role_arn":"r""#,
            #""name":"b","mode":"ChainableRamRoleArn","source_profile":"a","ram_role_arn":"r""#)
        let message = try #require(cliProblem(cycle))
        #expect(message.contains("source_profile") && message.contains("cycle") && message.contains("a → b → a"), "\(message)")
        #expect(message.contains(#"profile "b" (source_profile of "a")"#), "\(message)")

        let selfCycle = config(current: "a", #""name":"a","mode":"ChainableRamRoleArn","source_profile":"a","ram_role_arn":"r""#)
        #expect(try #require(cliProblem(selfCycle)).contains("a → a"))

        // A long chain without a cycle stops at the depth limit.
        var profiles = (0..<15).map { #""name":"p\#($0)","mode":"ChainableRamRoleArn","source_profile":"p\#($0 + 1)","ram_role_arn":"r""# }
        profiles.append(#""name":"p15","mode":"AK",\#(Self.akPair)"#)
        let long = #"{"current":"p0","profiles":[\#(profiles.map { "{\($0)}" }.joined(separator: ","))]}"#
        let deep = try #require(cliProblem(long))
        #expect(deep.contains("source_profile") && deep.contains("longer than 10"), "\(deep)")
        // Ten ChainableRamRoleArn profiles are allowed, eleven are not.
        #expect(throws: Never.self) { try cli(long, profile: "p5") }
        #expect(cliProblem(long, profile: "p4")?.contains("longer than 10") == true)

        let dangling = config(current: "a", #""name":"a","mode":"ChainableRamRoleArn","source_profile":"nope","ram_role_arn":"r""#)
        #expect(cliProblem(dangling) == #"~/.aliyun/config.json: profile "a": source_profile: profile "nope" not found (profiles: a)"#)

        // An error inside the source names the source profile.
        let broken = config(current: "a",
            #""name":"a","mode":"ChainableRamRoleArn","source_profile":"b","ram_role_arn":"r""#,
            #""name":"b","mode":"AK","access_key_id":"AKID""#)
        #expect(cliProblem(broken) == #"~/.aliyun/config.json: profile "b" (source_profile of "a"): access_key_secret: missing (mode AK needs access_key_id and access_key_secret)"#)
    }

    // MARK: - aliyun CLI: selecting the profile

    @Test func cliProfileSelection() throws {
        let json = config(current: "prod",
            #""name":"default","mode":"EcsRamRole","ram_role_name":"d""#,
            #""name":"prod","mode":"EcsRamRole","ram_role_name":"p""#,
            #""name":"prod","mode":"EcsRamRole","ram_role_name":"second""#)
        #expect(try cli(json) == ("prod", .ecsRamRole(roleName: "p")))  // current; the first of two with one name
        #expect(try cli(json, profile: "default") == ("default", .ecsRamRole(roleName: "d")))
        #expect(try cli(json, profile: "") == ("prod", .ecsRamRole(roleName: "p")))  // empty is unset
        // No current (or an empty one): "default".
        let noCurrent = config(current: nil, #""name":"default","mode":"EcsRamRole""#)
        #expect(try cli(noCurrent).profile == "default")
        #expect(try cli(config(current: "", #""name":"default","mode":"EcsRamRole""#)).profile == "default")

        #expect(cliProblem(json, profile: "staging")
            == #"~/.aliyun/config.json: profile "staging" not found (profiles: default, prod)"#)
        #expect(cliProblem(config(current: "gone", #""name":"default","mode":"AK""#))
            == #"~/.aliyun/config.json: profile "gone" (the file's "current") not found (profiles: default)"#)
        #expect(cliProblem(#"{"current":"default"}"#)
            == #"~/.aliyun/config.json: profile "default" (the file's "current") not found (the file has no profiles)"#)
        #expect(cliProblem(#"{}"#) == #"~/.aliyun/config.json: profile "default" not found (the file has no profiles)"#)
        #expect(cliProblem(#"{"current":"default","profiles":[]}"#)?.hasSuffix("(the file has no profiles)") == true)
    }

    // MARK: - aliyun CLI: errors

    @Test func cliMissingFields() {
        #expect(cliProblem(config(current: "prod", #""name":"prod","mode":"AK","access_key_id":"AKID""#))
            == #"~/.aliyun/config.json: profile "prod": access_key_secret: missing (mode AK needs access_key_id and access_key_secret)"#)
        #expect(cliProblem(config(#""name":"default","mode":"AK","access_key_id":"","access_key_secret":"S3CRET-value""#))
            == #"~/.aliyun/config.json: profile "default": access_key_id: empty (mode AK needs access_key_id and access_key_secret)"#)
        #expect(cliProblem(config(#""name":"default","mode":"StsToken",\#(Self.akPair),"sts_token":"""#))?
            .contains(#"profile "default": sts_token: empty (mode StsToken needs"#) == true)
        #expect(cliProblem(config(#""name":"default","mode":"RamRoleArn",\#(Self.akPair)"#))?
            .contains("ram_role_arn: missing (mode RamRoleArn needs access_key_id, access_key_secret and ram_role_arn)") == true)
        #expect(cliProblem(config(#""name":"default","mode":"OIDC","ram_role_arn":"r","oidc_provider_arn":"p""#))?
            .contains("oidc_token_file: missing (mode OIDC needs") == true)
        #expect(cliProblem(config(#""name":"default","mode":"ChainableRamRoleArn","ram_role_arn":"r""#))?
            .contains("source_profile: missing (mode ChainableRamRoleArn needs source_profile and ram_role_arn)") == true)
    }

    @Test func cliModes() throws {
        let external = try #require(cliProblem(config(#""name":"default","mode":"External","process_command":"S3CRET-value""#)))
        #expect(external == #"~/.aliyun/config.json: profile "default": mode: "External" is not supported by this library (supported: AK, StsToken, RamRoleArn, EcsRamRole, OIDC, ChainableRamRoleArn)"#)
        for mode in ["RsaKeyPair", "CredentialsURI", "CloudSSO", "OAuth"] {
            #expect(cliProblem(config(#""name":"default","mode":"\#(mode)""#))?.contains(#"mode: "\#(mode)" is not supported"#) == true)
        }
        let foo = try #require(cliProblem(config(#""name":"default","mode":"Foo""#)))
        #expect(foo.contains(#"mode: "Foo" is not a mode of the aliyun CLI (supported: AK, StsToken,"#), "\(foo)")
        #expect(cliProblem(config(#""name":"default","mode":"ak",\#(Self.akPair)"#))?.hasSuffix("did you mean AK?") == true)
        #expect(cliProblem(config(#""name":"default",\#(Self.akPair)"#))
            == #"~/.aliyun/config.json: profile "default": mode: missing (supported: AK, StsToken, RamRoleArn, EcsRamRole, OIDC, ChainableRamRoleArn)"#)
        #expect(cliProblem(config(#""name":"default","mode":3"#))?.hasSuffix("mode: expected a string, got integer") == true)
    }

    @Test func cliWrongTypes() {
        let role = #""name":"default","mode":"RamRoleArn",\#(Self.akPair),"ram_role_arn":"r""#
        #expect(cliProblem(config(role + #","expired_seconds":"3600""#))
            == #"~/.aliyun/config.json: profile "default": expired_seconds: expected a number, got string"#)
        #expect(cliProblem(config(role + #","expired_seconds":true"#))?.hasSuffix("expired_seconds: expected a number, got boolean") == true)
        #expect(cliProblem(config(role + #","ram_session_name":[]"#))?.hasSuffix("ram_session_name: expected a string, got array") == true)
        #expect(cliProblem(config(#""name":"default","mode":"AK","access_key_id":"AKID","access_key_secret":12345"#))
            == #"~/.aliyun/config.json: profile "default": access_key_secret: expected a string, got integer"#)
        #expect(cliProblem(#"{"current":5,"profiles":[]}"#) == "~/.aliyun/config.json: current: expected a string, got integer")
        #expect(cliProblem(#"{"profiles":{}}"#) == "~/.aliyun/config.json: profiles: expected an array, got object")
        #expect(cliProblem(#"{"profiles":[{"name":"default","mode":"EcsRamRole"},7]}"#)
            == "~/.aliyun/config.json: profiles[1]: expected an object, got integer")
        #expect(cliProblem(#"{"profiles":[{"mode":"AK"}]}"#) == "~/.aliyun/config.json: profiles[0].name: missing")
        #expect(cliProblem(#"{"profiles":[{"name":1}]}"#) == "~/.aliyun/config.json: profiles[0].name: expected a string, got integer")
        #expect(cliProblem(#"["profiles"]"#) == "~/.aliyun/config.json: expected a JSON object at the top level, got array")
    }

    @Test func cliDurationRange() throws {
        let role = #""name":"default","mode":"RamRoleArn",\#(Self.akPair),"ram_role_arn":"r","expired_seconds":"#
        for bad in ["899", "43201", "-1", "-9223372036854775808", "9223372036854775807"] {
            #expect(cliProblem(config(role + bad))
                == #"~/.aliyun/config.json: profile "default": expired_seconds: \#(bad) is out of range (STS accepts 900…43200 seconds)"#)
        }
        for huge in ["99999999999999999999999999", "1e300", "-1e300", "43200.5e3"] {
            #expect(cliProblem(config(role + huge))?.contains("expired_seconds: ") == true, "\(huge)")
            #expect(cliProblem(config(role + huge))?.contains("out of range") == true, "\(huge)")
        }
        #expect(cliProblem(config(role + "1.5"))?.hasSuffix("expired_seconds: expected a whole number of seconds") == true)
        #expect(try cli(config(role + "900")).recipe == .ramRoleArn(source: Self.accessKey, role: RoleRequest(roleArn: "r", durationSeconds: 900)))
    }

    @Test func cliNotJSONOrNotUTF8() throws {
        let broken = #"{"profiles":[{"name":"default","mode":"AK","access_key_secret":"S3CRET-value""#
        let message = try #require(cliProblem(broken))
        #expect(message.hasPrefix("~/.aliyun/config.json: not valid JSON ("), "\(message)")
        #expect(cliProblem("")?.hasPrefix("~/.aliyun/config.json: not valid JSON") == true)
        #expect(cliProblem([0x7B, 0x22, 0xC3, 0x28, 0x22]) == "~/.aliyun/config.json: not valid UTF-8 (line 1, byte offset 2)")
        #expect(cliProblem(Array("{\n\"a\":\"S3CRET-value".utf8) + [0xFF])
            == "~/.aliyun/config.json: not valid UTF-8 (line 2, byte offset 19)")
    }

    @Test func cliByteOrderMark() throws {
        let json = config(#""name":"default","mode":"AK",\#(Self.akPair)"#)
        #expect(try AliyunCLIConfig.recipe(from: [0xEF, 0xBB, 0xBF] + Array(json.utf8), profileName: nil, path: Self.cliPath).recipe
            == Self.accessKey)
    }

    @Test func cliProfileNamesInMessagesAreEscaped() throws {
        let message = try #require(cliProblem(config(#""name":"a","mode":"AK""#), profile: "x\"\n" + String(repeating: "y", count: 100)))
        #expect(message.hasPrefix(#"~/.aliyun/config.json: profile "x\"\u{a}yyy"#), "\(message)")
        #expect(message.contains("…\" not found"), "\(message)")
    }

    // MARK: - credentials INI: types

    static let iniSample = """
        [default]
        enable = true
        type = access_key
        access_key_id = AKID
        access_key_secret = S3CRET-value

        [client1]
        type = ecs_ram_role
        role_name = EcsRamRoleTest

        [client2]
        type = ram_role_arn
        access_key_id = AKID
        access_key_secret = S3CRET-value
        role_arn = acs:ram::123456789012:role/test
        role_session_name = session_name
        policy = {"Statement":[{"Action":["*"],"Effect":"Allow","Resource":["*"]}],"Version":"1"}
        external_id = ext-1
        sts_region = cn-shanghai
        duration_seconds = 1800

        [client3]
        type = oidc_role_arn
        role_arn = acs:ram::123456789012:role/oidc
        oidc_provider_arn = acs:ram::123456789012:oidc-provider/p
        oidc_token_file_path = /path/token
        role_session_name = oidc-session
        role_session_expiration = 7200

        [client4]
        type = sts
        access_key_id = AKID
        access_key_secret = S3CRET-value
        security_token = S3CRET-token

        [client5]
        type = ecs_ram_role
        """

    @Test func iniTypes() throws {
        #expect(try ini(Self.iniSample) == ("default", Self.accessKey))
        #expect(try ini(Self.iniSample, profile: "") == ("default", Self.accessKey))
        #expect(try ini(Self.iniSample, profile: "client1") == ("client1", .ecsRamRole(roleName: "EcsRamRoleTest")))
        #expect(try ini(Self.iniSample, profile: "client5").recipe == .ecsRamRole(roleName: nil))
        let role = RoleRequest(roleArn: "acs:ram::123456789012:role/test", sessionName: "session_name", durationSeconds: 1800,
                               policy: #"{"Statement":[{"Action":["*"],"Effect":"Allow","Resource":["*"]}],"Version":"1"}"#,
                               externalId: "ext-1", stsRegion: "cn-shanghai")
        #expect(try ini(Self.iniSample, profile: "client2").recipe == .ramRoleArn(source: Self.accessKey, role: role))
        let oidc = RoleRequest(roleArn: "acs:ram::123456789012:role/oidc", sessionName: "oidc-session", durationSeconds: 7200)
        #expect(try ini(Self.iniSample, profile: "client3").recipe
            == .oidcRoleArn(role: oidc, oidcProviderArn: "acs:ram::123456789012:oidc-provider/p", tokenFile: "/path/token"))
        #expect(try ini(Self.iniSample, profile: "client4").recipe
            == .accessKey(Credentials(accessKeyId: "AKID", accessKeySecret: Self.secret, securityToken: "S3CRET-token")))
    }

    @Test func iniRoleDefaults() throws {
        let text = "[default]\ntype = ram_role_arn\naccess_key_id = AKID\naccess_key_secret = S3CRET-value\nrole_arn = r\nrole_session_name =\npolicy=\n"
        #expect(try ini(text).recipe == .ramRoleArn(source: Self.accessKey, role: RoleRequest(roleArn: "r")))
        #expect(try ini(text + "duration_seconds = 0").recipe == .ramRoleArn(source: Self.accessKey, role: RoleRequest(roleArn: "r")))
    }

    // MARK: - credentials INI: the dialect

    @Test func iniCommentsWhitespaceAndEquals() throws {
        let text = "# a comment\r\n; another\r\n\r\n  [ prod ]  \r\n\tTYPE\t=\taccess_key \r\n"
            + "   # indented comment\r\naccess_key_id=AKID\r\naccess_key_secret =  S3CRET-value==a=b  \r\nregion_id = x # not a comment\r\n"
        #expect(try ini(text, profile: "prod").recipe
            == .accessKey(Credentials(accessKeyId: "AKID", accessKeySecret: "S3CRET-value==a=b")))
    }

    @Test func iniQuotesBomAndMergedSections() throws {
        let text = "[default]\ntype = \"access_key\"\naccess_key_id = 'AKID'\n[other]\ntype = ecs_ram_role\n[default]\naccess_key_secret = \"S3CRET-value\"\n"
        #expect(try ini(text).recipe == Self.accessKey)
        #expect(try CredentialsINIFile.recipe(from: [0xEF, 0xBB, 0xBF] + Array(text.utf8), profileName: nil, path: Self.iniPath).recipe
            == Self.accessKey)
        // A lone quote, or quotes that do not match, stay.
        #expect(try ini("[default]\ntype = ecs_ram_role\nrole_name = \"a'\n").recipe == .ecsRamRole(roleName: "\"a'"))
        #expect(try ini("[default]\ntype = ecs_ram_role\nrole_name = \"\n").recipe == .ecsRamRole(roleName: "\""))
    }

    @Test func iniKeysBeforeAnySectionAreIgnored() throws {
        let text = "access_key_id = AKID\naccess_key_secret = S3CRET-value\n[default]\ntype = ecs_ram_role\n"
        #expect(try ini(text).recipe == .ecsRamRole(roleName: nil))
        #expect(iniProblem("type = access_key\naccess_key_id = AKID\n")
            == #"~/.alibabacloud/credentials.ini: profile "default" not found (the file has no profiles; 2 key(s) before the first [section] are ignored)"#)
    }

    @Test func iniMalformedLines() {
        #expect(iniProblem("[default]\ntype = access_key\naccess_key_secret S3CRET-value\n")
            == #"~/.alibabacloud/credentials.ini: line 3: expected "key = value", a [section] or a comment"#)
        #expect(iniProblem("[default\ntype = access_key\n")
            == "~/.alibabacloud/credentials.ini: line 1: a section header must end with ']'")
        #expect(iniProblem("[ ]\n") == "~/.alibabacloud/credentials.ini: line 1: empty section name")
        #expect(iniProblem("[default]\n = S3CRET-value\n") == "~/.alibabacloud/credentials.ini: line 2: a key is missing before '='")
        #expect(iniProblem("[default]\ntype = access_key\naccess_key_id = a\naccess_key_id = b\n")
            == #"~/.alibabacloud/credentials.ini: profile "default": access_key_id: given twice (lines 3 and 4)"#)
        // Only the selected profile's repeated keys matter.
        #expect(throws: Never.self) { try ini("[a]\nx = 1\nx = 2\n[default]\ntype = ecs_ram_role\n") }
    }

    // MARK: - credentials INI: selecting the profile, errors

    @Test func iniProfileSelectionAndEnable() throws {
        #expect(iniProblem(Self.iniSample, profile: "client9")
            == #"~/.alibabacloud/credentials.ini: profile "client9" not found (profiles: default, client1, client2, client3, client4, client5)"#)
        #expect(iniProblem("") == #"~/.alibabacloud/credentials.ini: profile "default" not found (the file has no profiles)"#)
        #expect(iniProblem("[Default]\ntype = ecs_ram_role\n")?.contains(#"profile "default" not found (profiles: Default)"#) == true)

        func profile(enable: String) -> String {
            "[default]\nenable = \(enable)\ntype = access_key\naccess_key_id = AKID\naccess_key_secret = S3CRET-value\n"
        }
        #expect(iniProblem(profile(enable: "false"))
            == #"~/.alibabacloud/credentials.ini: profile "default": enable: the profile is disabled (enable = false)"#)
        #expect(iniProblem(profile(enable: "No"))?.contains("disabled") == true)
        #expect(iniProblem(profile(enable: "maybe"))?.hasSuffix("enable: expected true or false") == true)
        #expect(try ini(profile(enable: "TRUE")).recipe == Self.accessKey)
    }

    @Test func iniTypeErrors() throws {
        #expect(iniProblem("[default]\naccess_key_id = AKID\n")
            == #"~/.alibabacloud/credentials.ini: profile "default": type: missing (supported: access_key, sts, ram_role_arn, ecs_ram_role, oidc_role_arn)"#)
        #expect(iniProblem("[default]\ntype = rsa_key_pair\n")
            == #"~/.alibabacloud/credentials.ini: profile "default": type: "rsa_key_pair" is not supported by this library (supported: access_key, sts, ram_role_arn, ecs_ram_role, oidc_role_arn)"#)
        #expect(iniProblem("[default]\ntype = magic\n")?.contains(#"type: "magic" is not a known credentials type (supported: "#) == true)
    }

    @Test func iniMissingFields() {
        #expect(iniProblem("[prod]\ntype = access_key\naccess_key_id = AKID\n", profile: "prod")
            == #"~/.alibabacloud/credentials.ini: profile "prod": access_key_secret: missing (type access_key needs access_key_id and access_key_secret)"#)
        #expect(iniProblem("[default]\ntype = access_key\naccess_key_id =\naccess_key_secret = S3CRET-value\n")
            == #"~/.alibabacloud/credentials.ini: profile "default": access_key_id: empty (type access_key needs access_key_id and access_key_secret)"#)
        #expect(iniProblem("[default]\ntype = sts\naccess_key_id = AKID\naccess_key_secret = S3CRET-value\n")?
            .hasSuffix("security_token: missing (type sts needs access_key_id, access_key_secret and security_token)") == true)
        #expect(iniProblem("[default]\ntype = ram_role_arn\naccess_key_id = AKID\naccess_key_secret = S3CRET-value\n")?
            .hasSuffix("role_arn: missing (type ram_role_arn needs access_key_id, access_key_secret and role_arn)") == true)
        #expect(iniProblem("[default]\ntype = oidc_role_arn\nrole_arn = r\noidc_token_file_path = /t\n")?
            .hasSuffix("oidc_provider_arn: missing (type oidc_role_arn needs role_arn, oidc_provider_arn and oidc_token_file_path)") == true)
    }

    @Test func iniDurations() {
        let head = "[default]\ntype = ram_role_arn\naccess_key_id = AKID\naccess_key_secret = S3CRET-value\nrole_arn = r\n"
        #expect(iniProblem(head + "duration_seconds = 60")
            == #"~/.alibabacloud/credentials.ini: profile "default": duration_seconds: 60 is out of range (STS accepts 900…43200 seconds)"#)
        #expect(iniProblem(head + "role_session_expiration = 43201")?.hasSuffix("role_session_expiration: 43201 is out of range (STS accepts 900…43200 seconds)") == true)
        #expect(iniProblem(head + "duration_seconds = -5")?.contains("duration_seconds: -5 is out of range") == true)
        #expect(iniProblem(head + "duration_seconds = 99999999999999999999999999")?
            .hasSuffix("duration_seconds: out of range (STS accepts 900…43200 seconds)") == true)
        #expect(iniProblem(head + "duration_seconds = 1h")?.hasSuffix("duration_seconds: expected a whole number of seconds") == true)
        #expect(iniProblem(head + "duration_seconds = 3600\nrole_session_expiration = 3600")?
            .contains("duration_seconds: given twice, as duration_seconds and role_session_expiration") == true)
    }

    @Test func iniNotUTF8() {
        #expect(iniProblem(Array("[default]\naccess_key_secret = S3CRET-value".utf8) + [0xC0, 0x80])
            == "~/.alibabacloud/credentials.ini: not valid UTF-8 (line 2, byte offset 42)")
        #expect(iniProblem([0xEF, 0xBB]) == "~/.alibabacloud/credentials.ini: not valid UTF-8 (line 1, byte offset 0)")
    }

    // MARK: - Garbage never traps

    @Test func garbageGivesErrorsNotTraps() {
        var generator = SplitMix64(seed: 0x5EED)
        let alphabet = Array("{}[]\":,=#;\n\r \t0123456789.-eEabcdefAKprofilesnamemodecurrent".utf8) + [0x00, 0xFF, 0xC3, 0xEF, 0xBB, 0xBF]
        for round in 0..<2000 {
            let count = Int(generator.next() % 200)
            let bytes = (0..<count).map { _ in
                round.isMultiple(of: 2) ? UInt8(truncatingIfNeeded: generator.next()) : alphabet[Int(generator.next() % UInt64(alphabet.count))]
            }
            for profile in [nil, "default", "a"] as [String?] {
                do { _ = try AliyunCLIConfig.recipe(from: bytes, profileName: profile, path: "p") } catch { #expect(error.kind == .credentials) }
                do { _ = try CredentialsINIFile.recipe(from: bytes, profileName: profile, path: "p") } catch { #expect(error.kind == .credentials) }
            }
        }
        // Deep nesting and very long input.
        for bytes in [Array(repeating: UInt8(ascii: "["), count: 100_000), Array(repeating: UInt8(ascii: "{"), count: 10_000),
                      Array(#"{"profiles":"#.utf8) + Array(repeating: UInt8(ascii: "["), count: 5_000),
                      Array(repeating: UInt8(ascii: "="), count: 100_000), Array(repeating: UInt8(ascii: "\n"), count: 100_000)] {
            #expect(throws: OutboundBotError.self) { try AliyunCLIConfig.recipe(from: bytes, profileName: nil, path: "p") }
            #expect(throws: OutboundBotError.self) { try CredentialsINIFile.recipe(from: bytes, profileName: nil, path: "p") }
        }
    }
}
