import OutboundBotSigner

/// What a client signs with: a fixed key, read without a lock, or temporary
/// credentials that refresh themselves.
enum CredentialSupply: Sendable {
    case fixed(Credentials)
    case refreshing(RefreshingCredentials)

    /// Fixed when the first credentials never expire.
    init(provider: any CredentialsProvider, first: ProvidedCredentials,
         nowMilliseconds: @escaping @Sendable () -> Int64, log: LogHandler?) {
        if first.expiresAtMilliseconds == nil {
            self = .fixed(first.credentials)
        } else {
            self = .refreshing(RefreshingCredentials(provider: provider, first: first,
                                                     nowMilliseconds: nowMilliseconds, log: log))
        }
    }

    func current() throws(OutboundBotError) -> Credentials {
        switch self {
        case .fixed(let credentials): credentials
        case .refreshing(let refreshing): try refreshing.credentials()
        }
    }
}
