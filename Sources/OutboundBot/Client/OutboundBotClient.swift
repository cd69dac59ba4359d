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
    private let environment: CallEnvironment
    private let transport: any HTTPTransport
    /// The I/O thread of asynchronous calls, started by the first one.
    private let loop: CurlMultiLoop?

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
        options.proxy = configuration.proxy
        options.noProxy = configuration.noProxy
        options.minimumTLSVersion = configuration.minimumTLSVersion
        let transport = try CurlTransport(options: options)
        guard let loop = CurlMultiLoop(options: options) else {
            throw OutboundBotError(.noMemory, "curl_multi_init failed")
        }

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
                      transport: transport, loop: loop, clock: { Int64(time(nil)) }, nonce: { SigningContext.randomNonce() })
    }

    /// A client with every dependency given: the seam tests use to fix the
    /// clock and nonce or to send through another transport.
    public convenience init(configuration: ClientConfiguration, credentials: Credentials, transport: any HTTPTransport,
                            clock: @escaping @Sendable () -> Int64, nonce: @escaping @Sendable () -> String) throws(OutboundBotError) {
        try Self.validate(configuration)
        try self.init(configuration: configuration, credentials: .fixed(SigningCredentials(credentials)), transport: transport,
                      loop: nil, clock: clock, nonce: nonce)
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
                      transport: transport, loop: nil, clock: clock, nonce: nonce)
    }

    /// `loop` nil: a client whose transport is injected makes blocking calls only.
    private init(configuration: ClientConfiguration, credentials: CredentialSupply, transport: any HTTPTransport,
                 loop: CurlMultiLoop?, clock: @escaping @Sendable () -> Int64,
                 nonce: @escaping @Sendable () -> String) throws(OutboundBotError) {
        if case .fixed(let fixed) = credentials {
            try Validation.checkCredentials(fixed.credentials)
        }
        self.configuration = configuration
        self.transport = transport
        self.loop = loop
        environment = CallEnvironment(configuration: configuration, credentials: credentials, clock: clock,
                                      makeNonce: nonce, monotonicMilliseconds: MonotonicClock.milliseconds,
                                      random: { Int64.random(in: 0...$0) })
    }

    /// Completes every asynchronous call in flight with `.cancelled` first.
    deinit {
        loop?.close()
    }

    /// Runs a typed action: its own checks, then the one call path.
    public func call<Action: OutboundBotAction>(_ action: Action, options: CallOptions = CallOptions()) -> Result<Action.Output, OutboundBotError> {
        do throws(OutboundBotError) {
            try action.validate()
        } catch {
            return .failure(error)
        }
        return call(action.request, payload: Action.Payload.self, options: options).map(Action.output(from:))
    }

    /// Runs any catalogued action and returns its answer's envelope and body.
    public func call(_ request: OutboundBotRequest, options: CallOptions = CallOptions()) -> Result<OutboundBotResponse, OutboundBotError> {
        call(request, payload: NoPayload.self, options: options).map(\.response)
    }

    /// The one path every blocking call takes: validate against the catalogue
    /// (once), flatten, then the `CallMachine`'s steps on this thread: sign,
    /// send, decode, and retry, reconcile or wait as its policy says.
    /// `payload` is what a typed caller reads from the same parse of the answer.
    public func call<Payload: ResponsePayload>(
        _ request: OutboundBotRequest, payload: Payload.Type, options: CallOptions = CallOptions()
    ) -> Result<ServiceAnswer<Payload>, OutboundBotError> {
        let machine: CallMachine<Payload>
        do throws(OutboundBotError) {
            machine = try makeMachine(request, options: options)
        } catch {
            return .failure(error)
        }
        // Only a call that can be cancelled pays for a waiter (a mutex and a condition).
        var waiter: CallWaiter?
        if let cancellation = options.cancellation {
            guard let registered = CallWaiter(cancellation: cancellation) else { return machine.cancelledBeforeStart() }
            waiter = registered
        }
        defer { waiter?.finish() }
        var step = machine.start()
        while true {
            switch step {
            case .send(let request):
                step = machine.received(transport.send(request))
            case .wait(let milliseconds):
                let cancelled = waiter?.wait(milliseconds: milliseconds) ?? CallWaiter.sleep(milliseconds: milliseconds)
                step = cancelled ? machine.cancelled() : machine.resumed()
            case .finish(let result):
                return result
            }
        }
    }

    /// Starts `request` on the client's I/O thread (libcurl's multi
    /// interface) and returns at once. `completion` runs there, exactly once,
    /// with the outcome the blocking call would have given, `.cancelled`
    /// when the token is cancelled or the client is released first.
    /// Fails only when the I/O thread cannot take the call (it cannot start,
    /// or this client has no libcurl transport of its own).
    public func callAsync<Payload: ResponsePayload>(
        _ request: OutboundBotRequest, payload: Payload.Type, options: CallOptions = CallOptions(),
        completion: @escaping @Sendable (Result<ServiceAnswer<Payload>, OutboundBotError>) -> Void
    ) throws(OutboundBotError) {
        guard let loop else {
            throw OutboundBotError(.internal, "this client was made with an injected transport: no asynchronous calls")
        }
        let call: AsyncCall<Payload>
        do throws(OutboundBotError) {
            call = AsyncCall(machine: try makeMachine(request, options: options), cancellation: options.cancellation,
                             completion: completion)
        } catch {
            call = AsyncCall(failure: error, completion: completion)
        }
        guard loop.submit(call) else {
            throw OutboundBotError(.internal, "the asynchronous I/O thread could not be started, or the client is closed")
        }
    }

    private func makeMachine<Payload: ResponsePayload>(_ request: OutboundBotRequest,
                                                       options: CallOptions) throws(OutboundBotError) -> CallMachine<Payload> {
        try options.validate()
        let validated = try RequestValidator.validate(request)
        let policy = options.retryPolicy ?? configuration.retryPolicy
        return CallMachine(request: validated, flat: ParameterFlattener.flatten(validated), environment: environment,
                           policy: policy,
                           deadlineMilliseconds: configuration.effectiveDeadlineMilliseconds(for: policy, deadline: options.deadlineMilliseconds),
                           cancellation: options.cancellation)
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
        try configuration.retryPolicy.validate()
        try CallOptions.validateDeadline(configuration.deadlineMilliseconds)
        if let proxy = configuration.proxy { try Validation.checkSingleLine(proxy, field: "proxy") }
        if let noProxy = configuration.noProxy { try Validation.checkSingleLine(noProxy, field: "no_proxy") }
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
