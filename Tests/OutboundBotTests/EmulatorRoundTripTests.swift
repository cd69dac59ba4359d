import Dispatch
import Foundation
import OutboundBotEmulator
import OutboundBotSigner
import Synchronization
import Testing
@testable import OutboundBot

/// The real client (libcurl transport, real signing) against the real
/// emulator, started in-process on a free loopback port.
@Suite(.serialized)
final class EmulatorRoundTripTests {
    let server: EmulatorServer
    let port: Int
    static let stsKey = AccessKey(id: "STS.emulator", secret: "sts-secret", securityToken: "sts-token-value")

    init() throws {
        server = try EmulatorServer(configuration: EmulatorConfiguration(
            accessKeys: [EmulatorConfiguration.developmentKey, Self.stsKey], concurrencyQuota: 100_000, adminEnabled: true))
        port = try server.start()
    }

    deinit {
        try? server.stop()
    }

    func client(_ version: SignatureVersion = .v3, secret: String = EmulatorConfiguration.developmentKey.secret,
                credentials: Credentials? = nil, readTimeoutMilliseconds: UInt32 = 10_000) throws -> OutboundBotClient {
        var configuration = ClientConfiguration()
        configuration.endpoint = "127.0.0.1:\(port)"
        configuration.scheme = .http
        configuration.signatureVersion = version
        configuration.readTimeoutMilliseconds = readTimeoutMilliseconds
        // One attempt: these tests see each fault as the transport reports it (RetryTests cover retries).
        configuration.retryPolicy = .off
        configuration.credentials = credentials ?? Credentials(accessKeyId: EmulatorConfiguration.developmentKey.id,
                                                               accessKeySecret: secret)
        return try OutboundBotClient(configuration: configuration)
    }

    func admin(_ method: String, _ path: String, _ json: String = "") -> EmulatorResponse {
        server.service.handle(IncomingRequest(method: method, uri: path, headers: [("content-type", "application/json")],
                                              body: Array(json.utf8)))
    }

    static func uniqueName(_ base: String) -> String { "\(base)-\(SigningContext.randomNonce().prefix(8))" }

    @Test(arguments: SignatureVersion.allCases)
    func createsAnInstanceWithChineseNameAndManyNumbers(_ version: SignatureVersion) throws {
        let name = Self.uniqueName("第一个实例")
        let numbers = (1...12).map { "9518\($0)" }
        let response = try client(version).createInstance(CreateInstanceRequest(
            instanceName: name, instanceDescription: "这是第一个使用的实例 & more=1+1 *~", maxConcurrentConversation: 4,
            nluServiceType: "Provided", resourceGroupId: "rg-acfmwd4qr3z773y", callingNumbers: numbers))
        let instance = try #require(response.instance)
        #expect(response.httpStatus == 200)
        #expect(!response.requestId.isEmpty)
        #expect(instance.instanceName == name)
        #expect(instance.instanceDescription == "这是第一个使用的实例 & more=1+1 *~")
        #expect(instance.maxConcurrentConversation == 4)
        #expect(instance.resourceGroupId == "rg-acfmwd4qr3z773y")
        #expect(!instance.instanceId.isEmpty)
        #expect(instance.creationTime > 1_600_000_000_000)
    }

    @Test func duplicateNameIsAServiceErrorWithEverything() throws {
        let name = Self.uniqueName("dup")
        let client = try client()
        _ = try client.createInstance(CreateInstanceRequest(instanceName: name, maxConcurrentConversation: 1))
        guard case .failure(let error) = client.call(CreateInstanceRequest(instanceName: name, maxConcurrentConversation: 1))
        else { Issue.record("expected a duplicate error"); return }
        #expect(error.kind == .service)
        #expect(error.code == "InvalidInstanceName.Duplicated")
        #expect(error.httpStatus == 400)
        #expect(!error.requestId.isEmpty)
        #expect(!error.body.isEmpty)
    }

    @Test(arguments: SignatureVersion.allCases)
    func wrongSecretIsRejected(_ version: SignatureVersion) throws {
        guard case .failure(let error) = try client(version, secret: "not-the-secret")
            .call(CreateInstanceRequest(instanceName: Self.uniqueName("x"), maxConcurrentConversation: 1))
        else { Issue.record("expected a signature error"); return }
        #expect(error.code == "SignatureDoesNotMatch")
        #expect(!error.message.contains("not-the-secret"))
    }

