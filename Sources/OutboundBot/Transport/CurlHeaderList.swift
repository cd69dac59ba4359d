import CLibcurl

/// The request's header lines as libcurl takes them (a `curl_slist`), each
/// written into one reused buffer that `curl_slist_append` copies, so no
/// string is made per header.
///
/// A local value while it is built: kept in the easy handle's properties, every
/// append would pay a dynamic exclusivity check.
struct CurlHeaderList {
    private var list: UnsafeMutablePointer<curl_slist>?
    private var line: [UInt8] = []
    private var failed = false

    init() {
        line.reserveCapacity(256)
    }

    /// Appends `name: value`.
    mutating func append(name: String, value: String) {
        line.removeAll(keepingCapacity: true)
        line.append(contentsOf: name.utf8)
        line.append(UInt8(ascii: ":"))
        line.append(UInt8(ascii: " "))
        line.append(contentsOf: value.utf8)
        line.append(0)
        let appended = line.withUnsafeBytes { curl_slist_append(list, $0.baseAddress?.assumingMemoryBound(to: CChar.self)) }
        record(appended)
    }

    /// Appends a line that is a literal (static, NUL-terminated); "Name:" with
    /// no value removes a header curl would add on its own.
    mutating func append(_ literal: StaticString) {
        record(curl_slist_append(list, UnsafeRawPointer(literal.utf8Start).assumingMemoryBound(to: CChar.self)))
    }

    private mutating func record(_ appended: UnsafeMutablePointer<curl_slist>?) {
        if let appended { list = appended } else { failed = true }
    }

    /// The list, which the caller frees with `curl_slist_free_all`. If
    /// libcurl ran out of memory on any line, the lines made are freed and
    /// the error says so.
    consuming func finish() throws(OutboundBotError) -> UnsafeMutablePointer<curl_slist>? {
        guard !failed else {
            curl_slist_free_all(list)
            throw OutboundBotError(.noMemory, "out of memory building request headers")
        }
        return list
    }
}
