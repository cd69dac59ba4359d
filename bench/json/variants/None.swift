// The baseline: JSONValue and its text writer, no parser. Sizes are measured
// against this library.
func variantParse(_ bytes: UnsafeBufferPointer<UInt8>) -> JSONValue? { nil }
