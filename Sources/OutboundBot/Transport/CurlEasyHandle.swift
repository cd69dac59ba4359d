import CCurlShim
import CLibcurl

/// One libcurl easy handle and the connection it keeps alive.
///
/// Not thread-safe: libcurl forbids using an easy handle from two threads at
/// once. `CurlTransport`'s pool hands each handle to one caller at a time,
/// which is what makes the `@unchecked Sendable` true.
final class CurlEasyHandle: @unchecked Sendable {
    private let handle: UnsafeMutableRawPointer
    private let errorBuffer: UnsafeMutablePointer<CChar>

    init?() {
        guard let handle = curl_easy_init() else { return nil }
        self.handle = handle
        errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
    }

    deinit {
        curl_easy_cleanup(handle)
        errorBuffer.deallocate()
    }

    /// Performs one exchange. `curl_easy_reset` first: every option is set
    /// anew, while the live connection, DNS and TLS session caches survive.
    func perform(_ request: HTTPRequest, options: CurlTransportOptions) -> Result<HTTPResponse, OutboundBotError> {
        curl_easy_reset(handle)
        errorBuffer[0] = 0

        var headerList: UnsafeMutablePointer<curl_slist>?
        defer { curl_slist_free_all(headerList) }
        // "Name:" with no value removes a header curl would add on its own.
        for line in request.headers.map({ "\($0.name): \($0.value)" }) + ["Content-Type:", "Expect:", "Accept: application/json"] {
            guard let appended = curl_slist_append(headerList, line) else {
                return .failure(OutboundBotError(.noMemory, "out of memory building request headers"))
            }
            headerList = appended
        }

        let sink = ResponseSink(limit: options.maxResponseBytes)
        let sinkPointer = Unmanaged.passUnretained(sink).toOpaque()

        var codes: [CURLcode] = [
            obb_shim_easy_setopt_string(handle, CURLOPT_URL, request.url),
            obb_shim_easy_setopt_string(handle, CURLOPT_PROTOCOLS_STR, options.scheme),
            obb_shim_easy_setopt_long(handle, CURLOPT_NOSIGNAL, 1),
            obb_shim_easy_setopt_long(handle, CURLOPT_TCP_KEEPALIVE, 1),
            obb_shim_easy_setopt_long(handle, CURLOPT_CONNECTTIMEOUT_MS,
                                      Int(min(options.connectTimeoutMilliseconds, request.timeoutMilliseconds ?? .max))),
            obb_shim_easy_setopt_long(handle, CURLOPT_TIMEOUT_MS,
                                      Int(min(options.readTimeoutMilliseconds, request.timeoutMilliseconds ?? .max))),
            obb_shim_easy_setopt_long(handle, CURLOPT_SSL_VERIFYPEER, 1),
            obb_shim_easy_setopt_long(handle, CURLOPT_SSL_VERIFYHOST, 2),
            obb_shim_easy_setopt_string(handle, CURLOPT_USERAGENT, options.userAgent),
            obb_shim_easy_setopt_slist(handle, CURLOPT_HTTPHEADER, headerList),
            obb_shim_easy_setopt_pointer(handle, CURLOPT_ERRORBUFFER, errorBuffer),
            obb_shim_easy_setopt_write_function(handle, ResponseSink.writeCallback),
            obb_shim_easy_setopt_pointer(handle, CURLOPT_WRITEDATA, sinkPointer),
            obb_shim_easy_setopt_header_function(handle, ResponseSink.headerCallback),
            obb_shim_easy_setopt_pointer(handle, CURLOPT_HEADERDATA, sinkPointer),
        ]
        if let caFile = options.caFile {
            codes.append(obb_shim_easy_setopt_string(handle, CURLOPT_CAINFO, caFile))
        }
        switch request.method {
        case "GET":
            codes.append(obb_shim_easy_setopt_long(handle, CURLOPT_HTTPGET, 1))
        case "PUT" where request.body.isEmpty:
            // The metadata service's token PUT: no body, and no chunked upload.
            codes.append(obb_shim_easy_setopt_long(handle, CURLOPT_HTTPGET, 1))
            codes.append(obb_shim_easy_setopt_string(handle, CURLOPT_CUSTOMREQUEST, "PUT"))
        default:
            codes.append(obb_shim_easy_setopt_long(handle, CURLOPT_POST, 1))
            codes.append(obb_shim_easy_setopt_long(handle, CURLOPT_POSTFIELDSIZE, request.body.count))
            // COPYPOSTFIELDS copies the bytes, so the array need not outlive this call.
            codes.append(request.body.withUnsafeBytes { bytes in
                obb_shim_easy_setopt_pointer(handle, CURLOPT_COPYPOSTFIELDS, bytes.baseAddress ?? UnsafeRawPointer(errorBuffer))
            })
            if request.method != "POST" {
                codes.append(obb_shim_easy_setopt_string(handle, CURLOPT_CUSTOMREQUEST, request.method))
            }
        }
        if let failed = codes.first(where: { $0 != CURLE_OK }) {
            return .failure(OutboundBotError(.internal, "libcurl rejected an option: \(describe(failed))"))
        }

        let result = withExtendedLifetime(sink) { curl_easy_perform(handle) }
        if result != CURLE_OK {
            if sink.exceededLimit {
                return .failure(OutboundBotError(.response, "the response body exceeds \(options.maxResponseBytes) bytes"))
            }
            return .failure(OutboundBotError(Self.kind(of: result), "\(describe(result)) (\(request.url.prefix { $0 != "?" }))"))
        }
        var status = 0
        _ = obb_shim_easy_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &status)
        return .success(HTTPResponse(status: status, headers: sink.headers, body: sink.body))
    }

    private func describe(_ code: CURLcode) -> String {
        let summary = String(cString: curl_easy_strerror(code))
        let detail = String(cString: errorBuffer)
        return detail.isEmpty ? "curl error \(code.rawValue): \(summary)" : "curl error \(code.rawValue): \(summary): \(detail)"
    }

    /// Which status a libcurl failure becomes.
    static func kind(of code: CURLcode) -> OutboundBotError.Kind {
        switch code {
        case CURLE_OPERATION_TIMEDOUT:
            return .timeout
        case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CERTPROBLEM, CURLE_SSL_CIPHER,
             CURLE_SSL_CACERT_BADFILE, CURLE_SSL_ISSUER_ERROR, CURLE_SSL_PINNEDPUBKEYNOTMATCH,
             CURLE_SSL_INVALIDCERTSTATUS, CURLE_SSL_CRL_BADFILE, CURLE_SSL_ENGINE_NOTFOUND, CURLE_SSL_ENGINE_SETFAILED,
             CURLE_SSL_SHUTDOWN_FAILED, CURLE_USE_SSL_FAILED:
            return .tls
        case CURLE_OUT_OF_MEMORY:
            return .noMemory
        case CURLE_UNSUPPORTED_PROTOCOL, CURLE_FAILED_INIT, CURLE_URL_MALFORMAT, CURLE_NOT_BUILT_IN,
             CURLE_BAD_FUNCTION_ARGUMENT, CURLE_UNKNOWN_OPTION:
            return .internal
        default:
            return .network
        }
    }
}

