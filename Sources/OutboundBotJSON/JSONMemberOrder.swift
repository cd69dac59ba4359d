/// The members of a parsed object, as JSONDecoder gave them before (callers
/// and the tests rely on it): in UTF-8 byte order of their names, a fixed
/// order that keeps JSON-style parameters the same from run to run; and of
/// members with the same name, only the first, under its first spelling.
/// "The same" is Swift's String equality, as JSONDecoder's dictionary had it:
/// canonically equivalent spellings (`é` and `e` + U+0301) are one name.
///
/// It also holds the members of the objects the parser has open (the
/// innermost object's are the tail), so that closing an object costs one
/// array for its members and nothing else: the sort works on offsets in a
/// buffer reused for every object, and each name's first 16 bytes are kept
/// beside it to decide most comparisons without touching the strings.
struct JSONMemberOrder {
    /// Objects up to this size are ordered by insertion, fastest for the
    /// handful of members an answer's objects have; larger ones by `sort`,
    /// so that no object costs quadratic time.
    private static let insertionSortLimit = 16

    /// The members of the open objects in document order; a member's value
    /// is `.null` until `setValue` gives it.
    private var pending: [JSONValue.Member] = []
    /// `pending`'s names' sort keys, at the same offsets.
    private var keys: [NameKey] = []
    /// The order of the object being closed: offsets from its first pending member.
    private var order: [Int] = []

    init() {
        pending.reserveCapacity(32)
        keys.reserveCapacity(32)
        order.reserveCapacity(Self.insertionSortLimit)
    }

    /// Where the next object's members start.
    var count: Int { pending.count }

    /// A member called `name` whose value comes next.
    mutating func appendName(_ name: String) {
        pending.append(JSONValue.Member(name, .null))
        keys.append(NameKey(name))
    }

    /// The value of the member `appendName` added last.
    mutating func setValue(_ value: JSONValue) {
        guard let last = pending.indices.last else { return }
        pending[last].value = value
    }

    /// The members from `start` on (an object's, all of whose values were
    /// set), ordered and without repeats, taken off the pending ones.
    /// `asciiNames` when no name has a byte above 0x7F (then equal means byte-equal).
    mutating func close(from start: Int, asciiNames: Bool) -> [JSONValue.Member] {
        let count = pending.count - start
        if count <= Self.insertionSortLimit {
            insertionOrder(from: start, count: count, asciiNames: asciiNames)
        } else {
            sortedOrder(from: start, count: count, asciiNames: asciiNames)
        }
        var members: [JSONValue.Member] = []
        members.reserveCapacity(order.count)
        for offset in order {
            // Moved out rather than copied: no retain here and release below.
            var member = JSONValue.Member("", .null)
            swap(&member, &pending[start + offset])
            members.append(member)
        }
        pending.removeSubrange(start...)
        keys.removeSubrange(start...)
        return members
    }

    /// `order` by insertion, each name into its place among the names before
    /// it; a name equal to one already placed is left out.
    private mutating func insertionOrder(from start: Int, count: Int, asciiNames: Bool) {
        order.removeAll(keepingCapacity: true)
        // Canonically equivalent names need not be neighbours in byte order:
        // only a set of the names so far finds them (never for ASCII names).
        var seen = Set<String>()
        placing: for offset in 0..<count {
            if !asciiNames, !seen.insert(pending[start + offset].name).inserted { continue }
            var slot = order.count
            while slot > 0 {
                let comparison = compare(start + offset, start + order[slot - 1])
                if comparison > 0 { break }
                if comparison == 0 { continue placing }  // the same bytes: the first stays
                slot -= 1
            }
            // Shifted by hand: Array.insert's general path costs more than these few moves.
            order.append(offset)
            var index = order.count - 1
            while index > slot {
                order[index] = order[index - 1]
                index -= 1
            }
            order[slot] = offset
        }
    }

    /// `order` by `sort`, for large objects.
    private mutating func sortedOrder(from start: Int, count: Int, asciiNames: Bool) {
        var offsets = Array(0..<count)
        if !asciiNames {
            var seen = Set<String>(minimumCapacity: count)
            offsets.removeAll { !seen.insert(pending[start + $0].name).inserted }
        }
        // Equal names in document order, so that the first of them is kept below.
        offsets.sort { left, right in
            let comparison = compare(start + left, start + right)
            return comparison != 0 ? comparison < 0 : left < right
        }
        order.removeAll(keepingCapacity: true)
        for offset in offsets {
            if let last = order.last, compare(start + last, start + offset) == 0 { continue }
            order.append(offset)
        }
    }

    /// Negative, zero or positive as the name at pending offset `left`'s
    /// UTF-8 bytes sort before, with or after the one at `right`'s.
    private func compare(_ left: Int, _ right: Int) -> Int {
        if keys[left] != keys[right] { return keys[left] < keys[right] ? -1 : 1 }
        return Self.compare(pending[left].name, pending[right].name)
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

/// The first 16 bytes of a name, most significant first, zeros after its
/// end: different keys order two names as their bytes do; equal keys leave
/// it to the whole names (longer ones, or ones that differ by trailing NULs).
struct NameKey: Equatable, Comparable {
    private var high: UInt64
    private var low: UInt64

    init(_ name: String) {
        let words = name.utf8.withContiguousStorageIfAvailable { bytes -> (UInt64, UInt64) in
            var words: (UInt64, UInt64) = (0, 0)
            withUnsafeMutableBytes(of: &words) { target in
                target.copyMemory(from: UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: bytes.prefix(16))))
            }
            return words
        } ?? (UInt64(0), UInt64(0))  // not contiguous: equal keys, the whole names decide
        // Big-endian: the first byte most significant.
        high = UInt64(bigEndian: words.0)
        low = UInt64(bigEndian: words.1)
    }

    static func < (left: NameKey, right: NameKey) -> Bool {
        left.high != right.high ? left.high < right.high : left.low < right.low
    }
}
