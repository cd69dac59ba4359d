// The library's own parser (Sources/OutboundBotJSON/JSONParser.swift and its helpers).
func variantParse(_ bytes: UnsafeBufferPointer<UInt8>) -> JSONValue? {
    try? JSONParser.parse(bytes).get()
}
