/// The `JobGroup` objects of the answers, in the official SDK's key spelling
/// and nesting. The three actions that return a group return different shapes.
extension JobGroup {
    enum AnswerShape {
        /// CreateJobGroupResponseBodyJobGroup.
        case created
        /// DescribeJobGroupResponseBodyJobGroup.
        case described
        /// ListJobGroupsResponseBodyJobGroupsList.
        case listed
    }

    /// `jobs` are the group's jobs, for its progress.
    func responseValue(_ shape: AnswerShape, jobs: [Job]) -> ResponseValue {
        var fields: [(String, ResponseValue)] = [
            ("JobGroupId", .string(jobGroupId)),
            ("JobGroupName", .string(jobGroupName)),
            ("JobGroupDescription", .string(jobGroupDescription)),
            ("CreationTime", .int(creationTime)),
            ("Status", .string(status.rawValue)),
            ("MinConcurrency", .int(minConcurrency)),
        ]
        switch shape {
        case .created, .described:
            fields += [
                ("Priority", .string(priority)),
                ("RingingDuration", .int(ringingDuration)),
                ("ScenarioId", .string(scenarioId)),
                ("CallingNumbers", .array(callingNumbers.map(ResponseValue.string))),
                ("RecallCallingNumbers", .array(recallCallingNumbers.map(ResponseValue.string))),
                ("RecallStrategy", .fields([
                    ("EmptyNumberIgnore", .bool(recallStrategy.emptyNumberIgnore)),
                    ("InArrearsIgnore", .bool(recallStrategy.inArrearsIgnore)),
                    ("OutOfServiceIgnore", .bool(recallStrategy.outOfServiceIgnore)),
                ])),
                ("Strategy", strategy.responseValue(withRepeatable: shape == .described)),
            ]
            if shape == .described {
                fields += [
                    ("ScriptId", .string(scriptId)),
                    ("FlashSmsExtras", .fields([
                        ("ConfigId", .string(flashSmsExtras.configId)),
                        ("TemplateId", .string(flashSmsExtras.templateId)),
                    ])),
                    ("Progress", progress(jobs, listed: false)),
                ]
            }
        case .listed:
            fields += [
                ("ScriptId", .string(scriptId)),
                ("Strategy", .fields([("StartTime", .int(strategy.startTime)), ("EndTime", .int(strategy.endTime))])),
                ("Progress", progress(jobs, listed: true)),
                ("TotalCallNum", .int(jobs.reduce(0) { $0 + $1.tasks.count })),
            ]
        }
        return .fields(fields)
    }

    /// Job counts by status. ListJobGroups spells most of them `…Num`.
    private func progress(_ jobs: [Job], listed: Bool) -> ResponseValue {
        func count(_ status: Job.Status) -> ResponseValue { .int(jobs.count(where: { $0.status == status })) }
        var fields: [(String, ResponseValue)] = [
            ("Status", .string(status.rawValue)),
            ("TotalJobs", .int(jobs.count)),
            ("Scheduling", count(.scheduling)),
            (listed ? "ExecutingNum" : "Executing", count(.executing)),
            (listed ? "PausedNum" : "Paused", count(.paused)),
            (listed ? "CancelledNum" : "Cancelled", count(.cancelled)),
            (listed ? "FailedNum" : "Failed", .int(0)),
            ("TotalCompleted", .int(0)),
            ("TotalNotAnswered", .int(0)),
            ("StartTime", .int(creationTime)),
            ("Duration", .int(0)),
        ]
        if !listed {
            fields += [("Briefs", .array([])), ("Categories", .array([]))]
        }
        return .fields(fields)
    }
}

extension JobStrategy {
    /// CreateJobGroup's and DescribeJobGroup's `Strategy`; only the latter has `Repeatable`.
    func responseValue(withRepeatable: Bool) -> ResponseValue {
        var fields: [(String, ResponseValue)] = [
            ("StrategyId", .string(strategyId)),
            ("StrategyName", .string(strategyName)),
            ("StartTime", .int(startTime)),
            ("EndTime", .int(endTime)),
            ("RepeatBy", .string(repeatBy)),
            ("RepeatDays", .array(repeatDays.map(ResponseValue.string))),
            ("MaxAttemptsPerDay", .int(maxAttemptsPerDay)),
            ("MinAttemptInterval", .int(minAttemptInterval)),
            ("RoutingStrategy", .string(routingStrategy)),
            ("IsTemplate", .bool(false)),
            ("WorkingTime", .array(workingTime.map { window in
                .fields([("BeginTime", .string(window.beginTime)), ("EndTime", .string(window.endTime))])
            })),
        ]
        if withRepeatable { fields.append(("Repeatable", .bool(repeatable))) }
        return .fields(fields)
    }
}
