import OutboundBotSigner

/// What a client signs with: a fixed key, read without a lock, or temporary
/// credentials that refresh themselves.
enum CredentialSupply: Sendable {
    case fixed(SigningCredentials)
    case refreshing(RefreshingCredentials)

    /// Fixed when the first credentials never expire.
    init(provider: any CredentialsProvider, first: ProvidedCredentials,
         nowMilliseconds: @escaping @Sendable () -> Int64, log: LogHandler?) {
        if first.expiresAtMilliseconds == nil {
            self = .fixed(SigningCredentials(first.credentials))
        } else {
            self = .refreshing(RefreshingCredentials(provider: provider, first: first,
                                                     nowMilliseconds: nowMilliseconds, log: log))
        }
    }

    func current() throws(OutboundBotError) -> SigningCredentials {
        switch self {
        case .fixed(let fixed): fixed
        case .refreshing(let refreshing): SigningCredentials(try refreshing.credentials())
        }
    }
}

/// Credentials to sign with, and the secrets' spellings `Redaction` removes
/// from what comes back. A fixed key makes them once, not on every call.
struct SigningCredentials: Sendable {
    let credentials: Credentials
    let secrets: Redaction.Secrets

    init(_ credentials: Credentials) {
        self.credentials = credentials
        secrets = Redaction.Secrets([credentials.accessKeySecret, credentials.securityToken])
    }
}
