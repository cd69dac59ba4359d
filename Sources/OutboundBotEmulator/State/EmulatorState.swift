/// Everything the emulator's one account holds, as one value: the instances
/// and the job workflow. `StateStore` keeps it behind one lock.
struct EmulatorState: Sendable {
    var instances = InstanceTable()
    var jobs = JobTable()
    /// Bumped by every change; a state-file write of an older generation is skipped.
    var generation: UInt64 = 0

    init() {}

    /// The state a state file describes.
    init(_ snapshot: StateSnapshot) {
        instances = InstanceTable(instances: snapshot.instances, creationCounter: snapshot.creationCounter)
        jobs = JobTable(groups: snapshot.jobGroups, jobs: snapshot.jobs, counter: snapshot.jobCounter)
    }

    /// What the state file holds, in creation order.
    var snapshot: StateSnapshot {
        StateSnapshot(creationCounter: instances.creationCounter, instances: instances.all,
                      jobCounter: jobs.counter, jobGroups: jobs.allGroups, jobs: jobs.allJobs)
    }
}
