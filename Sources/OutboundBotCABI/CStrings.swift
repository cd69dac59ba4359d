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

    /// Longest JSON text accepted from a caller (parameters as JSON).
    static let maxJSONLength = 8 << 20

    /// The UTF-8 string at `pointer`, or nil for NULL. Invalid UTF-8 and
    /// strings longer than `maxLength` bytes are rejected, not repaired.
    static func read(_ pointer: UnsafePointer<CChar>?, field: String,
                     maxLength: Int = CStrings.maxLength) throws(ABIError) -> String? {
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
    static func readRequired(_ pointer: UnsafePointer<CChar>?, field: String,
                             maxLength: Int = CStrings.maxLength) throws(ABIError) -> String {
        guard let string = try read(pointer, field: field, maxLength: maxLength) else {
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

/// An input struct as the caller gave it: the library's version of the
/// struct, zeroed past what the caller's `struct_size` covers, and that size.
struct VersionedStruct<T: BitwiseCopyable> {
    var value: T
    /// The caller's struct_size (at least the struct's first released size).
    var size: Int

    /// True when `field` lies wholly within the caller's struct. Fields of a
    /// struct's first version always do; a later field the caller's struct
    /// lacks takes its default.
    func has<Field>(_ field: KeyPath<T, Field>) -> Bool {
        size >= endOffset(of: field)
    }
}

/// Where `field` ends in `T`: a struct_size, as OBB_STRUCT_SIZE computes it.
/// Used for each input struct's frozen first size (the end of the last field
/// of its first released version), which unlike `sizeof` does not move when
/// fields are appended and does not count tail padding.
func endOffset<T, Field>(of field: KeyPath<T, Field>) -> Int {
    // offset(of:) is nil only for computed properties; imported C fields are stored.
    (MemoryLayout<T>.offset(of: field) ?? MemoryLayout<T>.size) + MemoryLayout<Field>.size
}

/// Reads an input struct that begins with `uint32_t struct_size`.
///
/// The size is read on its own first. A size smaller than `firstSize` (the
/// struct's first released size) is refused. Otherwise min(size, this
/// library's size) bytes are copied into a zeroed struct, so a caller's
/// shorter struct is never read past and a longer one's extra fields are
/// ignored; fields the caller lacks read as zero, which every struct defines
/// as "the default". Check a later field with `has` before trusting it: a
/// size that cuts a field in two leaves part of it copied.
func readVersionedStruct<T: BitwiseCopyable>(_ pointer: UnsafePointer<T>?, name: String,
                                             firstSize: Int) throws(ABIError) -> VersionedStruct<T> {
    guard let pointer else {
        throw ABIError(OBB_ERR_INVALID_ARGUMENT, "\(name): must not be NULL")
    }
    let size = Int(UnsafeRawPointer(pointer).loadUnaligned(as: UInt32.self))
    guard size >= firstSize else {
        throw ABIError(OBB_ERR_INVALID_ARGUMENT,
                       "\(name).struct_size: \(size) is smaller than \(firstSize), the struct's first version; initialise it with its *_INIT macro")
    }
    let value = withUnsafeTemporaryAllocation(byteCount: MemoryLayout<T>.size,
                                              alignment: MemoryLayout<T>.alignment) { buffer -> T in
        buffer.initializeMemory(as: UInt8.self, repeating: 0)
        if let base = buffer.baseAddress {
            base.copyMemory(from: UnsafeRawPointer(pointer), byteCount: min(size, MemoryLayout<T>.size))
        }
        return buffer.load(as: T.self)
    }
    return VersionedStruct(value: value, size: size)
}

/// An out-of-range `size_t` count arrives as a negative Int.
func checkCount(_ count: Int, max: Int, field: String) throws(ABIError) {
    guard count >= 0, count <= max else {
        throw ABIError(OBB_ERR_INVALID_ARGUMENT, "\(field): at most \(max), got \(UInt(bitPattern: count))")
    }
}

/// `count` strings from a C array, each required; the array may be NULL
/// only when the count is 0.
func readStringArray(_ array: UnsafePointer<UnsafePointer<CChar>?>?, count: Int, max: Int,
                     field: String, countField: String) throws(ABIError) -> [String] {
    try checkCount(count, max: max, field: countField)
    guard count > 0 else { return [] }
    guard let array else {
        throw ABIError(OBB_ERR_INVALID_ARGUMENT, "\(field): must not be NULL when \(countField) is \(count)")
    }
    var strings: [String] = []
    strings.reserveCapacity(count)
    for index in 0..<count {
        strings.append(try CStrings.readRequired(array[index], field: "\(field)[\(index)]"))
    }
    return strings
}
