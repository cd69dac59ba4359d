/// 1-based pages of an ordered list.
enum Paging {
    /// Page `number` (from 1) of `size` items; empty past the end, or when the
    /// offset would overflow.
    static func page<Item>(_ items: [Item], number: Int, size: Int) -> [Item] {
        guard number >= 1, size >= 1 else { return [] }
        let (start, overflow) = (number - 1).multipliedReportingOverflow(by: size)
        guard !overflow, start < items.count else { return [] }
        return Array(items[start..<(start + min(size, items.count - start))])
    }
}
