// The two C entry points every variant library exports; the variant's own file
// supplies `variantParse`, which parses bytes into a JSONValue (nil: not JSON).

/// Parses `count` bytes and drops the result: what the driver counts. 1 when
/// the bytes were JSON, 0 when not.
@_cdecl("bench_parse")
public func benchParse(_ bytes: UnsafePointer<UInt8>?, _ count: Int) -> Int {
    guard let bytes else { return 0 }
    return variantParse(UnsafeBufferPointer(start: bytes, count: count)) == nil ? 0 : 1
}

/// The compact JSON text of the parsed value into `out` (NUL-terminated, cut
/// to `capacity`), so that the variants' results can be compared.
@_cdecl("bench_dump")
public func benchDump(_ bytes: UnsafePointer<UInt8>?, _ count: Int,
                      _ out: UnsafeMutablePointer<CChar>?, _ capacity: Int) -> Int {
    guard let bytes, let out, capacity > 0 else { return -1 }
    let text = variantParse(UnsafeBufferPointer(start: bytes, count: count))?.jsonText ?? "(not JSON)"
    let utf8 = Array(text.utf8.prefix(capacity - 1))
    for (index, byte) in utf8.enumerated() { out[index] = CChar(bitPattern: byte) }
    out[utf8.count] = 0
    return utf8.count
}
