import OutboundBotSigner

/// What every attempt of a call takes from its client: settings, the
/// credentials, and the injected sources of time and randomness (so the
/// call logic is a pure function of them and of the transport's answers).
///
/// Immutable, and a class so that each call shares its client's rather than
/// copying the configuration (a retain per string it holds).
final class CallEnvironment: Sendable {
    let configuration: ClientConfiguration
    let credentials: CredentialSupply
    /// Wall-clock seconds, for signing and for "created after".
    let clock: @Sendable () -> Int64
    let makeNonce: @Sendable () -> String
    /// A monotonic clock, for deadlines, waits and elapsed times.
    let monotonicMilliseconds: @Sendable () -> Int64
    /// A uniform value in 0...n, for backoff jitter.
    let random: @Sendable (Int64) -> Int64

    init(configuration: ClientConfiguration, credentials: CredentialSupply, clock: @escaping @Sendable () -> Int64,
         makeNonce: @escaping @Sendable () -> String, monotonicMilliseconds: @escaping @Sendable () -> Int64,
         random: @escaping @Sendable (Int64) -> Int64) {
        self.configuration = configuration
        self.credentials = credentials
        self.clock = clock
        self.makeNonce = makeNonce
        self.monotonicMilliseconds = monotonicMilliseconds
        self.random = random
    }

    /// A signed HTTP request for one attempt: new date, new nonce, the
    /// credentials current now, bounded by `timeoutMilliseconds`.
    func signedRequest(_ request: ValidatedRequest, _ flat: FlatParameters, timeoutMilliseconds: Int64,
                       cancellation: CancellationToken?) -> Result<(HTTPRequest, SigningCredentials), OutboundBotError> {
        let signing: SigningCredentials
        do throws(OutboundBotError) {
            signing = try credentials.current()
        } catch {
            return .failure(error)
        }
        let rpcCall = RPCCall(method: request.action.method.rawValue, host: configuration.resolvedEndpoint,
                              action: request.action.name, version: OutboundBotAPI.version,
                              parameters: flat.query, bodyParameters: flat.body)
        var signed = configuration.signatureVersion.sign(
            rpcCall, credentials: signing.credentials, context: SigningContext(secondsSince1970: clock(), nonce: makeNonce()))
        // Appended piece by piece into one reserved string: interpolation builds it in steps.
        let endpoint = configuration.resolvedEndpoint
        var url = configuration.scheme.rawValue
        url.reserveCapacity(url.utf8.count + endpoint.utf8.count + signed.query.utf8.count + 5)
        url += "://"
        url += endpoint
        url += "/?"
        url += signed.query
        // Moved out of `signed`, so removing Host changes the array in place, not a copy.
        var headers: [(name: String, value: String)] = []
        swap(&headers, &signed.headers)
        headers.removeAll { $0.name == "host" }  // both signers name it so; libcurl writes Host
        var httpRequest = HTTPRequest(method: signed.method, url: url, headers: headers, body: signed.body)
        httpRequest.timeoutMilliseconds = UInt32(clamping: max(timeoutMilliseconds, 1))
        httpRequest.cancellation = cancellation
        return .success((httpRequest, signing))
    }
}
