// For the C libraries: object members in UTF-8 byte order of their names, the
// first of equal names kept, as JSONValue.parse gives them (the C libraries
// keep document order, or hash order, and the last or every duplicate).
func sortedMembers(_ members: [JSONValue.Member]) -> [JSONValue.Member] {
    var sorted = members.enumerated().sorted { left, right in
        left.element.name.utf8.elementsEqual(right.element.name.utf8)
            ? left.offset < right.offset
            : left.element.name.utf8.lexicographicallyPrecedes(right.element.name.utf8)
    }.map(\.element)
    var kept = 0
    for index in sorted.indices where kept == 0 || sorted[index].name != sorted[kept - 1].name {
        sorted.swapAt(kept, index)
        kept += 1
    }
    sorted.removeSubrange(kept...)
    return sorted
}

/// A JSON number the C library read as a double, classified as JSONValue.parse does
/// (without its Decimal rule from 2^53 on, which these benchmarks never reach).
func classified(_ double: Double) -> JSONValue {
    if let whole = Int64(exactly: double), double.magnitude < 0x1p53 { return .integer(whole) }
    return .double(double)
}
