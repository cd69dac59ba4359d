import FoundationEssentials
import OutboundBot

#if canImport(Glibc)
import Glibc
#endif

/// Exit statuses: who has to act on a failure.
enum ExitStatus: Int32 {
    case success = 0
    /// The service answered with an error code (duplicate name, quota, signature, ...).
    case serviceError = 1
    /// The command line or credentials are wrong; nothing was sent.
    case callerError = 2
    /// No answer: network, timeout or TLS failure.
    case networkError = 3
    /// An answer that could not be read, or a failure inside the tool.
    case responseError = 4

    static let summary = "0 success, 1 service error, 2 caller error (arguments, credentials), 3 network/timeout/TLS error, 4 unreadable answer or internal error"

    static func of(_ kind: OutboundBotError.Kind) -> ExitStatus {
        switch kind {
        case .service: .serviceError
        case .invalidArgument, .credentials: .callerError
        case .network, .timeout, .tls: .networkError
        default: .responseError  // .response, .noMemory, .internal and kinds added later
        }
    }
}

enum Output {
    /// The JSON object printed on stderr on failure.
    struct Failure: Encodable {
        var Code: String
        var Message: String
        var RequestId: String
        var HttpStatus: Int
    }

    /// Local failures have no service code; name them so scripts can match.
    static func code(for error: OutboundBotError) -> String {
        if !error.code.isEmpty { return error.code }
        switch error.kind {
        case .invalidArgument: return "InvalidArgument"
        case .credentials: return "MissingCredentials"
        case .network: return "NetworkError"
        case .timeout: return "Timeout"
        case .tls: return "TLSError"
        case .service: return "ServiceError"
        case .response: return "InvalidResponse"
        case .noMemory: return "OutOfMemory"
        default: return "InternalError"  // .internal and kinds added later
        }
    }

    static func writeFailure(_ error: OutboundBotError) {
        let failure = Failure(Code: code(for: error), Message: error.message, RequestId: error.requestId,
                              HttpStatus: error.httpStatus)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let bytes = (try? encoder.encode(failure)).map(Array.init) ?? Array("{\"Code\":\"InternalError\"}".utf8)
        emit(bytes + [0x0A], toDescriptor: STDERR_FILENO)
    }

    /// Help text, on stdout.
    static func writeText(_ text: String) {
        writeStandardOutput(Array(text.utf8))
    }

    /// A `--trace` line, on stderr.
    static func writeTrace(_ line: String) {
        emit(Array((line + "\n").utf8), toDescriptor: STDERR_FILENO)
    }

    static func writeStandardOutput(_ body: [UInt8]) {
        emit(body.last == 0x0A ? body : body + [0x0A], toDescriptor: STDOUT_FILENO)
    }

    /// write(2) straight to the descriptor: no shared stdio state, nothing buffered at exit.
    private static func emit(_ bytes: [UInt8], toDescriptor descriptor: Int32) {
        bytes.withUnsafeBytes { buffer in
            guard let base = buffer.baseAddress else { return }
            var offset = 0
            while offset < buffer.count {
                let written = write(descriptor, base + offset, buffer.count - offset)
                if written <= 0 { if errno == EINTR { continue } else { return } }
                offset += written
            }
        }
    }
}
