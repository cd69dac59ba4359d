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
    private let credentials: Credentials
    private let transport: any HTTPTransport
    private let clock: @Sendable () -> Int64
    private let makeNonce: @Sendable () -> String

    /// A client on libcurl, with credentials from `configuration` or else the
    /// environment, the system clock and cryptographic nonces.
    public convenience init(configuration: ClientConfiguration) throws(OutboundBotError) {
        try Self.validate(configuration)
        let credentials = try CredentialsResolver.resolve(configured: configuration.credentials) { name in
            getenv(name).map { String(cString: $0) }
        }
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
        try self.init(configuration: configuration, credentials: credentials, transport: transport,
                      clock: { Int64(time(nil)) }, nonce: { SigningContext.randomNonce() })
    }

    /// A client with every dependency given: the seam tests use to fix the
    /// clock and nonce or to send through another transport.
    public init(configuration: ClientConfiguration, credentials: Credentials, transport: any HTTPTransport,
                clock: @escaping @Sendable () -> Int64, nonce: @escaping @Sendable () -> String) throws(OutboundBotError) {
        try Self.validate(configuration)
        try Validation.checkSingleLine(credentials.accessKeyId, field: "access_key_id")
        if let token = credentials.securityToken {
            try Validation.checkSingleLine(token, field: "security_token")
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
            try Validation.checkSingleLine(credentials.accessKeyId, field: "access_key_id")
            try Validation.checkSingleLine(credentials.accessKeySecret, field: "access_key_secret")
            if let token = credentials.securityToken {
                try Validation.checkSingleLine(token, field: "security_token")
            }
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
