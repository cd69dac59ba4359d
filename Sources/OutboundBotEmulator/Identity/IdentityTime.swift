import Foundation
import OutboundBotSigner

/// Time as the identity endpoints keep it: milliseconds since 1970, so a
/// one-second lifetime expires when a test expects, and the `Expiration` text.
enum IdentityTime {
    static func nowMilliseconds() -> Int64 {
        Int64((Date().timeIntervalSince1970 * 1000).rounded(.down))
    }

    /// `YYYY-MM-DDThh:mm:ssZ` (UTC), the instant floored to the second, as STS writes it.
    static func iso8601(milliseconds: Int64) -> String {
        let (quotient, remainder) = milliseconds.quotientAndRemainder(dividingBy: 1000)
        return Timestamp.iso8601(secondsSince1970: remainder < 0 ? quotient - 1 : quotient)
    }
}
