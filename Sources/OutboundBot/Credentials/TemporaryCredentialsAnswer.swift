import OutboundBotJSON
import OutboundBotSigner

/// Reads the credentials object that STS, the ECS metadata service and a
/// credentials URI all answer with: AccessKeyId, AccessKeySecret,
/// SecurityToken and Expiration (`YYYY-MM-DDThh:mm:ssZ`).
enum TemporaryCredentialsAnswer {
    /// `object` is the object holding the four fields. Credentials that have
    /// already expired are an error: using them would fail every call.
    static func read(_ object: JSONValue, source: String, nowMilliseconds: Int64) throws(OutboundBotError) -> ProvidedCredentials {
        guard case .object = object else {
            throw OutboundBotError(.credentials, "\(source): the answer is not a JSON object with AccessKeyId, AccessKeySecret, SecurityToken and Expiration")
        }
        let id = try field("AccessKeyId", in: object, source: source)
        let secret = try field("AccessKeySecret", in: object, source: source)
        let token = try field("SecurityToken", in: object, source: source)
        let expirationText = try field("Expiration", in: object, source: source)
        guard let seconds = Timestamp.secondsSince1970(iso8601: expirationText),
              case let (milliseconds, overflow) = seconds.multipliedReportingOverflow(by: 1000), !overflow
        else {
            throw OutboundBotError(.credentials, "\(source): Expiration: \"\(expirationText.prefix(40))\" is not a UTC time like 2026-01-02T03:04:05Z")
        }
        guard milliseconds > nowMilliseconds else {
            throw OutboundBotError(.credentials, "\(source): the credentials it returned had already expired (Expiration \(expirationText)); check the clocks")
        }
        return ProvidedCredentials(
            credentials: Credentials(accessKeyId: id, accessKeySecret: secret, securityToken: token),
            expiresAtMilliseconds: milliseconds, source: source)
    }

    /// Parses `body`, naming `source` when it is not JSON (an HTML error page, say).
    static func parse(_ body: [UInt8], source: String) throws(OutboundBotError) -> JSONValue {
        switch JSONValue.parse(body) {
        case .success(let value): return value
        case .failure:
            throw OutboundBotError(.credentials, "\(source): the answer is not JSON (\(body.count) bytes starting \"\(printablePrefix(body))\")")
        }
    }

    /// The first bytes of an answer, safe to put in a message: printable ASCII only.
    static func printablePrefix(_ body: [UInt8]) -> String {
        String(decoding: body.prefix(24).map { (0x20..<0x7f).contains($0) ? $0 : UInt8(ascii: "?") }, as: UTF8.self)
    }

    private static func field(_ name: String, in object: JSONValue, source: String) throws(OutboundBotError) -> String {
        guard case .string(let value)? = object.member(name), !value.isEmpty else {
            throw OutboundBotError(.credentials, "\(source): \(name): missing or not a non-empty string")
        }
        // These become header values and signing input: one line, no control characters.
        guard !value.utf8.contains(where: { $0 < 0x20 || $0 == 0x7f }) else {
            throw OutboundBotError(.credentials, "\(source): \(name): contains control characters")
        }
        return value
    }
}
