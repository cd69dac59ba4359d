#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Diagnostics go to stderr: stdout's first line is the listening address,
/// which scripts read, so nothing else may be printed there.
public enum Diagnostics {
    public static func log(_ message: String) {
        let line = "outboundbot-emulator: " + message + "\n"
        // One write(2) per line, so lines from different threads do not interleave.
        var bytes = Array(line.utf8)
        bytes.withUnsafeMutableBytes { raw in
            guard let base = raw.baseAddress else { return }
            _ = write(2, base, raw.count)
        }
    }
}
