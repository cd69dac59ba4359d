/// Text assembled from pieces as UTF-8 bytes, made a `String` once at the end.
///
/// Canonical requests, queries and headers are built from a few dozen
/// pieces on every call; appending to a byte array copies each piece once,
/// where appending to a `String` also re-checks its encoding every time.
struct TextBuffer {
    private var bytes: [UInt8] = []

    init(capacity: Int = 256) {
        bytes.reserveCapacity(capacity)
    }

    mutating func append(_ pieces: String...) {
        for piece in pieces { bytes.append(contentsOf: piece.utf8) }
    }

    var string: String { String(decoding: bytes, as: UTF8.self) }
}
