// The library's response path now: one JSONValue.parse, then LenientFields lookups
// (Sources/OutboundBot/Response/LenientFields.swift).
extension LenientFields: AnswerFields {}

func variantReadAnswer(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
    guard case .success(let value) = JSONParser.parse(bytes), let fields = LenientFields(value) else { return 0 }
    return readAnswer(fields)
}
