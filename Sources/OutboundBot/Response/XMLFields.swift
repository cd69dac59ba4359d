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
        guard let start = body.firstOffset(of: open),
              let end = body.firstOffset(of: Array("</\(name)>".utf8), from: start + open.count)
        else { return nil }
        let value = body[(start + open.count)..<end]
        // Between ASCII delimiters of valid UTF-8: whole characters, nothing to repair.
        return value.contains(UInt8(ascii: "<")) ? nil : String(decoding: value, as: UTF8.self)
    }
}
