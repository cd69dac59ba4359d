/// How much the library tells its host: each level includes the ones above it.
public enum LogLevel: Int, Sendable, Comparable, CaseIterable {
    case error = 1
    case warning = 2
    case info = 3
    case debug = 4

    public static func < (lhs: LogLevel, rhs: LogLevel) -> Bool { lhs.rawValue < rhs.rawValue }

    public var name: String {
        switch self {
        case .error: "error"
        case .warning: "warning"
        case .info: "info"
        case .debug: "debug"
        }
    }
}

/// Where the library's log lines go: the host's callback, with the most
/// detailed level it wants. Lines never contain a secret or a token.
///
/// `emit` runs on the thread that did the work being logged, synchronously.
public struct LogHandler: Sendable {
    public var level: LogLevel
    public var emit: @Sendable (LogLevel, String) -> Void

    public init(level: LogLevel = .info, emit: @escaping @Sendable (LogLevel, String) -> Void) {
        self.level = level
        self.emit = emit
    }

    /// Builds the message only when it will be delivered.
    public func log(_ level: LogLevel, _ message: @autoclosure () -> String) {
        if level <= self.level { emit(level, message()) }
    }
}

extension Optional where Wrapped == LogHandler {
    /// Logging through an optional handler: nothing at all when there is none.
    func log(_ level: LogLevel, _ message: @autoclosure () -> String) {
        if case .some(let handler) = self, level <= handler.level { handler.emit(level, message()) }
    }
}
