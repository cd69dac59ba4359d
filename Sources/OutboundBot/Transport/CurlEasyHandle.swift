import CCurlShim
import CLibcurl

/// One libcurl easy handle and the connection it keeps alive.
///
/// An exchange is `prepare`, then libcurl's work (`curl_easy_perform` for a
/// blocking call, or the multi interface for an asynchronous one), then
/// `complete`. Between the two the handle holds the exchange's state.
///
/// The transport's options are set once, when the handle is made; an
/// exchange sets only what changes from one request to the next (URL,
/// headers, method, body, timeouts, progress checks), so libcurl's options
/// are not reset and parsed again on every call.
///
/// Not thread-safe: libcurl forbids using an easy handle from two threads at
/// once. `CurlTransport`'s pool and `CurlMultiLoop` hand each handle to one
/// thread at a time, which is what makes the `@unchecked Sendable` true.
final class CurlEasyHandle: @unchecked Sendable {
    let handle: UnsafeMutableRawPointer
    private let options: CurlTransportOptions
    private let errorBuffer: UnsafeMutablePointer<CChar>
    private let sink: ResponseSink
    private var headerList = CurlHeaderList()
    /// Sent after the request's own headers. The User-Agent is one of them,
    /// not CURLOPT_USERAGENT, which libcurl formats into a line again before
    /// every transfer (about 5,000 instructions).
    private let fixedHeaderLines: [String]
    /// The User-Agent line for a proxy's CONNECT, which reads only this list.
    private let proxyHeaderList: UnsafeMutablePointer<curl_slist>?
    private var url = ""
    private var prepared = false

    /// nil when libcurl cannot make a handle or refuses one of `options`.
    init?(options: CurlTransportOptions) {
        guard let handle = curl_easy_init() else { return nil }
        self.handle = handle
        self.options = options
        errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
        sink = ResponseSink(limit: options.maxResponseBytes)
        let userAgent = "User-Agent: " + options.userAgent
        fixedHeaderLines = [userAgent, "Content-Type:", "Expect:", "Accept: application/json"]
        proxyHeaderList = curl_slist_append(nil, userAgent)
        guard proxyHeaderList != nil, setFixedOptions() else { return nil }
    }

    deinit {
        curl_easy_cleanup(handle)  // before `headerList` frees the lines it may point at
        curl_slist_free_all(proxyHeaderList)
        errorBuffer.deallocate()
    }

