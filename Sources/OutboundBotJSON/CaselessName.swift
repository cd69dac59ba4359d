/// A member name compared ignoring case, as `lowercased()` compares (so
/// that lookups match what they matched before), without allocating when both
/// names are ASCII, which answers' names are.
struct CaselessName {
    private let name: String
    private let ascii: Bool
    private var lowercased: String { name.lowercased() }

    init(_ name: String) {
        self.name = name
        ascii = name.utf8.allSatisfy { $0 < 0x80 }
    }

    func matches(_ other: String) -> Bool {
        guard ascii, other.utf8.allSatisfy({ $0 < 0x80 }) else {
            // Unicode case mapping: the Kelvin sign K lowercases to an ASCII k.
            return other.lowercased() == lowercased
        }
        return other.utf8.count == name.utf8.count
            && other.utf8.elementsEqual(name.utf8) { Self.fold($0) == Self.fold($1) }
    }

    private static func fold(_ byte: UInt8) -> UInt8 {
        (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte | 0x20 : byte
    }
}
