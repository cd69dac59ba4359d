import OutboundBotSigner

#if canImport(Glibc)
import Glibc
#endif

/// The world a credentials provider reads: variables, files, the clock and
/// HTTP. Injected, so every provider and the chain are tested with
/// dictionaries, temporary files and loopback servers; `process(...)` is the
/// real one.
public struct CredentialsEnvironment: Sendable {
    public enum FileContents: Sendable, Equatable {
        case bytes([UInt8])
        case missing
        /// Exists but cannot be read; the reason (errno text) without any contents.
        case unreadable(String)
    }

    public var variable: @Sendable (String) -> String?
    public var readFile: @Sendable (String) -> FileContents
    /// `$HOME`, where `~/.aliyun` and `~/.alibabacloud` are looked for.
    public var homeDirectory: String?
    public var nowMilliseconds: @Sendable () -> Int64
    public var nonce: @Sendable () -> String
    /// Carries STS, metadata and credentials-URI requests.
    public var transport: any HTTPTransport

    public init(variable: @escaping @Sendable (String) -> String?,
                readFile: @escaping @Sendable (String) -> FileContents,
                homeDirectory: String?, nowMilliseconds: @escaping @Sendable () -> Int64,
                nonce: @escaping @Sendable () -> String, transport: any HTTPTransport) {
        self.variable = variable
        self.readFile = readFile
        self.homeDirectory = homeDirectory
        self.nowMilliseconds = nowMilliseconds
        self.nonce = nonce
        self.transport = transport
    }

    /// A variable's value, or nil when unset or empty (official SDKs treat both alike).
    func nonEmptyVariable(_ name: String) -> String? {
        guard let value = variable(name), !value.isEmpty else { return nil }
        return value
    }

    /// The process's environment, file system and wall clock.
    public static func process(transport: any HTTPTransport) -> CredentialsEnvironment {
        CredentialsEnvironment(
            variable: { name in getenv(name).map { String(cString: $0) } },
            readFile: { path in readWholeFile(path) },
            homeDirectory: getenv("HOME").map { String(cString: $0) },
            nowMilliseconds: {
                var now = timespec()
                clock_gettime(CLOCK_REALTIME, &now)
                return Int64(now.tv_sec) * 1000 + Int64(now.tv_nsec) / 1_000_000
            },
            nonce: { SigningContext.randomNonce() },
            transport: transport)
    }

    /// Credential files are small; anything larger is not one.
    static let maxFileBytes = 1 << 20

    /// Reads a whole file with POSIX calls (no Foundation in the library).
    static func readWholeFile(_ path: String) -> FileContents {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            let code = errno
            return code == ENOENT || code == ENOTDIR ? .missing : .unreadable(String(cString: strerror(code)))
        }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 16 * 1024)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                return .unreadable(String(cString: strerror(errno)))
            }
            if count == 0 { return .bytes(bytes) }
            bytes.append(contentsOf: chunk.prefix(count))
            if bytes.count > maxFileBytes { return .unreadable("larger than \(maxFileBytes) bytes") }
        }
    }
}
