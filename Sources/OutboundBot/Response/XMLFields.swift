/// The text of simple `<Name>text</Name>` elements in an XML error body, as
/// gateways and proxies send them. Not an XML parser: it only finds leaf
/// elements by name (either spelling of the first letter), searching the
/// bytes (no string algorithms, which would bring _StringProcessing into the
/// library) in time linear in the body for these short names.
struct XMLFields {
    private let body: [UInt8]

    /// nil unless `body` is UTF-8 with a `<` in it.
    init?(_ body: [UInt8]) {
        guard body.contains(UInt8(ascii: "<")), String(validating: body, as: UTF8.self) != nil else { return nil }
        self.body = body
    }

    subscript(name: String) -> String? {
        let lower = name.prefix(1).lowercased() + name.dropFirst()
        return element(name) ?? element(lower)
    }

    private func element(_ name: String) -> String? {
        let open = Array("<\(name)>".utf8)
        let close = Array("</\(name)>".utf8)
        guard let start = Self.find(open, in: body, from: 0),
              let end = Self.find(close, in: body, from: start + open.count)
        else { return nil }
        let value = body[(start + open.count)..<end]
        // Between ASCII delimiters of valid UTF-8: whole characters, nothing to repair.
        return value.contains(UInt8(ascii: "<")) ? nil : String(decoding: value, as: UTF8.self)
    }

    /// Where `needle` first occurs in `haystack` at or after `from`.
    private static func find(_ needle: [UInt8], in haystack: [UInt8], from: Int) -> Int? {
        guard let first = needle.first, from >= 0 else { return nil }
        var index = from
        while index <= haystack.count - needle.count {
            if haystack[index] == first, haystack[index..<(index + needle.count)].elementsEqual(needle) { return index }
            index += 1
        }
        return nil
    }
}
