import CCurlShim
import CLibcurl

/// One libcurl easy handle and the connection it keeps alive.
///
/// An exchange is `prepare`, then libcurl's work (`curl_easy_perform` for a
/// blocking call, or the multi interface for an asynchronous one), then
/// `complete`. Between the two the handle holds the exchange's state.
///
/// Not thread-safe: libcurl forbids using an easy handle from two threads at
/// once. `CurlTransport`'s pool and `CurlMultiLoop` hand each handle to one
/// thread at a time, which is what makes the `@unchecked Sendable` true.
final class CurlEasyHandle: @unchecked Sendable {
    let handle: UnsafeMutableRawPointer
    private let errorBuffer: UnsafeMutablePointer<CChar>
    private var headerList: UnsafeMutablePointer<curl_slist>?
    private var sink: ResponseSink?
    private var url = ""

    init?() {
        guard let handle = curl_easy_init() else { return nil }
        self.handle = handle
        errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
    }

    deinit {
        curl_easy_cleanup(handle)
        curl_slist_free_all(headerList)
        errorBuffer.deallocate()
    }

    /// Performs one exchange on the calling thread.
    func perform(_ request: HTTPRequest, options: CurlTransportOptions) -> Result<HTTPResponse, OutboundBotError> {
        if let error = prepare(request, options: options) { return .failure(error) }
        return complete(curl_easy_perform(handle), options: options)
    }

    /// Sets every option for `request`, after `curl_easy_reset`: the live
    /// connection, DNS and TLS session caches survive. nil when ready.
    func prepare(_ request: HTTPRequest, options: CurlTransportOptions) -> OutboundBotError? {
        curl_easy_reset(handle)
        errorBuffer[0] = 0
        curl_slist_free_all(headerList)
        headerList = nil
        url = request.url

        // "Name:" with no value removes a header curl would add on its own.
        for line in request.headers.map({ "\($0.name): \($0.value)" }) + ["Content-Type:", "Expect:", "Accept: application/json"] {
            guard let appended = curl_slist_append(headerList, line) else {
                return OutboundBotError(.noMemory, "out of memory building request headers")
            }
            headerList = appended
        }

        let sink = ResponseSink(limit: options.maxResponseBytes, cancellation: request.cancellation)
        self.sink = sink
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
            obb_shim_easy_setopt_long(handle, CURLOPT_SSLVERSION, Self.sslVersion(options.minimumTLSVersion)),
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
        if let proxy = options.proxy {
            codes.append(obb_shim_easy_setopt_string(handle, CURLOPT_PROXY, proxy))
        }
        if let noProxy = options.noProxy {
            codes.append(obb_shim_easy_setopt_string(handle, CURLOPT_NOPROXY, noProxy))
        }
        if request.cancellation != nil {
            // Only calls that can be cancelled pay for progress callbacks.
            codes.append(obb_shim_easy_setopt_long(handle, CURLOPT_NOPROGRESS, 0))
            codes.append(obb_shim_easy_setopt_xferinfo_function(handle, ResponseSink.progressCallback))
            codes.append(obb_shim_easy_setopt_pointer(handle, CURLOPT_XFERINFODATA, sinkPointer))
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
            self.sink = nil
            return OutboundBotError(.internal, "libcurl rejected an option: \(describe(failed))")
        }
        return nil
    }

    /// The outcome of the prepared exchange, which libcurl ended with `code`.
    func complete(_ code: CURLcode, options: CurlTransportOptions) -> Result<HTTPResponse, OutboundBotError> {
        guard let sink else { return .failure(OutboundBotError(.internal, "no exchange was prepared")) }
        self.sink = nil
        if code != CURLE_OK {
            if sink.exceededLimit {
                return .failure(OutboundBotError(.response, "the response body exceeds \(options.maxResponseBytes) bytes"))
            }
            if code == CURLE_ABORTED_BY_CALLBACK, sink.cancellation?.isCancelled == true {
                return .failure(OutboundBotError(.cancelled, "the call was cancelled during the exchange"))
            }
            var error = OutboundBotError(Self.kind(of: code), "\(describe(code)) (\(url.prefix { $0 != "?" }))")
            error.requestMayHaveReachedService = requestMayHaveBeenSent(after: code)
            return .failure(error)
        }
        var status = 0
        _ = obb_shim_easy_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &status)
        return .success(HTTPResponse(status: status, headers: sink.headers, body: sink.body))
    }

    /// Whether any of the request may have reached the service. Failures
    /// before the connection was ready cannot have; for a timeout, libcurl's
    /// pre-transfer time says whether sending began (0 when it never did).
    private func requestMayHaveBeenSent(after code: CURLcode) -> Bool {
        switch code {
        case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY, CURLE_COULDNT_CONNECT, CURLE_SSL_CONNECT_ERROR:
            return false
        case CURLE_OPERATION_TIMEDOUT:
            var pretransfer: curl_off_t = 0
            guard obb_shim_easy_getinfo_off_t(handle, CURLINFO_PRETRANSFER_TIME_T, &pretransfer) == CURLE_OK else { return true }
            return pretransfer > 0
        default:
            return true
        }
    }

    private func describe(_ code: CURLcode) -> String {
        let summary = String(cString: curl_easy_strerror(code))
        let detail = String(cString: errorBuffer)
        return detail.isEmpty ? "curl error \(code.rawValue): \(summary)" : "curl error \(code.rawValue): \(summary): \(detail)"
    }

    private static func sslVersion(_ version: TLSVersion) -> Int {
        switch version {
        case .v1_2: CURL_SSLVERSION_TLSv1_2
        case .v1_3: CURL_SSLVERSION_TLSv1_3
        }
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

/// Collects one response's status line, headers and body as libcurl
/// delivers them, and tells libcurl to stop when the call is cancelled.
final class ResponseSink {
    private(set) var body: [UInt8] = []
    private(set) var headers: [String: String] = [:]
    private(set) var exceededLimit = false
    let cancellation: CancellationToken?
    private let limit: Int

    init(limit: Int, cancellation: CancellationToken? = nil) {
        self.limit = limit
        self.cancellation = cancellation
    }

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

    /// Non-zero aborts the transfer with CURLE_ABORTED_BY_CALLBACK.
    static let progressCallback: @convention(c) (UnsafeMutableRawPointer?, curl_off_t, curl_off_t, curl_off_t, curl_off_t) -> Int32 = {
        context, _, _, _, _ in
        guard let context else { return 0 }
        let sink = Unmanaged<ResponseSink>.fromOpaque(context).takeUnretainedValue()
        return sink.cancellation?.isCancelled == true ? 1 : 0
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
