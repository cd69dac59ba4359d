/// The members of a parsed object, as JSONDecoder gave them before (callers
/// and the tests rely on it): in UTF-8 byte order of their names, a fixed
/// order that keeps JSON-style parameters the same from run to run; and of
/// members with the same name, only the first, under its first spelling.
/// "The same" is Swift's String equality, as JSONDecoder's dictionary had it:
/// canonically equivalent spellings (`é` and `e` + U+0301) are one name.
enum JSONMemberOrder {
    /// Objects up to this size are sorted by insertion, which is stable and
    /// fastest for the handful of members an answer's objects have.
    private static let insertionSortLimit = 16

    /// `names` and `values` in document order, as many of each; `asciiNames`
    /// when no name has a byte above 0x7F (then equal means byte-equal).
    static func members(names: ArraySlice<String>, values: ArraySlice<JSONValue>,
                        asciiNames: Bool) -> [JSONValue.Member] {
        var members: [JSONValue.Member] = []
        members.reserveCapacity(names.count)
        for (name, value) in zip(names, values) {
            members.append(JSONValue.Member(name, value))
        }
        if !asciiNames {
            // Equivalent names need not be neighbours in byte order: keep the
            // first of each in document order before sorting.
            var seen = Set<String>(minimumCapacity: members.count)
            members.removeAll { !seen.insert($0.name).inserted }
        }
        sortStably(&members)
        if asciiNames {
            // Equal names are now neighbours, the first one first.
            var kept = 0
            for index in members.indices where kept == 0 || members[index].name != members[kept - 1].name {
                members.swapAt(kept, index)
                kept += 1
            }
            members.removeSubrange(kept...)
        }
        return members
    }

    /// Sorts by name, members with equal names keeping their order.
    private static func sortStably(_ members: inout [JSONValue.Member]) {
        guard members.count > 1 else { return }
        if members.count <= insertionSortLimit {
            for index in 1..<members.count {
                let member = members[index]
                var slot = index
                while slot > 0, compare(member.name, members[slot - 1].name) < 0 {
                    members[slot] = members[slot - 1]
                    slot -= 1
                }
                members[slot] = member
            }
            return
        }
        members = members.enumerated().sorted { left, right in
            let order = compare(left.element.name, right.element.name)
            return order != 0 ? order < 0 : left.offset < right.offset
        }.map(\.element)
    }

    /// Negative, zero or positive as `left`'s UTF-8 bytes sort before, with or after `right`'s.
    static func compare(_ left: String, _ right: String) -> Int {
        var leftBytes = left.utf8.makeIterator()
        var rightBytes = right.utf8.makeIterator()
        while true {
            switch (leftBytes.next(), rightBytes.next()) {
            case (nil, nil): return 0
            case (nil, _): return -1
            case (_, nil): return 1
            case let (leftByte?, rightByte?):
                if leftByte != rightByte { return leftByte < rightByte ? -1 : 1 }
            }
        }
    }
}
