/// STS calls on `/`: the gateway sends a request whose Version is STS's here,
/// before the OutboundBot catalogue is consulted. Faults armed over the admin
/// API apply to OutboundBot actions only.
extension RPCGateway {
    func handleSTS(_ request: RPCRequest, from incoming: IncomingRequest, requestId: String,
                   hostId: String) -> EmulatorResponse {
        do {
            let fields = try sts.perform(request, nowMilliseconds: IdentityTime.nowMilliseconds())
            record(RequestLog.entry(for: request, code: "OK", httpStatus: 200), from: incoming)
            // STS answers carry only RequestId beside the result, no Code/Success envelope.
            return render(.object([.init("RequestId", .string(requestId))] + fields), status: 200,
                          root: (request.action ?? "") + "Response", requestId: requestId, xml: request.wantsXML)
        } catch {
            record(RequestLog.entry(for: request, code: error.code, httpStatus: error.status), from: incoming)
            return errorResponse(error, requestId: requestId, hostId: hostId, xml: request.wantsXML, product: "Sts")
        }
    }
}
