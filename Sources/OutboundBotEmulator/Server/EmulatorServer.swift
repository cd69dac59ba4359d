import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL

/// The emulator on a socket: HTTP/1.1 (HTTPS with a certificate), keep-alive,
/// one event loop per core, every connection served by `EmulatorService`.
public final class EmulatorServer: Sendable {
    public let configuration: EmulatorConfiguration
    public let service: EmulatorService
    private let sslContext: NIOSSLContext?
    private let group: MultiThreadedEventLoopGroup
    private let channel = Locked<Channel?>(nil)

    /// Loads the state file and the TLS files; binds nothing yet.
    public init(configuration: EmulatorConfiguration) throws {
        self.configuration = configuration
        service = try EmulatorService(configuration: configuration)
        if let tls = configuration.tls {
            let chain = try NIOSSLCertificate.fromPEMFile(tls.certificatePath)
            let key = try NIOSSLPrivateKey(file: tls.privateKeyPath, format: .pem)
            var tlsConfiguration = TLSConfiguration.makeServerConfiguration(
                certificateChain: chain.map { .certificate($0) }, privateKey: .privateKey(key))
            // On stop, idle keep-alive clients rarely answer close_notify; waiting
            // the default 5 s for each would only delay every shutdown.
            tlsConfiguration.shutdownTimeout = .milliseconds(100)
            sslContext = try NIOSSLContext(configuration: tlsConfiguration)
        } else {
            sslContext = nil
        }
        group = MultiThreadedEventLoopGroup(numberOfThreads: max(1, configuration.threads ?? System.coreCount))
    }

    /// Binds and starts serving; returns the bound port.
    @discardableResult
    public func start() throws -> Int {
        try bootstrap().bind(host: configuration.host, port: configuration.port).map(store).wait()
    }

    /// Binds and starts serving; returns the bound port.
    @discardableResult
    public func start() async throws -> Int {
        try await bootstrap().bind(host: configuration.host, port: configuration.port).map(store).get()
    }

    /// The bound port, once started.
    public var port: Int? {
        channel.withLock { $0?.localAddress?.port }
    }

    /// `http://host:port` or `https://host:port`, once started.
    public var baseURL: String? {
        guard let port else { return nil }
        let host = configuration.host.contains(":") ? "[\(configuration.host)]" : configuration.host
        return (sslContext == nil ? "http" : "https") + "://" + host + ":" + String(port)
    }

    /// Saves state, stops accepting, closes the event loops. Call once.
    public func stop() throws {
        service.saveState()
        try takeChannel()?.close().wait()
        try group.syncShutdownGracefully()
    }

    /// Saves state, stops accepting, closes the event loops. Call once.
    public func stop() async throws {
        service.saveState()
        try await takeChannel()?.close().get()
        try await group.shutdownGracefully()
    }

    private func takeChannel() -> Channel? {
        channel.withLock { channel in
            defer { channel = nil }
            return channel
        }
    }

    private func store(_ bound: Channel) -> Int {
        channel.withLock { $0 = bound }
        return bound.localAddress?.port ?? configuration.port
    }

    private func bootstrap() -> ServerBootstrap {
        let service = self.service
        let sslContext = self.sslContext
        return ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 1024)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let pipeline = channel.pipeline.syncOperations
                    if let sslContext {
                        try pipeline.addHandler(NIOSSLServerHandler(context: sslContext))
                    }
                    try pipeline.configureHTTPServerPipeline(withPipeliningAssistance: true, withErrorHandling: true)
                    try pipeline.addHandler(HTTPHandler(service: service))
                }
            }
            // Small answers: send each at once instead of waiting for more to coalesce.
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.maxMessagesPerRead, value: 16)
    }
}
