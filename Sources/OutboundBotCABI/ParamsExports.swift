import COutboundBotHeader
import OutboundBot

#if canImport(Glibc)
import Glibc
#endif

/// What an `obb_params` handle stands for: the parameters added so far and
/// the first add that failed. Not synchronised: the header says a builder is
/// for one thread at a time while it is built; calls only read it.
final class ParamsBox {
    /// Most elements a list may have, as the pipeline's validator allows.
    static let maxListCount = RequestValidator.maxListCount

    private(set) var request = OutboundBotRequest(action: "")
    /// The first failure of an add, reported again by the call that uses the builder.
    private(set) var firstError: ABIError?

    static func from(_ handle: OpaquePointer) -> ParamsBox {
        Unmanaged<ParamsBox>.fromOpaque(UnsafeRawPointer(handle)).takeUnretainedValue()
    }

    /// Runs one add: reads its value (which may throw), sets it, records a failure.
    static func add(_ handle: OpaquePointer?, _ name: UnsafePointer<CChar>?,
                    _ value: (String) throws(ABIError) -> JSONValue) -> obb_status {
        do throws(ABIError) {
            guard let handle else { throw ABIError(OBB_ERR_INVALID_ARGUMENT, "params: must not be NULL") }
            let box = from(handle)
            do throws(ABIError) {
                let name = try CStrings.readRequired(name, field: "name")
                guard !name.isEmpty else { throw ABIError(OBB_ERR_INVALID_ARGUMENT, "name: must not be empty") }
                box.request.set(name, try value(name))
                return OBB_OK
            } catch {
                if box.firstError == nil { box.firstError = error }
                throw error
            }
        } catch {
            return LastError.record(error)
        }
    }

    /// The parameters a call or a pager uses: the builder's, or none for NULL.
    static func parameters(_ handle: OpaquePointer?) throws(ABIError) -> [JSONValue.Member] {
        guard let handle else { return [] }
        let box = from(handle)
        if let error = box.firstError {
            throw ABIError(error.status, "params: an earlier obb_params_add_* failed: \(error.message)")
        }
        return box.request.parameters
    }
}

@c @implementation
public func obb_params_new(_ outParams: UnsafeMutablePointer<OpaquePointer?>?) -> obb_status {
    guard let outParams else {
        return LastError.record(ABIError(OBB_ERR_INVALID_ARGUMENT, "out_params: must not be NULL"))
    }
    outParams.pointee = OpaquePointer(Unmanaged.passRetained(ParamsBox()).toOpaque())
    return OBB_OK
}

@c @implementation
public func obb_params_free(_ params: OpaquePointer?) {
    guard let params else { return }
    Unmanaged<ParamsBox>.fromOpaque(UnsafeRawPointer(params)).release()
}

@c @implementation
public func obb_params_add_string(_ params: OpaquePointer?, _ name: UnsafePointer<CChar>?,
                                  _ value: UnsafePointer<CChar>?) -> obb_status {
    ParamsBox.add(params, name) { name throws(ABIError) in
        .string(try CStrings.readRequired(value, field: name))
    }
}

@c @implementation
public func obb_params_add_int(_ params: OpaquePointer?, _ name: UnsafePointer<CChar>?, _ value: Int64) -> obb_status {
    ParamsBox.add(params, name) { _ in .integer(value) }
}

@c @implementation
public func obb_params_add_bool(_ params: OpaquePointer?, _ name: UnsafePointer<CChar>?, _ value: Int32) -> obb_status {
    ParamsBox.add(params, name) { _ in .bool(value != 0) }
}

@c @implementation
public func obb_params_add_string_list(_ params: OpaquePointer?, _ name: UnsafePointer<CChar>?,
                                       _ values: UnsafePointer<UnsafePointer<CChar>?>?, _ count: Int) -> obb_status {
    ParamsBox.add(params, name) { name throws(ABIError) in
        .array(try readStringArray(values, count: count, max: ParamsBox.maxListCount, field: name,
                                   countField: "\(name) count").map(JSONValue.string))
    }
}

@c @implementation
public func obb_params_add_int_list(_ params: OpaquePointer?, _ name: UnsafePointer<CChar>?,
                                    _ values: UnsafePointer<Int64>?, _ count: Int) -> obb_status {
    ParamsBox.add(params, name) { name throws(ABIError) in
        try checkCount(count, max: ParamsBox.maxListCount, field: "\(name) count")
        guard count > 0 else { return .array([]) }
        guard let values else {
            throw ABIError(OBB_ERR_INVALID_ARGUMENT, "\(name): must not be NULL when its count is \(count)")
        }
        return .array(UnsafeBufferPointer(start: values, count: count).map(JSONValue.integer))
    }
}

@c @implementation
public func obb_params_add_json(_ params: OpaquePointer?, _ name: UnsafePointer<CChar>?,
                                _ json: UnsafePointer<CChar>?) -> obb_status {
    ParamsBox.add(params, name) { name throws(ABIError) in
        let text = try CStrings.readRequired(json, field: name, maxLength: CStrings.maxJSONLength)
        switch JSONValue.parse(text.utf8) {
        case .success(let value): return value
        case .failure(let error): throw ABIError(OBB_ERR_INVALID_ARGUMENT, "\(name): \(error.reason)")
        }
    }
}
