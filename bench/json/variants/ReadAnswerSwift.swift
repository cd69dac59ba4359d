// The library's response path now: one JSONIndex of the answer (checked as
// JSONValue.parse checks it), then LenientFields lookups over it, building only
// the values read (Sources/OutboundBot/Response/LenientFields.swift).
extension LenientFields: AnswerFields {}

func variantReadAnswer(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
    guard let index = JSONIndex(Array(bytes)), let fields = LenientFields(index, entry: JSONIndex.root) else { return 0 }
    return readAnswer(fields)
}
