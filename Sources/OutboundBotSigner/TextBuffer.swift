/// Text assembled as UTF-8 bytes in one allocation, then hashed as bytes or
/// made a `String` once at the end.
///
/// Signing writes a canonical request of a few hundred bytes from a few
/// dozen pieces on every call. A `[UInt8]` re-checks uniqueness and capacity
/// on every append and copies strings through generic sequence code; this
/// buffer is non-copyable (so uniquely owned by construction), copies each
/// piece with one `memcpy`, and lets the encoders (hex, percent, Base64)
/// claim their exact output size once and then store bytes directly.
struct TextBuffer: ~Copyable {
    private var storage: UnsafeMutableBufferPointer<UInt8>
    /// Bytes written so far, at the start of `storage`.
    private(set) var count = 0

    init(capacity: Int = 256) {
        storage = .allocate(capacity: max(capacity, 16))
    }

    deinit { storage.deallocate() }

    /// Hands `body` the next `length` bytes of the buffer, which it must all
    /// write, and counts them as written. Every writer goes through here, so
    /// this is the one place that keeps writes inside the allocation.
    @inline(__always)
    mutating func write(_ length: Int, _ body: (UnsafeMutableBufferPointer<UInt8>) -> Void) {
        guard length > 0 else { return }
        if storage.count - count < length { grow(toHold: length) }
        body(UnsafeMutableBufferPointer(rebasing: storage[count..<count + length]))
        count += length
    }

    /// Moves to an allocation with room for `length` more bytes (at least double the old one).
    private mutating func grow(toHold length: Int) {
        let larger = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: max(storage.count * 2, count + length))
        _ = larger.initialize(fromContentsOf: storage[..<count])
        storage.deallocate()
        storage = larger
    }

    mutating func append(byte: UInt8) {
        write(1) { $0[0] = byte }
    }

    mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        write(bytes.count) { _ = $0.initialize(fromContentsOf: bytes) }
    }

    mutating func append(_ text: String) {
        withUTF8(text) { append($0) }
    }

    mutating func append(_ text: StaticString) {
        text.withUTF8Buffer { append($0) }
    }

    /// Two lower-case hex digits per byte, as both schemes write digests.
    mutating func appendLowerHex(_ bytes: UnsafeRawBufferPointer) {
        write(bytes.count * 2) { _ = Digest.write(bytes, lowerHexTo: $0) }
    }

    /// Runs `body` on the bytes written so far, e.g. to hash them.
    func withBytes<R>(_ body: (UnsafeRawBufferPointer) -> R) -> R {
        body(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: storage[..<count])))
    }

    /// The bytes from `start` on as a `String` (the whole text when 0).
    func string(from start: Int = 0) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: storage[max(0, min(start, count))..<count]), as: UTF8.self)
    }
}

/// Runs `body` on `text`'s UTF-8 bytes, in place when the string stores them
/// contiguously (native strings always do), else on a copy.
@inline(__always)
package func withUTF8<R>(_ text: String, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
    if let result = text.utf8.withContiguousStorageIfAvailable(body) { return result }
    return Array(text.utf8).withUnsafeBufferPointer(body)
}
