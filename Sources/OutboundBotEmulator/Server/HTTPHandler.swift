import NIOCore
import NIOHTTP1

/// One connection's HTTP/1.1 exchanges: collects a request, asks the service,
/// writes the answer. NIO's server pipeline in front of it hands over one
/// request at a time, so pipelined requests are answered in order.
final class HTTPHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let service: EmulatorService
    private var head: HTTPRequestHead?
    private var body: [UInt8] = []
    private var bodyTooLarge = false
    /// False once the channel is gone, so a delayed answer is dropped, not written.
    private var isActive = true

    init(service: EmulatorService) {
        self.service = service
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            self.head = head
            body.removeAll(keepingCapacity: true)
            bodyTooLarge = false
            // curl (and libcurl) wait for this before sending a larger body.
            if head.headers["expect"].contains(where: { $0.lowercased() == "100-continue" }) {
                let interim = HTTPResponseHead(version: head.version, status: .continue)
                context.writeAndFlush(wrapOutboundOut(.head(interim)), promise: nil)
            }
        case .body(var buffer):
            guard !bodyTooLarge else { return }
            if body.count + buffer.readableBytes > EmulatorService.maxBodyBytes {
                bodyTooLarge = true
                body.removeAll()
            } else if let bytes = buffer.readBytes(length: buffer.readableBytes) {
                body.append(contentsOf: bytes)
            }
        case .end:
            guard let head else { return }
            self.head = nil
            respond(to: head, context: context)
        }
    }

    private func respond(to head: HTTPRequestHead, context: ChannelHandlerContext) {
        let response: EmulatorResponse
        if bodyTooLarge {
            response = service.bodyTooLarge()
        } else {
            let request = IncomingRequest(
                method: head.method.rawValue, uri: head.uri,
                headers: head.headers.map { (name: $0.name, value: $0.value) }, body: body,
                remoteAddress: context.channel.remoteAddress.flatMap { address in
                    address.ipAddress.map { "\($0):\(address.port ?? 0)" }
                })
            response = service.handle(request)
        }
        let keepAlive = head.isKeepAlive && !bodyTooLarge
        switch response.delivery {
        case .normal:
            write(response, version: head.version, keepAlive: keepAlive, context: context)
        case .delayed(let milliseconds):
            // Scheduled, never slept: the event loop keeps serving other connections.
            context.eventLoop.assumeIsolated().scheduleTask(in: .milliseconds(Int64(milliseconds))) {
                guard self.isActive else { return }
                self.write(response, version: head.version, keepAlive: keepAlive, context: context)
            }
        case .cutMidway:
            writeCut(response, version: head.version, context: context)
        }
    }

    private func responseHead(_ response: EmulatorResponse, version: HTTPVersion, keepAlive: Bool) -> HTTPResponseHead {
        var headers = HTTPHeaders(response.headers.map { ($0.name, $0.value) })
        headers.replaceOrAdd(name: "content-length", value: String(response.body.count))
        if !keepAlive {
            headers.replaceOrAdd(name: "connection", value: "close")
        } else if version.major == 1 && version.minor == 0 {
            headers.replaceOrAdd(name: "connection", value: "keep-alive")
        }
        return HTTPResponseHead(version: version, status: HTTPResponseStatus(statusCode: response.status), headers: headers)
    }

    private func write(_ response: EmulatorResponse, version: HTTPVersion, keepAlive: Bool, context: ChannelHandlerContext) {
        context.write(wrapOutboundOut(.head(responseHead(response, version: version, keepAlive: keepAlive))), promise: nil)
        var buffer = context.channel.allocator.buffer(capacity: response.body.count)
        buffer.writeBytes(response.body)
        context.write(wrapOutboundOut(.body(.byteBuffer(buffer))), promise: nil)
        let written = context.writeAndFlush(wrapOutboundOut(.end(nil)))
        if !keepAlive {
            written.assumeIsolated().whenComplete { _ in context.close(promise: nil) }
        }
    }

    /// The head announces the whole body, but only half of it is sent before
    /// the connection closes: a client sees an answer break off mid-way.
    private func writeCut(_ response: EmulatorResponse, version: HTTPVersion, context: ChannelHandlerContext) {
        context.write(wrapOutboundOut(.head(responseHead(response, version: version, keepAlive: true))), promise: nil)
        var buffer = context.channel.allocator.buffer(capacity: response.body.count / 2)
        buffer.writeBytes(response.body.prefix(response.body.count / 2))
        context.writeAndFlush(wrapOutboundOut(.body(.byteBuffer(buffer))))
            .assumeIsolated().whenComplete { _ in context.close(promise: nil) }
    }

    func channelInactive(context: ChannelHandlerContext) {
        isActive = false
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        isActive = false
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        // A broken connection or TLS failure ends this connection only.
        context.close(promise: nil)
    }
}
