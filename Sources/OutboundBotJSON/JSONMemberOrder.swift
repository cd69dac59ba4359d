/// The members of a parsed object, as JSONDecoder gave them before (callers
/// and the tests rely on it): in UTF-8 byte order of their names, a fixed
/// order that keeps JSON-style parameters the same from run to run; and of
/// members with the same name, only the first, under its first spelling.
/// "The same" is Swift's String equality, as JSONDecoder's dictionary had it:
/// canonically equivalent spellings (`é` and `e` + U+0301) are one name.
enum JSONMemberOrder {
    /// Objects up to this size are sorted by insertion, fastest for the
    /// handful of members an answer's objects have.
    private static let insertionSortLimit = 16

    /// `names` and `values` in document order, as many of each; `asciiNames`
    /// when no name has a byte above 0x7F (then equal means byte-equal).
    static func members(names: ArraySlice<String>, values: ArraySlice<JSONValue>,
                        asciiNames: Bool) -> [JSONValue.Member] {
        let count = min(names.count, values.count)
        var dropped: Set<Int> = []
        if !asciiNames {
            // Equivalent names need not be neighbours in byte order: find the
            // first of each in document order before sorting.
            var seen = Set<String>(minimumCapacity: count)
            for offset in 0..<count where !seen.insert(names[names.startIndex + offset]).inserted {
                dropped.insert(offset)
            }
        }
        let order = sortedOffsets(names.prefix(count))
        var members: [JSONValue.Member] = []
        members.reserveCapacity(count)
        for offset in order where asciiNames || !dropped.contains(offset) {
            let name = names[names.startIndex + offset]
            // Equal ASCII names are neighbours now, the first one first.
            if asciiNames, let last = members.last, last.name == name { continue }
            members.append(JSONValue.Member(name, values[values.startIndex + offset]))
        }
        return members
    }

    /// The offsets of `names` in byte order of the names, equal names in document order.
    private static func sortedOffsets(_ names: ArraySlice<String>) -> [Int] {
        // The first 16 bytes of each name decide most comparisons without touching the strings.
        let prefixes = names.map(prefix)
        func precedes(_ left: Int, _ right: Int) -> Bool {
            if prefixes[left] != prefixes[right] { return prefixes[left] < prefixes[right] }
            let order = compare(names[names.startIndex + left], names[names.startIndex + right])
            return order != 0 ? order < 0 : left < right
        }
        var order = Array(0..<names.count)
        if order.count <= insertionSortLimit {
            for index in order.indices.dropFirst() {
                let offset = order[index]
                var slot = index
                while slot > 0, precedes(offset, order[slot - 1]) {
                    order[slot] = order[slot - 1]
                    slot -= 1
                }
                order[slot] = offset
            }
        } else {
            order.sort(by: precedes)
        }
        return order
    }

    /// The first 16 bytes of `name`, most significant first, zeros after its end:
    /// different prefixes order two names as their bytes do.
    private static func prefix(_ name: String) -> (UInt64, UInt64) {
        name.utf8.withContiguousStorageIfAvailable { bytes in
            var words: (UInt64, UInt64) = (0, 0)
            withUnsafeMutableBytes(of: &words) { target in
                target.copyMemory(from: UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: bytes.prefix(16))))
            }
            // Big-endian: the first byte most significant.
            return (UInt64(bigEndian: words.0), UInt64(bigEndian: words.1))
        } ?? (0, 0)  // not contiguous: equal prefixes, the full comparison decides
    }

    /// Negative, zero or positive as `left`'s UTF-8 bytes sort before, with or after `right`'s.
    static func compare(_ left: String, _ right: String) -> Int {
        // Parsed names are native strings: their bytes are contiguous.
        let order = left.utf8.withContiguousStorageIfAvailable { leftBytes in
            right.utf8.withContiguousStorageIfAvailable { rightBytes in compare(leftBytes, rightBytes) }
        }
        return (order ?? nil) ?? compare(Array(left.utf8), Array(right.utf8))
    }

    private static func compare(_ left: UnsafeBufferPointer<UInt8>, _ right: UnsafeBufferPointer<UInt8>) -> Int {
        for index in 0..<min(left.count, right.count) where left[index] != right[index] {
            return left[index] < right[index] ? -1 : 1
        }
        return left.count < right.count ? -1 : (left.count == right.count ? 0 : 1)
    }

    private static func compare(_ left: [UInt8], _ right: [UInt8]) -> Int {
        left.withUnsafeBufferPointer { leftBytes in
            right.withUnsafeBufferPointer { rightBytes in compare(leftBytes, rightBytes) }
        }
    }
}
