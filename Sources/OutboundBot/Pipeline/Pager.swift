import OutboundBotCatalogue

/// Walks every page of a list action and yields its items, one at a time,
/// fetching the next page when the current one is used up.
///
/// The catalogue says how the action pages (a page number and size, or a
/// next token) and where the items are. Each page is one call through the
/// client's ordinary path. The walk ends at an empty page, at a short page,
/// when the total count is reached, when no next token comes back, or after
/// `maxPages` pages, so a server that never stops cannot keep it going.
///
/// A pager is a value for one thread at a time; the client it uses is shared.
public struct Pager: Sendable {
    /// Most pages one walk fetches.
    public static let maxPages = 10_000

    public let pagination: Pagination
    private let client: OutboundBotClient
    private var request: OutboundBotRequest
    private let itemsPath: JSONPath
    private let totalCountPath: JSONPath?
    private var buffered: [JSONValue] = []
    private var fetchedItems: Int64 = 0
    private var pagesFetched = 0
    private var finished = false
    /// The answer of the page the current items came from.
    public private(set) var lastPage: OutboundBotResponse?

    /// A pager over `request`, which starts at the page (or token) it gives,
    /// else the first (page number 1 is then set: some actions require it).
    /// Fails with `.invalidArgument` when the action does not page or the
    /// request fails the catalogue's checks; nothing is sent until `next()`.
    public init(client: OutboundBotClient, request: OutboundBotRequest) throws(OutboundBotError) {
        guard let action = Catalogue.action(named: request.action) else {
            _ = try RequestValidator.validate(request)  // throws the unknown-action error
            throw .invalidArgument(field: "action", "unknown action '\(request.action)'")
        }
        guard let pagination = action.pagination else {
            throw .invalidArgument(field: "action", "\(action.name) does not return pages")
        }
        do throws(JSONPathError) {
            itemsPath = try JSONPath(pagination.itemsPath)
            totalCountPath = try pagination.totalCountPath.map { path throws(JSONPathError) in try JSONPath(path) }
        } catch {
            throw OutboundBotError(.internal, "catalogue paths of \(action.name): \(error.reason)")
        }
        self.pagination = pagination
        self.client = client
        self.request = request
        if case .pageNumber(let numberName, _) = pagination.style, self.request.value(of: numberName) == nil {
            self.request.set(numberName, .integer(1))
        }
        _ = try RequestValidator.validate(self.request)
    }

    /// The request of the next page to fetch.
    public var nextRequest: OutboundBotRequest { request }

    /// The next item: nil after the last one, or the error of the page that
    /// failed (the walk then ends).
    public mutating func next() -> Result<JSONValue, OutboundBotError>? {
        while buffered.isEmpty {
            guard !finished else { return nil }
            if let error = fetchPage() { finished = true; return .failure(error) }
        }
        return .success(buffered.removeFirst())
    }

    /// Fetches one page into `buffered` and decides whether another follows.
    private mutating func fetchPage() -> OutboundBotError? {
        guard pagesFetched < Self.maxPages else {
            finished = true
            return OutboundBotError(.response, "\(request.action): stopped after \(Self.maxPages) pages")
        }
        pagesFetched += 1
        let response: OutboundBotResponse
        switch client.call(request) {
        case .success(let answer): response = answer
        case .failure(let error): return error
        }
        lastPage = response
        let root: JSONValue
        switch response.json() {
        case .success(let value): root = value
        case .failure(let error):
            var failure = OutboundBotError(.response, "\(request.action) page \(pagesFetched): \(error.reason)")
            failure.httpStatus = response.httpStatus
            failure.requestId = response.requestId
            failure.attempts = response.attempts
            return failure
        }
        let items: [JSONValue]
        switch root.value(at: itemsPath) {
        case .success(.array(let elements)): items = elements
        default: items = []  // absent: an empty page
        }
        buffered = items
        fetchedItems += Int64(items.count)
        finished = items.isEmpty || !advance(after: root, itemCount: items.count)
        return nil
    }

    /// Moves `request` to the next page; false when there is none.
    private mutating func advance(after root: JSONValue, itemCount: Int) -> Bool {
        if let totalCountPath, case .success(let total) = root.int64(at: totalCountPath), fetchedItems >= total {
            return false
        }
        switch pagination.style {
        case .pageNumber(let numberName, let sizeName):
            let current: Int64
            if case .integer(let given)? = request.value(of: numberName) { current = given } else { current = 1 }
            if case .integer(let size)? = request.value(of: sizeName), Int64(itemCount) < size { return false }
            guard current < Int64(Int32.max) else { return false }
            request.set(numberName, .integer(current + 1))
            return true
        case .nextToken(let requestName, let responsePath):
            guard let path = try? JSONPath(responsePath), case .success(let token) = root.string(at: path),
                  !token.isEmpty, request.value(of: requestName) != .string(token)
            else { return false }
            request.set(requestName, .string(token))
            return true
        }
    }
}
