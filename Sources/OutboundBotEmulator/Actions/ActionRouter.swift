/// Which catalogued actions the emulator carries out, and the answer for the rest.
///
/// Implemented, with state (kept in the `--state` file):
/// - instances: CreateInstance, DescribeInstance, ListInstances, ModifyInstance, DeleteInstance;
/// - job groups: CreateJobGroup, DescribeJobGroup, ListJobGroups, DeleteJobGroup;
/// - jobs: AssignJobs, StartJob, SubmitBatchJobs, ListJobs, QueryJobs, ListJobsByGroup,
///   DescribeJob, CancelJobs, SuspendJobs, ResumeJobs.
///
/// Every other action of the catalogue is checked like these (signature, then
/// parameters) and then answered with HTTP 501 and the code
/// `Emulator.ActionNotImplemented`, whose message names the action: never a
/// made-up success. docs/emulator.md has the same list.
enum ActionRouter {
    static let implemented: Set<String> = InstanceActions.names.union(JobGroupActions.names).union(JobActions.names)

    static func perform(_ action: String, parameters: [String: String], store: StateStore,
                        nowMilliseconds: Int64) throws(GatewayError) -> [ResponseValue.Field] {
        let reader = ParameterReader(parameters: parameters)
        if InstanceActions.names.contains(action) {
            return try InstanceActions.perform(action, reader, store: store, nowMilliseconds: nowMilliseconds)
        }
        if JobGroupActions.names.contains(action) {
            return try JobGroupActions.perform(action, reader, store: store, nowMilliseconds: nowMilliseconds)
        }
        if JobActions.names.contains(action) {
            return try JobActions.perform(action, reader, store: store, nowMilliseconds: nowMilliseconds)
        }
        throw .actionNotImplemented(action)
    }
}
