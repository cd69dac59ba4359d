import Synchronization
@testable import OutboundBot
import OutboundBotSigner

/// An HTTP server in a closure: answers each request by what it asks for, and
/// records them all, so providers are tested without a network.
final class ScriptedTransport: HTTPTransport {
    private let recorded = Mutex<[HTTPRequest]>([])
    private let answer: @Sendable (HTTPRequest) -> Result<HTTPResponse, OutboundBotError>

    init(_ answer: @escaping @Sendable (HTTPRequest) -> Result<HTTPResponse, OutboundBotError>) {
        self.answer = answer
    }

    func send(_ request: HTTPRequest) -> Result<HTTPResponse, OutboundBotError> {
        recorded.withLock { $0.append(request) }
        return answer(request)
    }

    var sent: [HTTPRequest] { recorded.withLock { $0 } }

    static let refusing = ScriptedTransport { _ in .failure(OutboundBotError(.network, "connection refused")) }
}

func ok(_ body: String, status: Int = 200) -> Result<HTTPResponse, OutboundBotError> {
    .success(HTTPResponse(status: status, headers: [:], body: Array(body.utf8)))
}

/// The credentials JSON every temporary source answers with, expiring at `expiration`.
func temporaryCredentialsJSON(id: String = "STS.id", secret: String = "tmp-secret", token: String = "tmp-token",
                              expiration: String = "2030-01-01T00:00:00Z", code: String? = nil) -> String {
    let codeMember = code.map { "\"Code\":\"\($0)\"," } ?? ""
    return "{\(codeMember)\"AccessKeyId\":\"\(id)\",\"AccessKeySecret\":\"\(secret)\",\"SecurityToken\":\"\(token)\",\"Expiration\":\"\(expiration)\"}"
}

/// 2026-11-25T00:00:00Z in milliseconds: the fixed "now" of these tests.
let fixedNow: Int64 = 1_795_564_800_000

/// A `CredentialsEnvironment` of dictionaries: variables, files, home, clock.
func world(variables: [String: String] = [:], files: [String: String] = [:], home: String? = "/home/op",
           now: Int64 = fixedNow, transport: any HTTPTransport = ScriptedTransport.refusing) -> CredentialsEnvironment {
    CredentialsEnvironment(
        variable: { variables[$0] },
        readFile: { path in files[path].map { .bytes(Array($0.utf8)) } ?? .missing },
        homeDirectory: home,
        nowMilliseconds: { now },
        nonce: { "nonce-\(Int.random(in: 0..<1_000_000_000))" },
        transport: transport)
}

/// Collects log lines.
final class LogLines: Sendable {
    private let lines = Mutex<[String]>([])
    var handler: LogHandler { LogHandler(level: .debug) { level, message in self.lines.withLock { $0.append("\(level.name): \(message)") } } }
    var all: [String] { lines.withLock { $0 } }
}

/// The decoded pairs of a URL's query or a form body.
func pairs(_ text: Substring) -> [String: String] {
    let decoded = PercentEncoding.parseQuery(text, plusIsSpace: true) ?? []
    return Dictionary(decoded.map { ($0.name, $0.value) }, uniquingKeysWith: { first, _ in first })
}
func query(_ request: HTTPRequest) -> [String: String] {
    pairs(request.url.split(separator: "?", maxSplits: 1).dropFirst().first ?? "")
}
func form(_ request: HTTPRequest) -> [String: String] {
    pairs(Substring(String(decoding: request.body, as: UTF8.self)))
}
func path(_ request: HTTPRequest) -> String {
    let afterScheme = request.url.split(separator: "//", maxSplits: 1).last ?? ""
    let withoutQuery = afterScheme.prefix { $0 != "?" }
    return String(withoutQuery.drop { $0 != "/" })
}
