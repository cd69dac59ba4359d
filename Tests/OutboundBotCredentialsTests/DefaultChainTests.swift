import Testing
@testable import OutboundBot
import OutboundBotSigner

/// The chain's order, what each step needs to run, and what it says when nothing answers.
struct DefaultChainTests {
    static let cliConfig = """
        {"current":"main","profiles":[{"name":"main","mode":"AK","access_key_id":"cli-id","access_key_secret":"cli-secret"}]}
        """
    static let ini = """
        [default]
        type = access_key
        access_key_id = ini-id
        access_key_secret = ini-secret
        """
    static let environmentKeys = ["ALIBABA_CLOUD_ACCESS_KEY_ID": "env-id", "ALIBABA_CLOUD_ACCESS_KEY_SECRET": "env-secret"]

    func resolve(_ environment: CredentialsEnvironment, _ configure: (inout ClientConfiguration) -> Void = { _ in })
        throws -> ProvidedCredentials {
        var configuration = ClientConfiguration()
        configure(&configuration)
        return try DefaultCredentialsChain(configuration: configuration, environment: environment).resolve().first
    }

    @Test func theConfigurationsKeyWinsOverTheChain() throws {
        let found = try resolve(world(variables: Self.environmentKeys)) {
            $0.credentials = Credentials(accessKeyId: "cfg", accessKeySecret: "s")
        }
        #expect(found.credentials.accessKeyId == "cfg")
    }

    @Test func theEnvironmentComesFirst() throws {
        let found = try resolve(world(variables: Self.environmentKeys.merging(["ALIBABA_CLOUD_SECURITY_TOKEN": "tok"]) { a, _ in a },
                                      files: ["/home/op/.aliyun/config.json": Self.cliConfig,
                                              "/home/op/.alibabacloud/credentials.ini": Self.ini]))
        #expect(found.credentials == Credentials(accessKeyId: "env-id", accessKeySecret: "env-secret", securityToken: "tok"))
        #expect(found.source == "environment (STS token)")
        #expect(found.expiresAtMilliseconds == nil)
    }

    @Test func thenTheCLIConfigThenTheCredentialsFile() throws {
        let both = try resolve(world(files: ["/home/op/.aliyun/config.json": Self.cliConfig,
                                             "/home/op/.alibabacloud/credentials.ini": Self.ini]))
        #expect(both.credentials.accessKeyId == "cli-id")
        #expect(both.source.contains("profile \"main\" in /home/op/.aliyun/config.json"))
        let iniOnly = try resolve(world(files: ["/home/op/.alibabacloud/credentials.ini": Self.ini]))
        #expect(iniOnly.credentials.accessKeyId == "ini-id")
    }

    @Test func aBrokenSourceIsLoggedAndTheChainGoesOn() throws {
        let lines = LogLines()
        let found = try resolve(world(files: ["/home/op/.aliyun/config.json": "{not json",
                                              "/home/op/.alibabacloud/credentials.ini": Self.ini])) {
            $0.log = lines.handler
        }
        #expect(found.credentials.accessKeyId == "ini-id")
        #expect(lines.all.contains { $0.hasPrefix("warning: credentials: aliyun CLI profile failed") && $0.contains("config.json") })
        #expect(lines.all.contains { $0.hasPrefix("info: credentials: using profile \"default\"") })
    }

