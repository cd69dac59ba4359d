import CLibcurl
import OutboundBotSigner

#if canImport(Glibc)
import Glibc
#endif

/// The request's header lines as libcurl takes them (a `curl_slist`), in two
/// buffers that one easy handle owns and reuses: the lines' text and the
/// list's nodes. Once they have grown to fit, building a request's list
/// allocates nothing; `curl_slist_append` made two allocations per line.
///
/// libcurl reads the list only during the exchange it is set for, and never
/// frees it, so a list that libcurl did not allocate is allowed there.
struct CurlHeaderList: ~Copyable {
    /// "Name: value\0" for each line, back to back.
    private var text: UnsafeMutableRawPointer?
    private var textCapacity = 0
    private var nodes: UnsafeMutablePointer<curl_slist>?
    private var nodeCapacity = 0

    init() {}

    deinit {
        free(text)
        free(nodes)
    }

    /// The list holding `headers` (`name: value`) and then `fixedLines` (each
    /// a whole line; "Name:" with no value removes a header curl would add).
    /// Valid until the next `rebuild` or the end of this value. Throws
    /// `.noMemory` when a buffer cannot grow.
    ///
    /// One mutating call per request, so a list kept in a class property
    /// pays one exclusivity check, not one per line.
    mutating func rebuild(_ headers: [(name: String, value: String)],
                          fixedLines: [String]) throws(OutboundBotError) -> UnsafeMutablePointer<curl_slist>? {
        var length = 0
        for header in headers {
            length += header.name.utf8.count + Self.separator.utf8CodeUnitCount + header.value.utf8.count + 1
        }
        for line in fixedLines {
            length += line.utf8.count + 1
        }
        let count = headers.count + fixedLines.count
        guard count > 0 else { return nil }
        guard grow(textTo: length), grow(nodesTo: count), let text, let nodes else {
            throw OutboundBotError(.noMemory, "out of memory building request headers")
        }
        var written = 0
        var line = 0
        for header in headers {
            nodes[line].data = (text + written).assumingMemoryBound(to: CChar.self)
            Self.write(header.name, to: text, at: &written)
            Self.write(Self.separator, to: text, at: &written)
            Self.write(header.value, to: text, at: &written)
            Self.endLine(line, of: count, nodes: nodes, text: text, at: &written)
            line += 1
        }
        for fixed in fixedLines {
            nodes[line].data = (text + written).assumingMemoryBound(to: CChar.self)
            Self.write(fixed, to: text, at: &written)
            Self.endLine(line, of: count, nodes: nodes, text: text, at: &written)
            line += 1
        }
        return nodes
    }

    private static let separator: StaticString = ": "

    private static func write(_ string: String, to text: UnsafeMutableRawPointer, at offset: inout Int) {
        withUTF8(string) { write(UnsafeRawBufferPointer($0), to: text, at: &offset) }
    }

    private static func write(_ literal: StaticString, to text: UnsafeMutableRawPointer, at offset: inout Int) {
        write(UnsafeRawBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount), to: text, at: &offset)
    }

    private static func write(_ bytes: UnsafeRawBufferPointer, to text: UnsafeMutableRawPointer, at offset: inout Int) {
        guard let base = bytes.baseAddress else { return }
        (text + offset).copyMemory(from: base, byteCount: bytes.count)
        offset += bytes.count
    }

    /// Ends the line with NUL and chains its node to the next one.
    private static func endLine(_ line: Int, of count: Int, nodes: UnsafeMutablePointer<curl_slist>,
                                text: UnsafeMutableRawPointer, at offset: inout Int) {
        text.storeBytes(of: 0, toByteOffset: offset, as: UInt8.self)
        offset += 1
        nodes[line].next = line + 1 < count ? nodes + line + 1 : nil
    }

    /// False when `realloc` fails; the buffer then stays as it was.
    private mutating func grow(textTo length: Int) -> Bool {
        guard length > textCapacity else { return true }
        let capacity = max(length, 2 * textCapacity, 512)
        guard let grown = realloc(text, capacity) else { return false }
        text = grown
        textCapacity = capacity
        return true
    }

    private mutating func grow(nodesTo count: Int) -> Bool {
        guard count > nodeCapacity else { return true }
        let capacity = max(count, 2 * nodeCapacity, 16)
        let (bytes, overflow) = capacity.multipliedReportingOverflow(by: MemoryLayout<curl_slist>.stride)
        guard !overflow, let grown = realloc(nodes, bytes) else { return false }
        nodes = grown.assumingMemoryBound(to: curl_slist.self)
        nodeCapacity = capacity
        return true
    }
}
