import OutboundBotSigner
import Synchronization
import Testing
@testable import OutboundBot

/// What the client hands its transport, checked with a fixed clock and nonce.
/// (The real transport and server are exercised in EmulatorRoundTripTests.)
struct ClientSigningTests {
    /// Records each request and answers with a fixed response.
    final class RecordingTransport: HTTPTransport {
        let requests = Mutex<[HTTPRequest]>([])
        let answer: Result<HTTPResponse, OutboundBotError>

        init(answer: Result<HTTPResponse, OutboundBotError>) { self.answer = answer }

        func send(_ request: HTTPRequest) -> Result<HTTPResponse, OutboundBotError> {
            requests.withLock { $0.append(request) }
            return answer
        }
    }

    static let okBody = #"{"RequestId":"R","Success":true,"Code":"OK","Instance":{"InstanceId":"i-1","InstanceName":"n"}}"#

    func makeClient(_ signatureVersion: SignatureVersion = .v3, token: String? = nil,
                    answer: Result<HTTPResponse, OutboundBotError> = .success(HTTPResponse(status: 200, headers: [:], body: Array(okBody.utf8))))
    throws -> (OutboundBotClient, RecordingTransport) {
        var configuration = ClientConfiguration()
        configuration.endpoint = "127.0.0.1:8080"
        configuration.scheme = .http
        configuration.signatureVersion = signatureVersion
        let transport = RecordingTransport(answer: answer)
        let client = try OutboundBotClient(
            configuration: configuration,
            credentials: Credentials(accessKeyId: "testid", accessKeySecret: "SECRET-VALUE", securityToken: token),
            transport: transport, clock: { 1_700_000_000 }, nonce: { "fixed-nonce" })
        return (client, transport)
    }

    let request = CreateInstanceRequest(instanceName: "第一个实例", maxConcurrentConversation: 4,
                                        callingNumbers: (1...11).map { "9518\($0)" })

    @Test func v3RequestIsSignedOverWhatIsSent() throws {
        let (client, transport) = try makeClient(.v3)
        let response = try client.createInstance(request)
        #expect(response.instance?.instanceId == "i-1")
        let sent = try #require(transport.requests.withLock { $0.first })
        #expect(sent.method == "POST")
        #expect(sent.url.hasPrefix("http://127.0.0.1:8080/?CallingNumber.1=95181&CallingNumber.10=951810&CallingNumber.11=951811&CallingNumber.2=95182"))
        let headers = Dictionary(uniqueKeysWithValues: sent.headers.map { ($0.name.lowercased(), $0.value) })
        #expect(headers["x-acs-action"] == "CreateInstance")
        #expect(headers["x-acs-version"] == "2019-12-26")
        #expect(headers["x-acs-date"] == "2023-11-14T22:13:20Z")
        #expect(headers["x-acs-signature-nonce"] == "fixed-nonce")
        #expect(headers["host"] == nil, "curl derives Host from the URL")

        // Recompute the signature as a server would, from what was sent.
        let query = String(sent.url.split(separator: "?", maxSplits: 1)[1])
        let pairs = try #require(PercentEncoding.parseQuery(Substring(query), plusIsSpace: false))
        var signedHeaders = sent.headers.filter { $0.name != "Authorization" }
        signedHeaders.append(("host", "127.0.0.1:8080"))
        let (canonical, signed) = SignatureV3.canonicalHeaders(signedHeaders)
        let canonicalRequest = SignatureV3.canonicalRequest(
            method: "POST", path: "/", canonicalQuery: SignatureV3.canonicalQueryString(pairs),
            canonicalHeaders: canonical, signedHeaders: signed, hashedPayload: SignatureV3.hashedPayload([UInt8]()))
        let signature = SignatureV3.signature(stringToSign: SignatureV3.stringToSign(canonicalRequest: canonicalRequest),
                                              secret: "SECRET-VALUE")
        #expect(headers["authorization"] == SignatureV3.authorization(accessKeyId: "testid", signedHeaders: signed, signature: signature))
    }

    @Test func v1RequestCarriesCommonParametersAndToken() throws {
        let (client, transport) = try makeClient(.v1, token: "STS-TOKEN")
        _ = try client.createInstance(request)
        let sent = try #require(transport.requests.withLock { $0.first })
        let query = String(sent.url.split(separator: "?", maxSplits: 1)[1])
        let pairs = try #require(PercentEncoding.parseQuery(Substring(query), plusIsSpace: false))
        let parameters = Dictionary(pairs.map { ($0.name, $0.value) }, uniquingKeysWith: { a, _ in a })
        #expect(parameters["Action"] == "CreateInstance")
        #expect(parameters["Version"] == "2019-12-26")
        #expect(parameters["SecurityToken"] == "STS-TOKEN")
        #expect(parameters["Timestamp"] == "2023-11-14T22:13:20Z")
        #expect(parameters["SignatureNonce"] == "fixed-nonce")
        #expect(parameters["InstanceName"] == "第一个实例")
    }

    @Test func secretNeverLeavesTheClient() throws {
        for version in SignatureVersion.allCases {
            let (client, transport) = try makeClient(version)
            _ = try client.createInstance(request)
            let sent = try #require(transport.requests.withLock { $0.first })
            #expect(!sent.url.contains("SECRET-VALUE"))
            #expect(!sent.headers.contains { $0.value.contains("SECRET-VALUE") })
        }
    }

    @Test func invalidRequestSendsNothing() throws {
        let (client, transport) = try makeClient()
        let result = client.call(CreateInstanceRequest(instanceName: "", maxConcurrentConversation: 4))
        guard case .failure(let error) = result else { Issue.record("expected a failure"); return }
        #expect(error.kind == .invalidArgument)
        #expect(error.attempts == 0)
        #expect(transport.requests.withLock { $0.isEmpty })
    }

    @Test func transportErrorsCountTheAttempt() throws {
        let (client, _) = try makeClient(answer: .failure(OutboundBotError(.timeout, "timed out")))
        guard case .failure(let error) = client.call(request) else { Issue.record("expected a failure"); return }
        #expect(error.kind == .timeout)
        #expect(error.attempts == 1)
    }

    @Test func headerValuesWithLineBreaksAreRejected() {
        var configuration = ClientConfiguration()
        configuration.userAgentSuffix = "x\r\nInjected: 1"
        #expect(throws: OutboundBotError.self) {
            _ = try OutboundBotClient(configuration: configuration,
                                      credentials: Credentials(accessKeyId: "a", accessKeySecret: "b"),
                                      transport: RecordingTransport(answer: .failure(OutboundBotError(.internal, ""))),
                                      clock: { 0 }, nonce: { "" })
        }
        #expect(throws: OutboundBotError.self) {
            _ = try OutboundBotClient(configuration: ClientConfiguration(),
                                      credentials: Credentials(accessKeyId: "a\n", accessKeySecret: "b"),
                                      transport: RecordingTransport(answer: .failure(OutboundBotError(.internal, ""))),
                                      clock: { 0 }, nonce: { "" })
        }
    }
}
