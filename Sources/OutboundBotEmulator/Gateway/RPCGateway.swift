import Foundation
import OutboundBotCatalogue

/// RPC calls on `/`: routing, signature verification, fault injection, the
/// parameter check against the catalogue, the action, and the answer in JSON
/// (or XML for `Format=XML`). Every answer, and every error, is logged.
/// A call with STS's Version goes to `sts` instead (RPCGateway+STS.swift).
struct RPCGateway: Sendable {
    let verifier: SignatureVerifier
    let store: StateStore
    let faults: FaultInjector
    let log: RequestLog
    let sts: STSActions

    /// Logs `entry` with the connection it arrived on.
    func record(_ entry: RequestLog.Entry, from incoming: IncomingRequest) {
        var entry = entry
        entry.remoteAddress = incoming.remoteAddress
        log.append(entry)
    }

    func handle(_ incoming: IncomingRequest) -> EmulatorResponse {
        let requestId = UUID().uuidString
        let hostId = Self.hostId(incoming.headers)
        let request: RPCRequest
        do {
            request = try RPCRequest(method: incoming.method, rawQuery: incoming.rawQuery,
                                     headers: incoming.headers, body: incoming.body)
        } catch {
            record(RequestLog.unparsedEntry(method: incoming.method, query: incoming.rawQuery,
                                            headers: incoming.headers, code: error.code, httpStatus: error.status),
                   from: incoming)
            return errorResponse(error, requestId: requestId, hostId: hostId, xml: false)
        }
        if request.version == STSParameters.version {
            return handleSTS(request, from: incoming, requestId: requestId, hostId: hostId)
        }

        var fault: FaultInjector.Rule?
        let outcome: Result<[ResponseValue.Field], GatewayError>
        do {
            outcome = .success(try process(request, fault: &fault))
        } catch {
            outcome = .failure(error)
        }

        // What the call did, logged with what the answer said.
        func logged(_ code: String, _ status: Int) -> RequestLog.Entry {
            var entry = RequestLog.entry(for: request, code: code, httpStatus: status)
            entry.fault = fault?.kind.rawValue
            if case .success = outcome, fault.map(\.kind.performsAction) ?? true {
                entry.performed = true
            } else {
                entry.performed = false
            }
            return entry
        }

        switch fault?.kind {
        case .badGateway?:
            record(logged("BadGateway", 502), from: incoming)
            return Self.badGatewayPage
        case .errorAfterPerforming?:
            // The action ran (or failed on its own); the caller hears only that the server failed.
            let error = GatewayError.internalError
            record(logged(error.code, error.status), from: incoming)
            return errorResponse(error, requestId: requestId, hostId: hostId, xml: request.wantsXML)
        default:
            break
        }
        var response: EmulatorResponse
        switch outcome {
        case .success(let fields):
            record(logged("OK", 200), from: incoming)
            response = successResponse(fields, action: request.action ?? "", requestId: requestId, xml: request.wantsXML)
        case .failure(let error):
            record(logged(error.code, error.status), from: incoming)
            response = errorResponse(error, requestId: requestId, hostId: hostId, xml: request.wantsXML)
        }
        switch fault?.kind {
        case .delay?: response.delivery = .delayed(milliseconds: fault?.delayMilliseconds ?? 0)
        case .close?: response.delivery = .cutMidway
        default: break
        }
        return response
    }

