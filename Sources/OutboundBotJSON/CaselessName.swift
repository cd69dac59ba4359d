/// A member name compared ignoring case, as `lowercased()` compares (so
/// that lookups match what they matched before), without allocating when both
/// names are ASCII, which answers' names are.
struct CaselessName {
    private let name: String
    private let ascii: Bool

    init(_ name: String) {
        self.name = name
        ascii = name.utf8.allSatisfy { $0 < 0x80 }
    }

    func matches(_ other: String) -> Bool {
        if ascii, let decided = asciiMatch(other) { return decided }
        // Unicode case mapping: the Kelvin sign K lowercases to an ASCII k.
        return other.lowercased() == name.lowercased()
    }

    /// Whether ASCII `other` matches the ASCII name; nil when `other` is not ASCII.
    private func asciiMatch(_ other: String) -> Bool? {
        let decided = other.utf8.withContiguousStorageIfAvailable { otherBytes in
            name.utf8.withContiguousStorageIfAvailable { nameBytes -> Bool? in
                guard otherBytes.count == nameBytes.count else {
                    return otherBytes.allSatisfy { $0 < 0x80 } ? false : nil
                }
                var equal = true
                for index in 0..<otherBytes.count {
                    let byte = otherBytes[index]
                    if byte >= 0x80 { return nil }
                    if Self.fold(byte) != Self.fold(nameBytes[index]) { equal = false }
                }
                return equal
            }
        }
        return (decided ?? nil) ?? nil
    }

    /// `byte` with A-Z lower-cased: the one ASCII folding of member names
    /// (`JSONIndex` compares with it too).
    static func fold(_ byte: UInt8) -> UInt8 {
        byte &- UInt8(ascii: "A") < 26 ? byte | 0x20 : byte
    }
}
