import OutboundBotSigner

/// How long a server asked the client to wait: `x-acs-retry-after`
/// (milliseconds, Alibaba Cloud's) first, then HTTP's `Retry-After`
/// (seconds, or an HTTP date). Pure: `nowSeconds` is the caller's clock.
enum RetryAfter {
    /// A server may ask for anything; longer than a day is a day (and the
    /// call's deadline ends the wait long before).
    static let limitMilliseconds: Int64 = 86_400_000

    static func milliseconds(in response: HTTPResponse, nowSeconds: Int64) -> Int64? {
        if let text = response.header("x-acs-retry-after"), let value = Int64(text.trimmingSpaces), value >= 0 {
            return min(value, limitMilliseconds)
        }
        guard let text = response.header("retry-after")?.trimmingSpaces else { return nil }
        if let seconds = Int64(text), seconds >= 0 {
            return min(seconds, limitMilliseconds / 1000) * 1000
        }
        guard let date = secondsSince1970(httpDate: text) else { return nil }
        return min(max(date - nowSeconds, 0), limitMilliseconds / 1000) * 1000
    }

    /// IMF-fixdate, the only form RFC 9110 lets a sender use:
    /// "Sun, 06 Nov 1994 08:49:37 GMT".
    static func secondsSince1970(httpDate text: String) -> Int64? {
        let parts = text.split(separator: " ")
        guard parts.count == 6, parts[5] == "GMT", parts[1].count == 2, parts[3].count == 4,
              let month = months.firstIndex(of: String(parts[2]))
        else { return nil }
        let iso = "\(parts[3])-\(month < 9 ? "0" : "")\(month + 1)-\(parts[1])T\(parts[4])Z"
        return Timestamp.secondsSince1970(iso8601: iso)
    }

    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
}

private extension String {
    var trimmingSpaces: String {
        String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}