    /// What stays the same for every exchange of this transport.
    private func setFixedOptions() -> Bool {
        let sinkPointer = Unmanaged.passUnretained(sink).toOpaque()
        var codes: [CURLcode] = [
            obb_shim_easy_setopt_string(handle, CURLOPT_PROTOCOLS_STR, options.scheme),
            obb_shim_easy_setopt_long(handle, CURLOPT_NOSIGNAL, 1),
            obb_shim_easy_setopt_long(handle, CURLOPT_TCP_KEEPALIVE, 1),
            obb_shim_easy_setopt_long(handle, CURLOPT_SSL_VERIFYPEER, 1),
            obb_shim_easy_setopt_long(handle, CURLOPT_SSL_VERIFYHOST, 2),
            obb_shim_easy_setopt_long(handle, CURLOPT_SSLVERSION, Self.sslVersion(options.minimumTLSVersion)),
            obb_shim_easy_setopt_slist(handle, CURLOPT_PROXYHEADER, proxyHeaderList),
            obb_shim_easy_setopt_pointer(handle, CURLOPT_ERRORBUFFER, errorBuffer),
            obb_shim_easy_setopt_write_function(handle, ResponseSink.writeCallback),
            obb_shim_easy_setopt_pointer(handle, CURLOPT_WRITEDATA, sinkPointer),
            obb_shim_easy_setopt_header_function(handle, ResponseSink.headerCallback),
            obb_shim_easy_setopt_pointer(handle, CURLOPT_HEADERDATA, sinkPointer),
            obb_shim_easy_setopt_xferinfo_function(handle, ResponseSink.progressCallback),
            obb_shim_easy_setopt_pointer(handle, CURLOPT_XFERINFODATA, sinkPointer),
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
        return codes.allSatisfy { $0 == CURLE_OK }
    }

    /// Performs one exchange on the calling thread.
    func perform(_ request: HTTPRequest) -> Result<HTTPResponse, OutboundBotError> {
        if let error = prepare(request) { return .failure(error) }
        return complete(curl_easy_perform(handle))
    }

    /// Sets what this request changes; the live connection, DNS and TLS
    /// session caches stay. nil when ready.
    func prepare(_ request: HTTPRequest) -> OutboundBotError? {
        errorBuffer[0] = 0
        url = request.url
        let headers: UnsafeMutablePointer<curl_slist>?
        do throws(OutboundBotError) {
            headers = try headerList.rebuild(request.headers, fixedLines: fixedHeaderLines)
        } catch {
            return error
        }

        sink.reset(cancellation: request.cancellation)
        let timeout = request.timeoutMilliseconds ?? .max
        var result = OptionResult()
        result.record(obb_shim_easy_setopt_string(handle, CURLOPT_URL, request.url))
        result.record(obb_shim_easy_setopt_slist(handle, CURLOPT_HTTPHEADER, headers))
        result.record(obb_shim_easy_setopt_long(handle, CURLOPT_CONNECTTIMEOUT_MS,
                                                Int(min(options.connectTimeoutMilliseconds, timeout))))
        result.record(obb_shim_easy_setopt_long(handle, CURLOPT_TIMEOUT_MS, Int(min(options.readTimeoutMilliseconds, timeout))))
        // Only calls that can be cancelled pay for progress callbacks.
        result.record(obb_shim_easy_setopt_long(handle, CURLOPT_NOPROGRESS, request.cancellation == nil ? 1 : 0))
        switch request.method {
        case "GET":
            result.record(obb_shim_easy_setopt_long(handle, CURLOPT_HTTPGET, 1))
            result.record(obb_shim_easy_setopt_pointer(handle, CURLOPT_CUSTOMREQUEST, nil))
        case "PUT" where request.body.isEmpty:
            // The metadata service's token PUT: no body, and no chunked upload.
            result.record(obb_shim_easy_setopt_long(handle, CURLOPT_HTTPGET, 1))
            result.record(obb_shim_easy_setopt_string(handle, CURLOPT_CUSTOMREQUEST, "PUT"))
        default:
            result.record(obb_shim_easy_setopt_long(handle, CURLOPT_POST, 1))
            result.record(obb_shim_easy_setopt_long(handle, CURLOPT_POSTFIELDSIZE, request.body.count))
            // COPYPOSTFIELDS copies the bytes, so the array need not outlive this call.
            result.record(request.body.withUnsafeBytes { bytes in
                obb_shim_easy_setopt_pointer(handle, CURLOPT_COPYPOSTFIELDS, bytes.baseAddress ?? UnsafeRawPointer(errorBuffer))
            })
            if request.method == "POST" {
                result.record(obb_shim_easy_setopt_pointer(handle, CURLOPT_CUSTOMREQUEST, nil))
            } else {
                result.record(obb_shim_easy_setopt_string(handle, CURLOPT_CUSTOMREQUEST, request.method))
            }
        }
        guard result.failure == CURLE_OK else {
            return OutboundBotError(.internal, "libcurl rejected an option: \(describe(result.failure))")
        }
        prepared = true
        return nil
    }

    /// The first option libcurl refused, or CURLE_OK (without an array of
    /// results per exchange).
    private struct OptionResult {
        private(set) var failure = CURLE_OK
        mutating func record(_ code: CURLcode) {
            if failure == CURLE_OK { failure = code }
        }
    }

    /// The outcome of the prepared exchange, which libcurl ended with `code`.
    func complete(_ code: CURLcode) -> Result<HTTPResponse, OutboundBotError> {
        guard prepared else { return .failure(OutboundBotError(.internal, "no exchange was prepared")) }
        prepared = false
        defer { sink.reset(cancellation: nil) }
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
        return .success(HTTPResponse(status: status, headerBlock: sink.headerBlock, body: sink.body))
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

/// Collects one response's header lines and body as libcurl delivers them,
/// and tells libcurl to stop when the call is cancelled. One per easy
/// handle, reset for each exchange.
final class ResponseSink {
    private(set) var body: [UInt8] = []
    private(set) var headerBlock: [UInt8] = []
    private(set) var exceededLimit = false
    private(set) var cancellation: CancellationToken?
    private let limit: Int

    init(limit: Int, cancellation: CancellationToken? = nil) {
        self.limit = limit
        self.cancellation = cancellation
    }

    /// Ready for the next exchange; the buffers go to the response, not back here.
    func reset(cancellation: CancellationToken?) {
        body = []
        headerBlock = []
        exceededLimit = false
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
        guard sink.headerBlock.count <= sink.limit - length else {
            sink.exceededLimit = true
            return 0
        }
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

    /// Keeps the line as received; `HTTPResponse` reads names and values
    /// only when asked. A status line starts a new response (after a
    /// 100 Continue, say), so the lines before it are dropped.
    private func receiveHeaderLine(_ bytes: UnsafeRawBufferPointer) {
        if bytes.starts(with: Self.statusLinePrefix) {
            headerBlock.removeAll(keepingCapacity: true)
            headerBlock.reserveCapacity(Self.headerBlockCapacity)
            return
        }
        headerBlock.append(contentsOf: bytes)
    }

    private static let statusLinePrefix = Array("HTTP/".utf8)
    /// Room for a usual answer's header lines, so the block is allocated
    /// once rather than grown (and copied) line by line.
    private static let headerBlockCapacity = 1024
}
