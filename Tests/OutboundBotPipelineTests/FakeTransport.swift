import Synchronization
@testable import OutboundBot
import OutboundBotSigner

/// Records each request and answers from a script of responses (the last
/// one repeats), so pipeline tests run without a network.
final class FakeTransport: HTTPTransport {
    let requests = Mutex<[HTTPRequest]>([])
    private let answers: Mutex<[Result<HTTPResponse, OutboundBotError>]>

    init(bodies: [String], status: Int = 200) {
        answers = Mutex(bodies.map { .success(HTTPResponse(status: status, headers: [:], body: Array($0.utf8))) })
    }

    /// Any outcomes, transport failures included, in order (the last repeats).
    init(answers: [Result<HTTPResponse, OutboundBotError>]) {
        self.answers = Mutex(answers)
    }

    func send(_ request: HTTPRequest) -> Result<HTTPResponse, OutboundBotError> {
        requests.withLock { $0.append(request) }
        return answers.withLock { answers in answers.count > 1 ? answers.removeFirst() : answers[0] }
    }

    var sent: [HTTPRequest] { requests.withLock { $0 } }

    static func client(_ transport: FakeTransport, signatureVersion: SignatureVersion = .v3) throws -> OutboundBotClient {
        var configuration = ClientConfiguration()
        configuration.endpoint = "127.0.0.1:8080"
        configuration.scheme = .http
        configuration.signatureVersion = signatureVersion
        return try OutboundBotClient(
            configuration: configuration,
            credentials: Credentials(accessKeyId: "testid", accessKeySecret: "SECRET-VALUE"),
            transport: transport, clock: { 1_700_000_000 }, nonce: { "fixed-nonce" })
    }
}

/// The decoded query of a sent URL.
func queryPairs(_ request: HTTPRequest) -> [String: String] {
    let query = request.url.split(separator: "?", maxSplits: 1).dropFirst().first ?? ""
    let pairs = PercentEncoding.parseQuery(query, plusIsSpace: false) ?? []
    return Dictionary(pairs.map { ($0.name, $0.value) }, uniquingKeysWith: { first, _ in first })
}

func formPairs(_ request: HTTPRequest) -> [String: String] {
    let body = String(decoding: request.body, as: UTF8.self)
    let pairs = PercentEncoding.parseQuery(Substring(body), plusIsSpace: true) ?? []
    return Dictionary(pairs.map { ($0.name, $0.value) }, uniquingKeysWith: { first, _ in first })
}
