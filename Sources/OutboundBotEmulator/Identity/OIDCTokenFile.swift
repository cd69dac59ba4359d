import Foundation

/// `--oidc-token-file`: the one OIDC token AssumeRoleWithOIDC accepts.
///
/// Read at every request, so a test can rotate the token by rewriting the file,
/// as a Kubernetes projected service-account token is rotated.
struct OIDCTokenFile: Sendable {
    let path: String
    /// Tokens are a few kilobytes; a larger file is refused rather than read whole.
    static let maxBytes = 1 << 20

    /// Throws `AuthenticationFail.OIDCToken.Invalid` unless `presented` equals the
    /// file's contents without trailing whitespace.
    func check(_ presented: String) throws(GatewayError) {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw .oidcTokenInvalid("The emulator cannot read its --oidc-token-file.")
        }
        defer { try? handle.close() }
        let data: Data
        do {
            // At most one byte past the limit, so even a device file cannot exhaust memory.
            data = try handle.read(upToCount: Self.maxBytes + 1) ?? Data()
        } catch {
            throw .oidcTokenInvalid("The emulator cannot read its --oidc-token-file.")
        }
        guard data.count <= Self.maxBytes else {
            throw .oidcTokenInvalid("The emulator's --oidc-token-file is larger than \(Self.maxBytes) bytes.")
        }
        var expected = String(decoding: data, as: UTF8.self)
        while let last = expected.unicodeScalars.last, last.properties.isWhitespace {
            expected.unicodeScalars.removeLast()
        }
        guard !expected.isEmpty, constantTimeEqual(presented, expected) else {
            throw .oidcTokenInvalid("It does not match the emulator's --oidc-token-file.")
        }
    }
}
