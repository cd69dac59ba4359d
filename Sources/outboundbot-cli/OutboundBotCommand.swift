import ArgumentParser
import OutboundBot
import OutboundBotSigner

/// `outboundbot <Action> --Param value ...`, in the form of the aliyun CLI.
@main
struct OutboundBotCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "outboundbot",
        abstract: "Call the Alibaba Cloud OutboundBot API (version \(OutboundBotAPI.version)).",
        discussion: """
            Any action of the API, with its parameters in the form of the aliyun CLI:

              outboundbot CreateInstance --InstanceName 第一个实例 --MaxConcurrentConversation 4 --CallingNumber.1 95187
              outboundbot ListInstances --PageSize 50 --pager

            `outboundbot help` lists the actions; `outboundbot <Action> --help` lists an action's \
            parameters with their types. Parameters are checked against the API's catalogue before \
            anything is sent. --pager merges every page of a list action into one JSON document. \
            Credentials come from --access-key-id and --access-key-secret when given; otherwise \
            from the default chain: ALIBABA_CLOUD_ACCESS_KEY_ID/_SECRET/_SECURITY_TOKEN, the OIDC \
            variables, the aliyun CLI's ~/.aliyun/config.json (--profile), \
            ~/.alibabacloud/credentials.ini, the ECS RAM role (on ECS only), \
            ALIBABA_CLOUD_CREDENTIALS_URI. --trace shows which one answered.

            On success the service's JSON answer is printed on stdout (exit 0). On failure a JSON \
            object with Code, Message, RequestId and HttpStatus is printed on stderr, and the exit \
            status says who should act: \(ExitStatus.summary).
            """,
        version: OutboundBotClient.version,
        // `--help` and `-h` are read with the action's parameters: after an action
        // they ask for that action's help (see CommandLineRequest).
        helpNames: []
    )

    @Option(help: "Region id; the endpoint is outboundbot.<region>.aliyuncs.com.")
    var region: String = ClientConfiguration.defaultRegion

    @Option(help: "Endpoint host[:port], overriding the region's.")
    var endpoint: String?

    @Option(name: .customLong("protocol"), help: "https or http.")
    var scheme: ClientConfiguration.Scheme = .https

    @Option(help: "v3 (ACS3-HMAC-SHA256) or v1 (HMAC-SHA1).")
    var signatureVersion: SignatureVersion = .v3

    @Option(help: "AccessKey id (default: $ALIBABA_CLOUD_ACCESS_KEY_ID).")
    var accessKeyId: String?

    @Option(help: "AccessKey secret (default: $ALIBABA_CLOUD_ACCESS_KEY_SECRET). Prefer the variable: options show in ps.")
    var accessKeySecret: String?

    @Option(help: "STS security token (default: $ALIBABA_CLOUD_SECURITY_TOKEN).")
    var stsToken: String?

    @Option(help: "Profile in ~/.aliyun/config.json or ~/.alibabacloud/credentials.ini (default: $ALIBABA_CLOUD_PROFILE, else the file's).")
    var profile: String?

    @Option(help: "STS endpoint host[:port] for role credentials (default: $OBB_STS_ENDPOINT, else sts.<region>.aliyuncs.com).")
    var stsEndpoint: String?

    @Flag(help: "Write the library's log lines (redacted) to stderr.")
    var trace = false

    @Option(help: "PEM file of CA certificates to verify the server with.")
    var caFile: String?

    @Option(help: "Connect timeout in seconds.")
    var connectTimeout: Double = Double(ClientConfiguration.defaultConnectTimeoutMilliseconds) / 1000

    @Option(help: "Read timeout in seconds: one attempt's bound.")
    var readTimeout: Double = Double(ClientConfiguration.defaultReadTimeoutMilliseconds) / 1000

    @Option(help: "Retries after the first attempt (0 turns them off). Retried: failures that never reached the service, throttling, and for read-only actions 5xx and timeouts; an ambiguous CreateInstance is looked up first.")
    var retries: Int = RetryPolicy.defaultMaxAttempts - 1

    @Option(help: "The whole call's deadline in seconds, retries included (default: room for every retry).")
    var deadline: Double?

    @Option(help: "Proxy URL, e.g. http://127.0.0.1:8888 (default: $https_proxy, $http_proxy, $ALL_PROXY with $NO_PROXY; \"\" for none).")
    var proxy: String?

    @Argument(parsing: .allUnrecognized,
              help: "The action and its parameters: <Action> --Name value ... [--pager]; or help [<Action>].")
    var actionAndParameters: [String] = []

    func run() throws {
        let outcome: Result<[UInt8], OutboundBotError>
        do throws(OutboundBotError) {
            switch try CommandLineRequest(actionAndParameters) {
            case .generalHelp:
                Output.writeText(ActionHelp.general(options: Self.helpMessage()))
                return
            case .actionHelp(let action):
                Output.writeText(ActionHelp.action(action))
                return
            case .call(let call):
                let client = try OutboundBotClient(configuration: try clientConfiguration())
                outcome = call.run(on: client)
            }
        } catch {
            outcome = .failure(error)
        }
        switch outcome {
        case .success(let body):
            Output.writeStandardOutput(body)
        case .failure(let error):
            Output.writeFailure(error)
            throw ExitCode(ExitStatus.of(error.kind).rawValue)
        }
    }

    private func clientConfiguration() throws(OutboundBotError) -> ClientConfiguration {
        var configuration = ClientConfiguration()
        configuration.region = region
        configuration.endpoint = endpoint
        configuration.scheme = scheme
        configuration.signatureVersion = signatureVersion
        if accessKeyId != nil || accessKeySecret != nil || stsToken != nil {
            guard let accessKeyId, let accessKeySecret else {
                throw OutboundBotError(.credentials, "--access-key-id and --access-key-secret must be given together")
            }
            configuration.credentials = Credentials(accessKeyId: accessKeyId, accessKeySecret: accessKeySecret,
                                                    securityToken: stsToken)
        }
        configuration.connectTimeoutMilliseconds = try milliseconds(connectTimeout, option: "--connect-timeout")
        configuration.readTimeoutMilliseconds = try milliseconds(readTimeout, option: "--read-timeout")
        guard (0..<RetryPolicy.attemptsLimit).contains(retries) else {
            throw .invalidArgument(field: "--retries", "must be from 0 to \(RetryPolicy.attemptsLimit - 1)")
        }
        configuration.retryPolicy.maxAttempts = retries + 1
        if let deadline {
            configuration.deadlineMilliseconds = Int64(try milliseconds(deadline, option: "--deadline"))
        }
        configuration.proxy = proxy
        configuration.caFile = caFile
        configuration.profile = profile
        configuration.stsEndpoint = stsEndpoint
        if trace {
            configuration.log = LogHandler(level: .debug) { level, message in
                Output.writeTrace("[outboundbot \(level.name)] \(message)")
            }
        }
        return configuration
    }

    private func milliseconds(_ seconds: Double, option: String) throws(OutboundBotError) -> UInt32 {
        let value = (seconds * 1000).rounded()
        guard value.isFinite, value >= 1, value <= Double(UInt32.max) else {
            throw .invalidArgument(field: option, "must be a number of seconds between 0.001 and 4294967")
        }
        return UInt32(value)
    }
}

extension ClientConfiguration.Scheme: ExpressibleByArgument {}
extension SignatureVersion: ExpressibleByArgument {}
