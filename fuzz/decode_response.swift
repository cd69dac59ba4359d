// fuzz/decode_response.swift: libFuzzer target for the response path.
//
// Input: 2 bytes of HTTP status (big-endian, 0...65535), then header lines up to
// the first NUL byte, then the body. The header lines go through the transport's
// own libcurl header callback (ResponseSink), the body through its write
// callback in two pieces, as libcurl would deliver them; the result goes through
// ResponseDecoder.decode and, on success, CreateInstance's result reader.
// Any bytes, any status, any content type: nothing may trap, leak or hang.
@testable import OutboundBot

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzDecodeResponse(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data, size >= 2 else { return 0 }
    let input = UnsafeBufferPointer(start: data, count: size)
    let status = Int(input[0]) << 8 | Int(input[1])
    let rest = input[2...]
    let split = rest.firstIndex(of: 0) ?? rest.endIndex
    let headerBlock = Array(rest[rest.startIndex..<split])
    var body = split < rest.endIndex ? Array(rest[(split + 1)...]) : []

    // A small limit now and then, so the too-large path is fuzzed as well.
    let limit = status % 7 == 0 ? body.count / 2 : 16 << 20
    let sink = ResponseSink(limit: limit)
    let context = Unmanaged.passUnretained(sink).toOpaque()
    withExtendedLifetime(sink) {
        // Header lines as libcurl hands them over: one call per line, terminator included.
        var lines: [[UInt8]] = []
        var current: [UInt8] = []
        for byte in headerBlock {
            current.append(byte)
            if byte == UInt8(ascii: "\n") { lines.append(current); current = [] }
        }
        if !current.isEmpty { lines.append(current) }
        for var line in lines {
            let count = line.count
            let taken = line.withUnsafeMutableBytes { raw in
                ResponseSink.headerCallback(raw.baseAddress!.assumingMemoryBound(to: CChar.self), 1, count, context)
            }
            precondition(taken == count || taken == 0, "header callback took \(taken) of \(count) bytes")
        }
        let half = body.count / 2
        body.withUnsafeMutableBytes { raw in
            guard let base = raw.baseAddress?.assumingMemoryBound(to: CChar.self) else { return }
            for (start, end) in [(0, half), (half, raw.count)] where end > start {
                if ResponseSink.writeCallback(base + start, 1, end - start, context) != end - start { break }
            }
        }
    }

    let response = HTTPResponse(status: status, headerBlock: sink.headerBlock, body: sink.body)
    switch ResponseDecoder.decode(response, payload: CreateInstanceRequest.Payload.self) {
    case .success(let answer):
        let output = CreateInstanceRequest.output(from: answer)
        precondition(output.httpStatus == status)
        _ = output.instance?.instanceName.utf8.count
    case .failure(let error):
        precondition(error.httpStatus == status)
        precondition(error.body == sink.body)
        _ = error.description.utf8.count
    }
    return 0
}
