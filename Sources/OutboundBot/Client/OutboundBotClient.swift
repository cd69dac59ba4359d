import COutboundBotHeader
import OutboundBotSigner

#if canImport(Glibc)
import Glibc
#endif

/// An OutboundBot client: endpoint, credentials, signer and transport.
///
/// Immutable after `init`, so one client is shared by any number of threads;
/// concurrency is the transport's (each call uses its own pooled connection).
public final class OutboundBotClient: Sendable {
    /// "MAJOR.MINOR.PATCH" from include/outboundbot.h, the single source of the version.
    public static let version = OBB_VERSION_STRING

    public let configuration: ClientConfiguration
    private let credentials: CredentialSupply
    private let transport: any HTTPTransport
    private let clock: @Sendable () -> Int64
    private let makeNonce: @Sendable () -> String

    /// A client on libcurl, with the system clock and cryptographic nonces.
    /// Credentials come from `configuration` (see
    /// `ClientConfiguration.CredentialsSource`): a fixed key, or the default
    /// chain, which may read files and ask STS or the metadata service now.
    public convenience init(configuration: ClientConfiguration) throws(OutboundBotError) {
        try Self.validate(configuration)
        var userAgent = "liboutboundbot/\(Self.version) \(CurlTransport.libcurlVersion)"
        if let suffix = configuration.userAgentSuffix, !suffix.isEmpty { userAgent += " " + suffix }
        var options = CurlTransportOptions(
            scheme: configuration.scheme.rawValue,
            connectTimeoutMilliseconds: configuration.connectTimeoutMilliseconds,
            readTimeoutMilliseconds: configuration.readTimeoutMilliseconds,
            caFile: configuration.caFile,
            userAgent: userAgent)
        options.maxIdleConnections = configuration.maxIdleConnections
        options.maxResponseBytes = configuration.maxResponseBytes
        let transport = try CurlTransport(options: options)

        // Credential endpoints: STS over the client's scheme, the metadata
        // service over HTTP, a credentials URI over either; few connections.
        var credentialOptions = options
        credentialOptions.scheme = "http,https"
        credentialOptions.maxIdleConnections = 2
        credentialOptions.maxResponseBytes = 1 << 20
        let environment = CredentialsEnvironment.process(transport: try CurlTransport(options: credentialOptions))
        let (provider, first) = try DefaultCredentialsChain(configuration: configuration, environment: environment).resolve()
        try self.init(configuration: configuration,
                      credentials: CredentialSupply(provider: provider, first: first,
                                                    nowMilliseconds: environment.nowMilliseconds, log: configuration.log),
                      transport: transport, clock: { Int64(time(nil)) }, nonce: { SigningContext.randomNonce() })
    }

    /// A client with every dependency given: the seam tests use to fix the
    /// clock and nonce or to send through another transport.
    public convenience init(configuration: ClientConfiguration, credentials: Credentials, transport: any HTTPTransport,
                            clock: @escaping @Sendable () -> Int64, nonce: @escaping @Sendable () -> String) throws(OutboundBotError) {
        try Self.validate(configuration)
        try self.init(configuration: configuration, credentials: .fixed(credentials), transport: transport,
                      clock: clock, nonce: nonce)
    }

    /// A client whose credentials come from `credentialsProvider` and are
    /// refreshed before they expire (by `nowMilliseconds`); fetches the first
    /// ones now.
    public convenience init(configuration: ClientConfiguration, credentialsProvider: any CredentialsProvider,
                            nowMilliseconds: @escaping @Sendable () -> Int64, transport: any HTTPTransport,
                            clock: @escaping @Sendable () -> Int64, nonce: @escaping @Sendable () -> String) throws(OutboundBotError) {
        try Self.validate(configuration)
        let first = try credentialsProvider.fetch()
        try self.init(configuration: configuration,
                      credentials: CredentialSupply(provider: credentialsProvider, first: first,
                                                    nowMilliseconds: nowMilliseconds, log: configuration.log),
                      transport: transport, clock: clock, nonce: nonce)
    }

    private init(configuration: ClientConfiguration, credentials: CredentialSupply, transport: any HTTPTransport,
                 clock: @escaping @Sendable () -> Int64, nonce: @escaping @Sendable () -> String) throws(OutboundBotError) {
        if case .fixed(let fixed) = credentials {
            try Validation.checkCredentials(fixed)
        }
        self.configuration = configuration
        self.credentials = credentials
        self.transport = transport
        self.clock = clock
        self.makeNonce = nonce
    }

    /// Runs a typed action: its own checks, then the one call path.
    public func call<Action: OutboundBotAction>(_ action: Action) -> Result<Action.Output, OutboundBotError> {
        do throws(OutboundBotError) {
            try action.validate()
        } catch {
            return .failure(error)
        }
        return call(action.request, payload: Action.Payload.self).map(Action.output(from:))
    }

    /// Runs any catalogued action and returns its answer's envelope and body.
    public func call(_ request: OutboundBotRequest) -> Result<OutboundBotResponse, OutboundBotError> {
        call(request, payload: NoPayload.self).map(\.response)
    }

