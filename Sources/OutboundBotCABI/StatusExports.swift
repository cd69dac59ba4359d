import COutboundBotHeader
import OutboundBot

/// Built once (Swift initialises globals exactly once, thread-safely), never
/// written again and never freed: hence safe to share without a lock.
nonisolated(unsafe) private let versionCString: UnsafeMutablePointer<CChar>? = CStrings.copy(OutboundBotClient.version)

private let statusNames: [UInt32: StaticString] = [
    OBB_OK.rawValue: "OBB_OK",
    OBB_ERR_INVALID_ARGUMENT.rawValue: "OBB_ERR_INVALID_ARGUMENT",
    OBB_ERR_CREDENTIALS.rawValue: "OBB_ERR_CREDENTIALS",
    OBB_ERR_NETWORK.rawValue: "OBB_ERR_NETWORK",
    OBB_ERR_TIMEOUT.rawValue: "OBB_ERR_TIMEOUT",
    OBB_ERR_TLS.rawValue: "OBB_ERR_TLS",
    OBB_ERR_SERVICE.rawValue: "OBB_ERR_SERVICE",
    OBB_ERR_RESPONSE.rawValue: "OBB_ERR_RESPONSE",
    OBB_ERR_NO_MEMORY.rawValue: "OBB_ERR_NO_MEMORY",
    OBB_ERR_INTERNAL.rawValue: "OBB_ERR_INTERNAL",
    OBB_ERR_NOT_FOUND.rawValue: "OBB_ERR_NOT_FOUND",
    OBB_ERR_WRONG_TYPE.rawValue: "OBB_ERR_WRONG_TYPE",
    OBB_ERR_CANCELLED.rawValue: "OBB_ERR_CANCELLED",
]

@c @implementation
public func obb_version() -> UnsafePointer<CChar> {
    guard let versionCString else { return staticCString("unknown") }
    return UnsafePointer(versionCString)
}

@c @implementation
public func obb_version_number() -> UInt32 {
    UInt32(OBB_VERSION_MAJOR) << 16 | UInt32(OBB_VERSION_MINOR) << 8 | UInt32(OBB_VERSION_PATCH)
}

@c @implementation
public func obb_status_name(_ status: obb_status) -> UnsafePointer<CChar> {
    staticCString(statusNames[status.rawValue] ?? "OBB_UNKNOWN_STATUS")
}

/// A string literal's bytes are NUL-terminated and live forever.
func staticCString(_ string: StaticString) -> UnsafePointer<CChar> {
    UnsafeRawPointer(string.utf8Start).assumingMemoryBound(to: CChar.self)
}

/// The C status of a core error.
func status(of kind: OutboundBotError.Kind) -> obb_status {
    switch kind {
    case .invalidArgument: OBB_ERR_INVALID_ARGUMENT
    case .credentials: OBB_ERR_CREDENTIALS
    case .network: OBB_ERR_NETWORK
    case .timeout: OBB_ERR_TIMEOUT
    case .tls: OBB_ERR_TLS
    case .service: OBB_ERR_SERVICE
    case .response: OBB_ERR_RESPONSE
    case .noMemory: OBB_ERR_NO_MEMORY
    case .cancelled: OBB_ERR_CANCELLED
    default: OBB_ERR_INTERNAL  // .internal, and any kind a later core adds before this layer maps it
    }
}
