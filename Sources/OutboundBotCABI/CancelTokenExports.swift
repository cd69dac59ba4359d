import COutboundBotHeader
import OutboundBot

/// The tokens handed out and not yet freed. A handle is checked here before
/// it is touched, so a token freed twice (or any stray pointer) gives
/// OBB_ERR_INVALID_ARGUMENT instead of corrupting memory.
private let liveTokens = Locked<Set<UInt>>([])  // addresses

enum CancelTokens {
    /// The token behind a live handle, retained for the caller.
    static func token(_ handle: OpaquePointer?, field: String) throws(ABIError) -> CancellationToken? {
        guard let handle else { return nil }
        let pointer = UnsafeMutableRawPointer(handle)
        let token = liveTokens.withLock { live -> CancellationToken? in
            guard live.contains(UInt(bitPattern: pointer)) else { return nil }
            return Unmanaged<CancellationToken>.fromOpaque(pointer).takeUnretainedValue()
        }
        guard let token else {
            throw ABIError(OBB_ERR_INVALID_ARGUMENT, "\(field): not a live obb_cancel_token (freed already?)")
        }
        return token
    }
}

@c @implementation
public func obb_cancel_token_new(_ outToken: UnsafeMutablePointer<OpaquePointer?>?) -> obb_status {
    guard let outToken else {
        return LastError.record(ABIError(OBB_ERR_INVALID_ARGUMENT, "out_token: must not be NULL"))
    }
    let pointer = Unmanaged.passRetained(CancellationToken()).toOpaque()
    liveTokens.withLock { _ = $0.insert(UInt(bitPattern: pointer)) }
    outToken.pointee = OpaquePointer(pointer)
    return OBB_OK
}

@c @implementation
public func obb_cancel_token_cancel(_ handle: OpaquePointer?) -> obb_status {
    do throws(ABIError) {
        guard let token = try CancelTokens.token(handle, field: "token") else {
            throw ABIError(OBB_ERR_INVALID_ARGUMENT, "token: must not be NULL")
        }
        guard token.cancel() else {
            throw ABIError(OBB_ERR_NOT_FOUND, "token: no call was in flight with it (it stays cancelled)")
        }
        return OBB_OK
    } catch {
        return LastError.record(error)
    }
}

@c @implementation
public func obb_cancel_token_free(_ handle: OpaquePointer?) -> obb_status {
    guard let handle else { return OBB_OK }
    let pointer = UnsafeMutableRawPointer(handle)
    let wasLive = liveTokens.withLock { $0.remove(UInt(bitPattern: pointer)) != nil }
    guard wasLive else {
        return LastError.record(ABIError(OBB_ERR_INVALID_ARGUMENT, "token: not a live obb_cancel_token (freed already?)"))
    }
    // Calls in flight hold their own references.
    Unmanaged<CancellationToken>.fromOpaque(pointer).release()
    return OBB_OK
}