    /// The one path every call takes: validate against the catalogue (once),
    /// flatten, then sign, send and decode. `payload` is what a typed caller
    /// reads from the same parse of the answer.
    public func call<Payload: ResponsePayload>(
        _ request: OutboundBotRequest, payload: Payload.Type
    ) -> Result<ServiceAnswer<Payload>, OutboundBotError> {
        let validated: ValidatedRequest
        do throws(OutboundBotError) {
            validated = try RequestValidator.validate(request)
        } catch {
            return .failure(error)
        }
        return perform(validated, flat: ParameterFlattener.flatten(validated), payload: payload)
    }

    /// Signs afresh (new date and nonce), sends and decodes. One attempt;
    /// `attempts` in the answer or the error is the true count.
    private func perform<Payload: ResponsePayload>(
        _ request: ValidatedRequest, flat: FlatParameters, payload: Payload.Type
    ) -> Result<ServiceAnswer<Payload>, OutboundBotError> {
        let credentials: Credentials
        do throws(OutboundBotError) {
            credentials = try self.credentials.current()
        } catch {
            return .failure(error)
        }
        let rpcCall = RPCCall(method: request.action.method.rawValue, host: configuration.resolvedEndpoint,
                              action: request.action.name, version: OutboundBotAPI.version,
                              parameters: flat.query, bodyParameters: flat.body)
        let signed = configuration.signatureVersion.sign(
            rpcCall, credentials: credentials, context: SigningContext(secondsSince1970: clock(), nonce: makeNonce()))
        let httpRequest = HTTPRequest(
            method: signed.method,
            url: "\(configuration.scheme.rawValue)://\(configuration.resolvedEndpoint)/?\(signed.query)",
            headers: signed.headers.filter { $0.name.lowercased() != "host" },
            body: signed.body)
        let attempts = 1
        return transport.send(httpRequest)
            .flatMap { ResponseDecoder.decode($0, payload: payload) }
            .map { answer in
                var answer = answer
                answer.response.attempts = attempts
                return answer
            }
            .mapError { error in
                var error = error
                error.attempts = attempts
                // A server or proxy may echo the request back; none of our secrets leave in a message.
                error.message = Redaction.removing([credentials.accessKeySecret, credentials.securityToken], from: error.message)
                return error
            }
    }

    /// Creates an instance; see `CreateInstanceRequest`.
    public func createInstance(_ request: CreateInstanceRequest) throws(OutboundBotError) -> CreateInstanceResponse {
        try call(request).get()
    }

    private static func validate(_ configuration: ClientConfiguration) throws(OutboundBotError) {
        try Validation.checkEndpoint(configuration.region, field: "region")
        if configuration.region.contains(":") {
            throw .invalidArgument(field: "region", "must be a region id such as cn-shanghai")
        }
        if let endpoint = configuration.endpoint {
            try Validation.checkEndpoint(endpoint, field: "endpoint")
        }
        if let suffix = configuration.userAgentSuffix {
            try Validation.checkSingleLine(suffix, field: "user_agent_suffix")
        }
        if let caFile = configuration.caFile {
            try Validation.checkSingleLine(caFile, field: "ca_file")
            if caFile.isEmpty { throw .invalidArgument(field: "ca_file", "must not be empty") }
        }
        if let credentials = configuration.credentials {
            try Validation.checkCredentials(credentials)
        }
        if let profile = configuration.profile {
            try Validation.checkSingleLine(profile, field: "profile")
            if profile.isEmpty { throw .invalidArgument(field: "profile", "must not be empty") }
        }
        if let stsEndpoint = configuration.stsEndpoint {
            try Validation.checkEndpoint(stsEndpoint, field: "sts_endpoint")
        }
        if let metadataEndpoint = configuration.ecsMetadataEndpoint {
            try Validation.checkEndpoint(metadataEndpoint, field: "ecs_metadata_endpoint")
        }
        if let roleName = configuration.ecsRoleName {
            try Validation.checkSingleLine(roleName, field: "ecs_role_name")
            if roleName.isEmpty || roleName.contains("/") {
                throw .invalidArgument(field: "ecs_role_name", "must be a role name (not empty, no '/')")
            }
        }
        if !(1...60_000).contains(configuration.ecsMetadataTimeoutMilliseconds) {
            throw .invalidArgument(field: "ecs_metadata_timeout_ms", "must be from 1 to 60000")
        }
        if configuration.connectTimeoutMilliseconds == 0 {
            throw .invalidArgument(field: "connect_timeout_ms", "must be positive")
        }
        if configuration.readTimeoutMilliseconds == 0 {
            throw .invalidArgument(field: "read_timeout_ms", "must be positive")
        }
        if configuration.maxIdleConnections < 0 {
            throw .invalidArgument(field: "max_idle_connections", "must not be negative")
        }
        if configuration.maxResponseBytes <= 0 {
            throw .invalidArgument(field: "max_response_bytes", "must be positive")
        }
    }
}