    /// The gateway's checks in order, then the action. `fault` reports an armed
    /// fault that fired, for the caller to shape the delivery.
    ///
    /// Order: method, Action, Version, the action in the catalogue (else
    /// `InvalidAction.NotFound`), the signature, an armed fault, the parameters
    /// (`ParameterCheck`), then the action itself, or `Emulator.ActionNotImplemented`
    /// for a catalogued action the emulator does not carry out (`ActionRouter`).
    private func process(_ request: RPCRequest, fault: inout FaultInjector.Rule?) throws(GatewayError) -> [ResponseValue.Field] {
        guard request.method == "GET" || request.method == "POST" else { throw .methodNotAllowed }
        guard let action = request.action, !action.isEmpty else { throw .missing("Action") }
        guard let version = request.version, !version.isEmpty else { throw .missing("Version") }
        guard version == Catalogue.apiVersion else { throw .invalidVersion(version) }
        guard let spec = Catalogue.action(named: action) else { throw .invalidActionNotFound }
        let now = Date().timeIntervalSince1970
        _ = try verifier.verify(request, now: Int64(now))

        // A fault is a server failure, so it fires only once the caller is authenticated.
        if let rule = faults.take(action: action, parameters: request.parameters) {
            fault = rule
            switch rule.kind {
            case .internalError: throw .internalError
            case .throttling: throw .throttling(retryAfterMilliseconds: rule.retryAfterMilliseconds)
            case .badGateway: return []
            case .delay, .close, .errorAfterPerforming: break
            }
        }
        try ParameterCheck.check(request, against: spec)
        return try ActionRouter.perform(action, parameters: request.parameters, store: store,
                                        nowMilliseconds: Int64(now * 1000))
    }

    // MARK: Answers

    private func successResponse(_ fields: [ResponseValue.Field], action: String, requestId: String,
                                 xml: Bool) -> EmulatorResponse {
        let body = ResponseValue.object([
            .init("RequestId", .string(requestId)),
            .init("Code", .string("OK")),
            .init("Message", .string("Success")),
            .init("HttpStatusCode", .int(200)),
            .init("Success", .bool(true)),
        ] + fields)
        return render(body, status: 200, root: action + "Response", requestId: requestId, xml: xml)
    }

    func errorResponse(_ error: GatewayError, requestId: String, hostId: String, xml: Bool,
                       product: String = "OutboundBot") -> EmulatorResponse {
        let body = ResponseValue.fields([
            ("RequestId", .string(requestId)),
            ("HostId", .string(hostId)),
            ("Code", .string(error.code)),
            ("Message", .string(error.message)),
            ("Recommend", .string("https://api.aliyun.com/troubleshoot?q=\(error.code)&product=\(product)")),
            ("HttpStatusCode", .int(error.status)),
            ("Success", .bool(false)),
        ])
        var response = render(body, status: error.status, root: "Error", requestId: requestId, xml: xml)
        if let milliseconds = error.retryAfterMilliseconds {
            // The gateway's own header is in milliseconds; the standard one in whole seconds.
            response.headers.append(("x-acs-retry-after", String(milliseconds)))
            response.headers.append(("retry-after", String((milliseconds + 999) / 1000)))
        }
        return response
    }

    func render(_ body: ResponseValue, status: Int, root: String, requestId: String, xml: Bool) -> EmulatorResponse {
        let text = xml ? ResponseWriter.xml(root: root, body) : ResponseWriter.json(body)
        return EmulatorResponse(
            status: status,
            headers: [("content-type", xml ? ResponseWriter.xmlContentType : ResponseWriter.jsonContentType),
                      ("x-acs-request-id", requestId)],
            body: Array(text.utf8))
    }

    /// The host the client addressed, without its port, as the gateway names itself.
    private static func hostId(_ headers: [(name: String, value: String)]) -> String {
        guard let host = headers.first(where: { $0.name.lowercased() == "host" })?.value, !host.isEmpty else {
            return "outboundbot.emulator"
        }
        if host.hasPrefix("[") { return String(host.prefix { $0 != "]" }) + "]" }
        return String(host.prefix { $0 != ":" })
    }

    /// What a proxy in front of the service sends when the backend fails: HTML, not JSON.
    static let badGatewayPage = EmulatorResponse(
        status: 502, headers: [("content-type", "text/html")],
        body: Array("""
            <html>
            <head><title>502 Bad Gateway</title></head>
            <body>
            <center><h1>502 Bad Gateway</h1></center>
            <hr><center>outboundbot-emulator</center>
            </body>
            </html>

            """.utf8))
}
