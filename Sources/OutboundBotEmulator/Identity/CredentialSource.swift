/// Which endpoint issued a credential; the admin counters are kept per source.
enum CredentialSource: String, Sendable, CaseIterable {
    case assumeRole = "AssumeRole"
    case assumeRoleWithOIDC = "AssumeRoleWithOIDC"
    case ecsMetadata = "EcsMetadata"
    case credentialsURI = "CredentialsURI"
}
