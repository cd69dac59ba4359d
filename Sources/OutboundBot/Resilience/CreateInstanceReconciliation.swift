/// CreateInstance happened when ListInstances shows an instance with the
/// exact name, description and concurrency asked, created after the first
/// attempt began. Instance names are unique per account, so a match is this
/// call's instance, and two attempts can never leave two instances.
struct CreateInstanceReconciliation: Reconciliation {
    static let action = "CreateInstance"
    /// The service's largest page.
    static let pageSize: Int64 = 100
    /// The service's clock may run behind ours by this much.
    static let clockSkewMilliseconds: Int64 = 60_000

    let name: String
    let description: String
    let concurrency: Int64
    let createdNotBefore: Int64

    init?(_ request: ValidatedRequest, firstAttemptMilliseconds: Int64) {
        guard case .string(let name)? = request.value(of: "InstanceName"),
              case .integer(let concurrency)? = request.value(of: "MaxConcurrentConversation")
        else { return nil }
        self.name = name
        if case .string(let description)? = request.value(of: "InstanceDescription") {
            self.description = description
        } else {
            self.description = ""
        }
        self.concurrency = concurrency
        createdNotBefore = firstAttemptMilliseconds - Self.clockSkewMilliseconds
    }

    func lookup(page: Int) -> OutboundBotRequest {
        OutboundBotRequest(action: "ListInstances", parameters: [
            .init("Name", .string(name)),
            .init("PageNumber", .integer(Int64(page))),
            .init("PageSize", .integer(Self.pageSize)),
        ])
    }

    func examine(_ page: JSONValue, number: Int) -> ReconciliationFinding {
        guard case .array(let instances)? = page.member("Instances") else { return .notFound }
        if let match = instances.first(where: matches) {
            let id = match.member("InstanceId").flatMap(\.lenientString) ?? "?"
            return .found(.object([.init("Instance", match)]), summary: "instance \(id) named \"\(name)\"")
        }
        let total = page.member("TotalCount").flatMap(\.lenientInt64) ?? 0
        let seen = Int64(number) * Self.pageSize
        return instances.count == Int(Self.pageSize) && seen < total ? .nextPage : .notFound
    }

    private func matches(_ instance: JSONValue) -> Bool {
        instance.member("InstanceName").flatMap(\.lenientString) == name
            && (instance.member("InstanceDescription").flatMap(\.lenientString) ?? "") == description
            && instance.member("MaxConcurrentConversation").flatMap(\.lenientInt64) == concurrency
            && (instance.member("CreationTime").flatMap(\.lenientInt64) ?? 0) >= createdNotBefore
    }
}
