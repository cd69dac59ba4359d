import COutboundBotHeader

#if canImport(Glibc)
import Glibc
#endif

/// Reading caller strings and handing out library strings: the two
/// directions of string ownership across the ABI.
enum CStrings {
    /// Longest string accepted from a caller, so a missing NUL cannot make us
    /// scan the whole address space.
    static let maxLength = 1 << 20

    /// The UTF-8 string at `pointer`, or nil for NULL. Invalid UTF-8 and
    /// over-long strings are rejected, not repaired.
    static func read(_ pointer: UnsafePointer<CChar>?, field: String) throws(ABIError) -> String? {
        guard let pointer else { return nil }
        let length = strnlen(pointer, maxLength + 1)
        guard length <= maxLength else {
            throw ABIError(OBB_ERR_INVALID_ARGUMENT, "\(field): longer than \(maxLength) bytes")
        }
        let bytes = UnsafeRawBufferPointer(start: pointer, count: length)
        guard let string = String(validating: bytes, as: UTF8.self) else {
            throw ABIError(OBB_ERR_INVALID_ARGUMENT, "\(field): not valid UTF-8")
        }
        return string
    }

    /// Like `read`, but NULL is an error.
    static func readRequired(_ pointer: UnsafePointer<CChar>?, field: String) throws(ABIError) -> String {
        guard let string = try read(pointer, field: field) else {
            throw ABIError(OBB_ERR_INVALID_ARGUMENT, "\(field): must not be NULL")
        }
        return string
    }

    /// A malloc'd NUL-terminated copy of `bytes`, released with free().
    /// nil only when malloc fails.
    static func copy(_ bytes: some Collection<UInt8>) -> UnsafeMutablePointer<CChar>? {
        guard let memory = malloc(bytes.count + 1) else { return nil }
        let buffer = UnsafeMutableRawBufferPointer(start: memory, count: bytes.count + 1)
        buffer.copyBytes(from: bytes)
        buffer[bytes.count] = 0
        return memory.assumingMemoryBound(to: CChar.self)
    }

    static func copy(_ string: String) -> UnsafeMutablePointer<CChar>? {
        copy(string.utf8)
    }
}

/// A failure detected at the boundary, before the core is reached.
struct ABIError: Error {
    var status: obb_status
    var message: String

    init(_ status: obb_status, _ message: String) {
        self.status = status
        self.message = message
    }
}

/// Reads an input struct that begins with `uint32_t struct_size`, refusing
/// sizes smaller than this library's first version of it. The size is read
/// on its own first, so a short struct is never read past.
func readVersionedStruct<T>(_ pointer: UnsafePointer<T>?, name: String, minimumSize: Int) throws(ABIError) -> T {
    guard let pointer else {
        throw ABIError(OBB_ERR_INVALID_ARGUMENT, "\(name): must not be NULL")
    }
    let size = UnsafeRawPointer(pointer).loadUnaligned(as: UInt32.self)
    guard Int(size) >= minimumSize else {
        throw ABIError(OBB_ERR_INVALID_ARGUMENT,
                       "\(name).struct_size: \(size) is smaller than \(minimumSize); initialise it with its *_INIT macro")
    }
    return pointer.pointee
}
