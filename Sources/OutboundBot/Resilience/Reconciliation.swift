/// Finds out whether a write whose attempt had an ambiguous outcome (a
/// timeout, a reset, a 5xx) was performed, by looking the resource up.
///
/// Only actions whose resource can be identified from the request alone
/// have one: no OutboundBot action takes a client token, so a retry of any
/// other write could perform it twice (see `CallMachine`).
protocol Reconciliation: Sendable {
    /// The lookup request for 1-based `page`.
    func lookup(page: Int) -> OutboundBotRequest
    /// Reads one page of the lookup's answer (pages come in order, from 1).
    mutating func examine(_ page: JSONValue, number: Int) -> ReconciliationFinding
}

enum ReconciliationFinding {
    /// The resource exists as asked: the action's own answer, made from it.
    case found(JSONValue, summary: String)
    case nextPage
    case notFound
    /// Part of it exists: retrying would repeat that part, so the call ends
    /// with the attempt's error and this explanation.
    case partial(String)
}

enum Reconciliations {
    /// Most lookup pages one reconciliation reads: a name filter that the
    /// service ignored must not make it read forever.
    static let maxPages = 100

    /// The reconciliation for `request`, when its action has one.
    static func reconciliation(for request: ValidatedRequest, firstAttemptMilliseconds: Int64) -> (any Reconciliation)? {
        switch request.action.name {
        case CreateInstanceReconciliation.action:
            CreateInstanceReconciliation(request, firstAttemptMilliseconds: firstAttemptMilliseconds)
        case AssignJobsReconciliation.action:
            AssignJobsReconciliation(request)
        default:
            nil
        }
    }
}
