#if canImport(Glibc)
import Glibc
#endif

extension Array where Element == UInt8 {
    /// Where `needle` first occurs at or after `start`: glibc's memchr for
    /// the first byte, memcmp for the rest. The standard library's generic
    /// search (`firstRange(of:)`) is many times slower, and it brings the
    /// regex engine into the library with it.
    func firstOffset(of needle: [UInt8], from start: Int = 0) -> Int? {
        guard let first = needle.first, start >= 0, count - start >= needle.count else { return nil }
        return withUnsafeBytes { hay in
            needle.withUnsafeBytes { pattern in
                guard let base = hay.baseAddress, let patternBase = pattern.baseAddress else { return nil }
                var position = start
                while hay.count - position >= pattern.count {
                    guard let hit = memchr(base + position, Int32(first), hay.count - position - pattern.count + 1)
                    else { return nil }
                    let offset = base.distance(to: UnsafeRawPointer(hit))
                    if memcmp(base + offset, patternBase, pattern.count) == 0 { return offset }
                    position = offset + 1
                }
                return nil
            }
        }
    }
}
