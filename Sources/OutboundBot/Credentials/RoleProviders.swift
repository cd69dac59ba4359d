import OutboundBotSigner

/// STS AssumeRole with the credentials another provider gives: a profile's
/// key pair, or (ChainableRamRoleArn) another profile's role.
struct AssumeRoleProvider: CredentialsProvider {
    let sourceProvider: any CredentialsProvider
    let role: RoleRequest
    let sts: STSClient
    let source: String

    func fetch() throws(OutboundBotError) -> ProvidedCredentials {
        let signing = try sourceProvider.fetch()
        var provided = try sts.assumeRole(role, signedWith: signing.credentials)
        provided.source = source
        return provided
    }
}

/// STS AssumeRoleWithOIDC. The token file is read at every refresh: the
/// platform (ACK's RRSA) rotates it.
struct OIDCRoleProvider: CredentialsProvider {
    let role: RoleRequest
    let oidcProviderArn: String
    let tokenFile: String
    let sts: STSClient
    let source: String

    func fetch() throws(OutboundBotError) -> ProvidedCredentials {
        let token: String
        switch sts.environment.readFile(tokenFile) {
        case .missing:
            throw OutboundBotError(.credentials, "\(source): OIDC token file \(tokenFile): does not exist")
        case .unreadable(let reason):
            throw OutboundBotError(.credentials, "\(source): OIDC token file \(tokenFile): cannot be read (\(reason))")
        case .bytes(let bytes):
            guard let text = String(validating: bytes, as: UTF8.self) else {
                throw OutboundBotError(.credentials, "\(source): OIDC token file \(tokenFile): not UTF-8 text")
            }
            token = String(text.trimmingSuffix(while: { $0.isWhitespace }))
        }
        guard !token.isEmpty else {
            throw OutboundBotError(.credentials, "\(source): OIDC token file \(tokenFile): is empty")
        }
        var provided = try sts.assumeRoleWithOIDC(role, providerArn: oidcProviderArn, token: token)
        provided.source = source
        return provided
    }
}

extension StringProtocol {
    /// Drops trailing characters matching `predicate` (a token file's final newline).
    func trimmingSuffix(while predicate: (Character) -> Bool) -> SubSequence {
        var end = endIndex
        while end > startIndex {
            let before = index(before: end)
            guard predicate(self[before]) else { break }
            end = before
        }
        return self[startIndex..<end]
    }
}