/// Collects one response's status line, headers and body as libcurl delivers them.
final class ResponseSink {
    private(set) var body: [UInt8] = []
    private(set) var headers: [String: String] = [:]
    private(set) var exceededLimit = false
    private let limit: Int

    init(limit: Int) { self.limit = limit }

    static let writeCallback: @convention(c) (UnsafeMutablePointer<CChar>, Int, Int, UnsafeMutableRawPointer?) -> Int = {
        data, size, count, context in
        guard let context else { return 0 }
        let sink = Unmanaged<ResponseSink>.fromOpaque(context).takeUnretainedValue()
        let (length, overflow) = size.multipliedReportingOverflow(by: count)
        // Returning a short count makes libcurl abort with CURLE_WRITE_ERROR.
        guard !overflow, sink.body.count <= sink.limit - length else {
            sink.exceededLimit = true
            return 0
        }
        sink.body.append(contentsOf: UnsafeRawBufferPointer(start: data, count: length))
        return length
    }

    static let headerCallback: @convention(c) (UnsafeMutablePointer<CChar>, Int, Int, UnsafeMutableRawPointer?) -> Int = {
        data, size, count, context in
        guard let context else { return 0 }
        let sink = Unmanaged<ResponseSink>.fromOpaque(context).takeUnretainedValue()
        let (length, overflow) = size.multipliedReportingOverflow(by: count)
        guard !overflow else { return 0 }
        sink.receiveHeaderLine(UnsafeRawBufferPointer(start: data, count: length))
        return length
    }

    /// One `Name: value` line: the name lower-cased, the value trimmed of
    /// spaces, tabs and the line end. Works on bytes (header names are ASCII
    /// tokens): Character-based String operations cost several times more on
    /// a path every call takes.
    private func receiveHeaderLine(_ bytes: UnsafeRawBufferPointer) {
        if bytes.starts(with: Self.statusLinePrefix) {
            headers = [:]  // a new response (e.g. after 100 Continue) starts over
            return
        }
        guard let colon = bytes.firstIndex(of: UInt8(ascii: ":")) else { return }
        let name = String(decoding: bytes[..<colon].lazy.map(Self.asciiLowercased), as: UTF8.self)
        var start = colon + 1, end = bytes.endIndex
        while start < end, Self.isHeaderSpace(bytes[start]) { start += 1 }
        while end > start, Self.isHeaderSpace(bytes[end - 1]) { end -= 1 }
        headers[name] = String(decoding: bytes[start..<end], as: UTF8.self)
    }

    private static let statusLinePrefix = Array("HTTP/".utf8)

    private static func asciiLowercased(_ byte: UInt8) -> UInt8 {
        (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte | 0x20 : byte
    }

    private static func isHeaderSpace(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\r") || byte == UInt8(ascii: "\n")
    }
}
