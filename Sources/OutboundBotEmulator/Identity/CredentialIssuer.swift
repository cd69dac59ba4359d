/// Makes temporary credentials for every identity endpoint alike: random
/// `STS.` id, secret and token; a lifetime (the caller's, unless
/// `--sts-lifetime-seconds` overrides it); stored so requests signed with them
/// are accepted; counted by source.
struct CredentialIssuer: Sendable {
    let store: IssuedCredentials
    let counters: IdentityCounters
    /// `--sts-lifetime-seconds`: replaces every requested lifetime.
    let lifetimeOverrideSeconds: Int?

    /// The lifetime of metadata and credentials-URI credentials, which ask for none.
    static let defaultLifetimeSeconds = 3600
    static let lifetimeRange = 1...43_200

    init(store: IssuedCredentials = IssuedCredentials(), counters: IdentityCounters = IdentityCounters(),
         lifetimeOverrideSeconds: Int?) {
        self.store = store
        self.counters = counters
        self.lifetimeOverrideSeconds = lifetimeOverrideSeconds
    }

    func issue(_ source: CredentialSource, requestedSeconds: Int = defaultLifetimeSeconds,
               nowMilliseconds now: Int64) -> IssuedCredential {
        let range = Self.lifetimeRange
        let seconds = min(max(lifetimeOverrideSeconds ?? requestedSeconds, range.lowerBound), range.upperBound)
        // At most 43,200,000 ms: only a clock near the end of Int64 could overflow, and then it saturates.
        let (expiry, overflow) = now.addingReportingOverflow(Int64(seconds) * 1000)
        let credential = IssuedCredential(
            accessKeyId: "STS." + RandomText.make(28),
            accessKeySecret: RandomText.make(30),
            securityToken: "CAIS" + RandomText.make(152, from: RandomText.base64),
            issuedAtMilliseconds: now,
            expiresAtMilliseconds: overflow ? .max : expiry)
        store.insert(credential, nowMilliseconds: now)
        counters.recordIssue(.init(source: source, accessKeyId: credential.accessKeyId,
                                   issuedAtMilliseconds: now, expiresAtMilliseconds: credential.expiresAtMilliseconds))
        return credential
    }
}