    @Test func theProfileNameComesFromTheConfigurationThenTheEnvironment() throws {
        let config = """
            {"current":"a","profiles":[{"name":"a","mode":"AK","access_key_id":"a-id","access_key_secret":"s"},
             {"name":"b","mode":"AK","access_key_id":"b-id","access_key_secret":"s"},
             {"name":"c","mode":"AK","access_key_id":"c-id","access_key_secret":"s"}]}
            """
        let files = ["/home/op/.aliyun/config.json": config]
        #expect(try resolve(world(files: files)).credentials.accessKeyId == "a-id")
        #expect(try resolve(world(variables: ["ALIBABA_CLOUD_PROFILE": "b"], files: files)).credentials.accessKeyId == "b-id")
        #expect(try resolve(world(variables: ["ALIBABA_CLOUD_PROFILE": "b"], files: files)) { $0.profile = "c" }
            .credentials.accessKeyId == "c-id")
    }

    @Test func theCredentialsFileVariableNamesAFileThatMustExist() throws {
        let found = try resolve(world(variables: ["ALIBABA_CLOUD_CREDENTIALS_FILE": "/etc/obb.ini"],
                                      files: ["/etc/obb.ini": Self.ini]))
        #expect(found.credentials.accessKeyId == "ini-id")
        #expect {
            try resolve(world(variables: ["ALIBABA_CLOUD_CREDENTIALS_FILE": "/etc/missing.ini"]))
        } throws: { error in
            (error as? OutboundBotError)?.message.contains("/etc/missing.ini (ALIBABA_CLOUD_CREDENTIALS_FILE): does not exist") == true
        }
    }

    @Test func nothingFoundListsEveryStepAndWhatToSet() {
        let transport = ScriptedTransport.refusing
        #expect {
            try resolve(world(transport: transport))
        } throws: { error in
            guard let error = error as? OutboundBotError, error.kind == .credentials else { return false }
            return error.message.contains("ALIBABA_CLOUD_ACCESS_KEY_ID is not set")
                && error.message.contains("no /home/op/.aliyun/config.json")
                && error.message.contains("not an ECS instance")
                && error.message.contains("ALIBABA_CLOUD_CREDENTIALS_URI is not set")
                && error.message.contains("ALIBABA_CLOUD_ACCESS_KEY_SECRET")
        }
        // Off ECS the metadata step sends nothing.
        #expect(transport.sent.isEmpty)
    }

    @Test func anIncompleteEnvironmentNamesTheMissingVariable() {
        #expect {
            try resolve(world(variables: ["ALIBABA_CLOUD_ACCESS_KEY_ID": "id"])) { $0.credentialsSource = .environment }
        } throws: { error in
            (error as? OutboundBotError)?.message.contains("ALIBABA_CLOUD_ACCESS_KEY_SECRET: must be set") == true
        }
    }

    @Test func aChosenSourceIsTheOnlyOneTried() throws {
        let files = ["/home/op/.aliyun/config.json": Self.cliConfig, "/home/op/.alibabacloud/credentials.ini": Self.ini]
        let found = try resolve(world(variables: Self.environmentKeys, files: files)) { $0.credentialsSource = .credentialsFile }
        #expect(found.credentials.accessKeyId == "ini-id")
        #expect {
            try resolve(world(files: files)) { $0.credentialsSource = .staticKey }
        } throws: { error in
            (error as? OutboundBotError)?.message.contains("static-key source was chosen") == true
        }
    }

    // MARK: ECS metadata: when it runs

    static let ecsProduct = ["/sys/class/dmi/id/product_name": "Alibaba Cloud ECS\n"]

    func metadataServer() -> ScriptedTransport {
        ScriptedTransport { request in
            switch (request.method, path(request)) {
            case ("PUT", "/latest/api/token"): ok("imds-token")
            case ("GET", "/latest/meta-data/ram/security-credentials/"): ok("EcsRole\n")
            case ("GET", "/latest/meta-data/ram/security-credentials/EcsRole"):
                ok(temporaryCredentialsJSON(id: "STS.ecs", code: "Success"))
            default: ok("not found", status: 404)
            }
        }
    }

    @Test func onECSTheMetadataServiceIsAskedIMDSv2Style() throws {
        let server = metadataServer()
        let found = try resolve(world(variables: ["OBB_ECS_METADATA_ENDPOINT": "127.0.0.1:9"], files: Self.ecsProduct,
                                      transport: server))
        #expect(found.credentials.accessKeyId == "STS.ecs")
        #expect(found.source == "ECS RAM role EcsRole from the metadata service at 127.0.0.1:9")
        let sent = server.sent
        #expect(sent.map { "\($0.method) \($0.url)" } == [
            "PUT http://127.0.0.1:9/latest/api/token",
            "GET http://127.0.0.1:9/latest/meta-data/ram/security-credentials/",
            "GET http://127.0.0.1:9/latest/meta-data/ram/security-credentials/EcsRole",
        ])
        #expect(sent[0].headers.contains { $0.name == "X-aliyun-ecs-metadata-token-ttl-seconds" && $0.value == "21600" })
        #expect(sent.dropFirst().allSatisfy { $0.headers.contains { $0.name == "X-aliyun-ecs-metadata-token" && $0.value == "imds-token" } })
        #expect(sent.allSatisfy { ($0.timeoutMilliseconds ?? .max) <= 1000 })
    }

    @Test func theRoleVariableOrTheConfigurationTurnsItOnOffECS() throws {
        let server = metadataServer()
        let named = try resolve(world(variables: ["ALIBABA_CLOUD_ECS_METADATA": "EcsRole",
                                                  "OBB_ECS_METADATA_ENDPOINT": "127.0.0.1:9"], transport: server))
        #expect(named.credentials.accessKeyId == "STS.ecs")
        // The role was named, so it is not asked for.
        #expect(server.sent.count == 2)
        let asked = try resolve(world(transport: metadataServer())) {
            $0.ecsRoleName = "EcsRole"
            $0.ecsMetadataEndpoint = "[::1]:9"
        }
        #expect(asked.credentials.accessKeyId == "STS.ecs")
    }

    @Test func disabledMeansNoTrafficEvenOnECS() {
        let server = metadataServer()
        #expect(throws: OutboundBotError.self) {
            try resolve(world(variables: ["ALIBABA_CLOUD_ECS_METADATA_DISABLED": "true",
                                          "ALIBABA_CLOUD_ECS_METADATA": "EcsRole"], files: Self.ecsProduct, transport: server))
        }
        #expect(server.sent.isEmpty)
    }

    @Test func aVendorOfAlibabaCloudCountsAsECS() {
        let environment = world(files: ["/sys/class/dmi/id/sys_vendor": "Alibaba Cloud\n"])
        #expect(ECSMetadataGate.isAlibabaCloudECS(environment))
        #expect(!ECSMetadataGate.isAlibabaCloudECS(world(files: ["/sys/class/dmi/id/product_name": "KVM\n"])))
    }

    // MARK: Credentials URI

    @Test func theCredentialsURIComesLast() throws {
        let server = ScriptedTransport { _ in ok(temporaryCredentialsJSON(id: "STS.uri", code: "Success")) }
        let found = try resolve(world(variables: ["ALIBABA_CLOUD_CREDENTIALS_URI": "http://127.0.0.1:9/cred?token=abc"],
                                      transport: server))
        #expect(found.credentials.accessKeyId == "STS.uri")
        #expect(found.source == "credentials URI http://127.0.0.1:9/cred")
        #expect(found.expiresAtMilliseconds == 1_893_456_000_000)
    }

    @Test func aCredentialsURIThatIsNotHTTPIsRefusedBeforeSending() {
        let server = ScriptedTransport { _ in ok("{}") }
        #expect(throws: OutboundBotError.self) {
            try resolve(world(variables: ["ALIBABA_CLOUD_CREDENTIALS_URI": "file:///etc/passwd"], transport: server))
        }
        #expect(server.sent.isEmpty)
    }
}