    @Test(arguments: SignatureVersion.allCases)
    func stsTokenTravelsAndIsChecked(_ version: SignatureVersion) throws {
        let good = Credentials(accessKeyId: Self.stsKey.id, accessKeySecret: Self.stsKey.secret, securityToken: "sts-token-value")
        _ = try client(version, credentials: good)
            .createInstance(CreateInstanceRequest(instanceName: Self.uniqueName("sts"), maxConcurrentConversation: 1))
        let bad = Credentials(accessKeyId: Self.stsKey.id, accessKeySecret: Self.stsKey.secret, securityToken: "other-token")
        guard case .failure(let error) = try client(version, credentials: bad)
            .call(CreateInstanceRequest(instanceName: Self.uniqueName("sts"), maxConcurrentConversation: 1))
        else { Issue.record("a wrong token must be refused"); return }
        #expect(error.kind == .service)
    }

    @Test func injectedInternalErrorAndBadGatewayKeepTheirStatus() throws {
        let client = try client()
        #expect(admin("POST", "/_emulator/faults", #"{"action":"CreateInstance","kind":"internal_error","count":1}"#).status == 200)
        guard case .failure(let internalError) = client.call(CreateInstanceRequest(instanceName: Self.uniqueName("f"), maxConcurrentConversation: 1))
        else { Issue.record("expected InternalError"); return }
        #expect(internalError.code == "InternalError")
        #expect(internalError.httpStatus == 500)

        #expect(admin("POST", "/_emulator/faults", #"{"action":"*","kind":"bad_gateway","count":1}"#).status == 200)
        guard case .failure(let badGateway) = client.call(CreateInstanceRequest(instanceName: Self.uniqueName("f"), maxConcurrentConversation: 1))
        else { Issue.record("expected a 502"); return }
        #expect(badGateway.httpStatus == 502)
        #expect(badGateway.kind == .service)
    }

    @Test func readTimeoutIsHonoured() throws {
        #expect(admin("POST", "/_emulator/faults", #"{"action":"ListInstances","kind":"delay","delay_ms":3000,"count":1}"#).status == 200)
        let started = DispatchTime.now()
        guard case .failure(let error) = try client(readTimeoutMilliseconds: 300)
            .call(OutboundBotRequest(action: "ListInstances"))
        else { Issue.record("expected a timeout"); return }
        #expect(error.kind == .timeout)
        // Generous bound: the point is that the 3 s answer was not awaited.
        #expect(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds < 2_900_000_000)
    }

    @Test func connectionClosedMidAnswerIsANetworkError() throws {
        #expect(admin("POST", "/_emulator/faults", #"{"action":"ListInstances","kind":"close","count":1}"#).status == 200)
        guard case .failure(let error) = try client()
            .call(OutboundBotRequest(action: "ListInstances"))
        else { Issue.record("expected a failure"); return }
        #expect(error.kind == .network || error.kind == .response)
    }

    /// The peer addresses of logged CreateInstance calls: one per TCP connection.
    func connectionsUsed() throws -> [String] {
        let log = try JSONSerialization.jsonObject(with: Data(admin("GET", "/_emulator/requests").body)) as? [String: Any]
        let entries = try #require(log?["requests"] as? [[String: Any]])
        return entries.filter { $0["action"] as? String == "CreateInstance" }.compactMap { $0["remote_address"] as? String }
    }

    @Test func sequentialCallsReuseOneKeepAliveConnection() throws {
        _ = admin("DELETE", "/_emulator/requests")
        let client = try client()
        for call in 0..<10 {
            _ = try client.createInstance(CreateInstanceRequest(instanceName: Self.uniqueName("ka\(call)"), maxConcurrentConversation: 1))
        }
        let connections = try connectionsUsed()
        #expect(connections.count == 10)
        #expect(Set(connections).count == 1)
    }

    @Test func oneClientSharedByEightThreads() throws {
        _ = admin("DELETE", "/_emulator/requests")
        let client = try client()
        let failures = Mutex<[String]>([])
        let prefix = Self.uniqueName("mt")
        DispatchQueue.concurrentPerform(iterations: 8) { thread in
            for call in 0..<20 {
                if case .failure(let error) = client.call(CreateInstanceRequest(instanceName: "\(prefix)-\(thread)-\(call)",
                                                                                maxConcurrentConversation: 1)) {
                    failures.withLock { $0.append(error.description) }
                }
            }
        }
        #expect(failures.withLock { $0 } == [])
        // Each thread holds at most one pooled connection at a time.
        let connections = try connectionsUsed()
        #expect(connections.count == 160)
        #expect(Set(connections).count <= 8)
    }
}
