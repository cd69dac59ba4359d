/// One place's decoded parameters (the query, or the form body) as a tree of
/// dotted names: `Tag.1.Key=a` is the node `Tag` > `1` > `Key` with value `a`.
/// A name sent twice keeps its last value, as the merged parameters do.
struct WireParameters: Sendable {
    private var roots: [String: WireNode] = [:]
    /// No catalogued parameter nests deeper than a few levels; a name is split
    /// into at most this many parts (the rest stays in the last one, which then
    /// matches nothing), so hostile names cannot make the tree, or the
    /// recursion over it, deep.
    static let maxDepth = 8

    init(_ pairs: [(name: String, value: String)]) {
        for pair in pairs {
            let parts = pair.name.split(separator: ".", maxSplits: Self.maxDepth - 1, omittingEmptySubsequences: false)
                .map(String.init)
            guard let first = parts.first else { continue }
            roots[first, default: WireNode()].insert(parts.dropFirst(), value: pair.value)
        }
    }

    /// Everything sent under `name`: `name` itself and every `name.…`.
    func subtree(_ name: String) -> WireNode {
        roots[name] ?? WireNode()
    }
}

/// A node of `WireParameters`: the value sent for exactly this name, and the
/// names one dot further down.
struct WireNode: Sendable {
    var value: String?
    var children: [String: WireNode] = [:]

    var isEmpty: Bool { value == nil && children.isEmpty }

    /// Children in a stable order: numeric keys by number, then the others by name.
    var sortedChildren: [(key: String, value: WireNode)] {
        children.sorted { lhs, rhs in
            switch (Int(lhs.key), Int(rhs.key)) {
            case let (left?, right?): left < right
            case (.some, nil): true
            case (nil, .some): false
            case (nil, nil): lhs.key < rhs.key
            }
        }
    }

    /// Recursive, at most `WireParameters.maxDepth` deep.
    mutating func insert(_ path: ArraySlice<String>, value newValue: String) {
        guard let key = path.first else {
            value = newValue
            return
        }
        children[key, default: WireNode()].insert(path.dropFirst(), value: newValue)
    }
}
