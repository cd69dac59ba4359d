import COutboundBotHeader
import OutboundBot

#if canImport(Glibc)
import Glibc
#endif

/// What an `obb_pager` handle stands for: the core's pager behind a lock (so
/// calls from several threads are serialised, never a data race), and the
/// failure that ended the walk, which every later call gives again.
final class PagerBox: Sendable {
    private struct State: Sendable {
        var pager: Pager
        var failure: OutboundBotError?
    }

    private let state: Locked<State>

    init(_ pager: Pager) {
        state = Locked(State(pager: pager))
    }

    /// The next item as a response; nil at the end.
    func next() -> ResponseBox? {
        state.withLock { state in
            if let failure = state.failure { return ResponseBox(failure) }
            switch state.pager.next() {
            case nil:
                return nil
            case .success(let item):
                return ResponseBox(item: item, page: state.pager.lastPage)
            case .failure(let error):
                state.failure = error
                return ResponseBox(error)
            }
        }
    }
}

@c @implementation
public func obb_pager_new(_ handle: OpaquePointer?, _ action: UnsafePointer<CChar>?, _ paramsJSON: UnsafePointer<CChar>?,
                          _ outPager: UnsafeMutablePointer<OpaquePointer?>?,
                          _ outError: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> obb_status {
    newPager(handle, outPager, outError) { () throws(ABIError) in
        try GenericRequest.make(action: action, json: paramsJSON)
    }
}

@c @implementation
public func obb_pager_new_params(_ handle: OpaquePointer?, _ action: UnsafePointer<CChar>?, _ params: OpaquePointer?,
                                 _ outPager: UnsafeMutablePointer<OpaquePointer?>?,
                                 _ outError: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> obb_status {
    newPager(handle, outPager, outError) { () throws(ABIError) in
        try GenericRequest.make(action: action, params: params)
    }
}

@c @implementation
public func obb_pager_next(_ pager: OpaquePointer?, _ outItem: UnsafeMutablePointer<OpaquePointer?>?) -> obb_status {
    guard let outItem else { return OBB_ERR_INVALID_ARGUMENT }
    outItem.pointee = nil
    guard let pager else { return OBB_ERR_INVALID_ARGUMENT }
    let box = Unmanaged<PagerBox>.fromOpaque(UnsafeRawPointer(pager)).takeUnretainedValue()
    guard let item = box.next() else { return OBB_OK }
    outItem.pointee = item.handOut()
    return item.status
}

@c @implementation
public func obb_pager_free(_ pager: OpaquePointer?) {
    guard let pager else { return }
    Unmanaged<PagerBox>.fromOpaque(UnsafeRawPointer(pager)).release()
}

/// Checks the request against the catalogue now (nothing is sent until the
/// first obb_pager_next), so bad parameters fail here, with a message.
private func newPager(_ handle: OpaquePointer?, _ outPager: UnsafeMutablePointer<OpaquePointer?>?,
                      _ outError: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?,
                      _ makeRequest: () throws(ABIError) -> OutboundBotRequest) -> obb_status {
    outError?.pointee = nil
    do throws(ABIError) {
        guard let outPager else { throw ABIError(OBB_ERR_INVALID_ARGUMENT, "out_pager: must not be NULL") }
        outPager.pointee = nil
        guard let handle else { throw ABIError(OBB_ERR_INVALID_ARGUMENT, "client: must not be NULL") }
        let request = try makeRequest()
        let pager: Pager
        do throws(OutboundBotError) {
            pager = try Pager(client: client(from: handle), request: request)  // pages, and passes the checks?
        } catch {
            throw ABIError(status(of: error.kind), error.message)
        }
        outPager.pointee = OpaquePointer(Unmanaged.passRetained(PagerBox(pager)).toOpaque())
        return OBB_OK
    } catch {
        outError?.pointee = CStrings.copy(error.message)
        return error.status
    }
}
