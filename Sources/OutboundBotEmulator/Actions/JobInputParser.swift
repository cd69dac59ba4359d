import OutboundBotJSON

/// The JSON text the job actions carry: a job (a JobsJson entry, or StartJob's
/// JobJson), StrategyJson, RecallStrategyJson and FlashSmsExtras. Each error is
/// `InvalidParameter` naming the wire parameter (`JobsJson.2`, `StrategyJson`).
enum JobInputParser {
    /// Most jobs one AssignJobs call takes, as the API reference says.
    static let maxJobsPerCall = 99

    /// One job. Two forms are accepted:
    /// - the documented one: `{"contacts":[{"phoneNumber":"…","referenceId":"…",
    ///   "name":"…","honorific":"…","role":"…"}],"extras":[{"key":"…","value":"…"}]}`,
    ///   optionally with a top-level `referenceId` for the job;
    /// - the short one, a single contact: `{"phoneNumber":"…","referenceId":"…"}`
    ///   (with name, honorific, role and extras as above).
    /// Every contact needs a phoneNumber and a referenceId (a contact without one
    /// takes the job's). The job's ReferenceId is the top-level one, else the
    /// first contact's.
    static func job(_ text: String, parameter: String) throws(GatewayError) -> JobTable.JobInput {
        guard case .success(let document) = JSONValue.parse(Array(text.utf8)) else {
            throw .invalidParameter(parameter, "it is not valid JSON.")
        }
        guard case .object = document else {
            throw .invalidParameter(parameter, "it must be a JSON object, got \(document.kindName).")
        }
        let jobReference = try string(document.exactMember("referenceId"), "referenceId", parameter)
        var contactValues: [JSONValue]
        switch document.exactMember("contacts") {
        case nil, .null?:
            contactValues = [document]
        case .array(let items)?:
            contactValues = items
        case let other?:
            throw .invalidParameter(parameter, "contacts must be an array, got \(other.kindName).")
        }
        guard !contactValues.isEmpty else { throw .invalidParameter(parameter, "contacts must not be empty.") }
        var contacts: [Job.Contact] = []
        for (offset, value) in contactValues.enumerated() {
            let path = document.exactMember("contacts") == nil ? "" : "contacts[\(offset)]."
            guard case .object = value else {
                throw .invalidParameter(parameter, "\(path.isEmpty ? "a contact" : String(path.dropLast())) must be an object.")
            }
            guard let phone = try string(value.exactMember("phoneNumber"), path + "phoneNumber", parameter), !phone.isEmpty else {
                throw .invalidParameter(parameter, "\(path)phoneNumber is required.")
            }
            guard let reference = try string(value.exactMember("referenceId"), path + "referenceId", parameter) ?? jobReference,
                  !reference.isEmpty
            else { throw .invalidParameter(parameter, "\(path)referenceId is required.") }
            contacts.append(Job.Contact(
                contactId: "", contactName: try string(value.exactMember("name"), path + "name", parameter) ?? "",
                honorific: try string(value.exactMember("honorific"), path + "honorific", parameter) ?? "",
                phoneNumber: phone, referenceId: reference,
                role: try string(value.exactMember("role"), path + "role", parameter) ?? ""))
        }
        return JobTable.JobInput(referenceId: jobReference ?? contacts[0].referenceId, contacts: contacts,
                                 extras: try extras(document.exactMember("extras"), parameter))
    }

    /// AssignJobs' `JobsJson.1`, `JobsJson.2`, ...: one job each.
    static func jobs(_ entries: [String], parameter: String) throws(GatewayError) -> [JobTable.JobInput] {
        guard entries.count <= maxJobsPerCall else {
            throw .invalidParameter(parameter, "at most \(maxJobsPerCall) jobs per call, got \(entries.count).")
        }
        var jobs: [JobTable.JobInput] = []
        for (offset, entry) in entries.enumerated() {
            jobs.append(try job(entry, parameter: "\(parameter).\(offset + 1)"))
        }
        return jobs
    }

    /// StrategyJson: repeatBy, startTime, endTime (milliseconds), workingTime
    /// ([{beginTime, endTime}]), maxAttemptsPerDay, minAttemptInterval,
    /// routingStrategy, repeatDays, repeatable, name. Absent: run once, now.
    static func strategy(_ text: String?, parameter: String) throws(GatewayError) -> JobStrategy {
        var strategy = JobStrategy(strategyId: JobTable.newId())
        guard let object = try object(text, parameter) else { return strategy }
        strategy.strategyName = try string(object.exactMember("name"), "name", parameter) ?? ""
        strategy.repeatBy = try string(object.exactMember("repeatBy"), "repeatBy", parameter) ?? strategy.repeatBy
        strategy.startTime = try integer(object.exactMember("startTime"), "startTime", parameter) ?? 0
        strategy.endTime = try integer(object.exactMember("endTime"), "endTime", parameter) ?? 0
        strategy.maxAttemptsPerDay = Int(try integer(object.exactMember("maxAttemptsPerDay"), "maxAttemptsPerDay", parameter) ?? 0)
        strategy.minAttemptInterval = Int(try integer(object.exactMember("minAttemptInterval"), "minAttemptInterval", parameter) ?? 0)
        strategy.routingStrategy = try string(object.exactMember("routingStrategy"), "routingStrategy", parameter) ?? strategy.routingStrategy
        strategy.repeatable = try boolean(object.exactMember("repeatable"), "repeatable", parameter) ?? false
        switch object.exactMember("repeatDays") {
        case nil, .null?: break
        case .array(let days)?:
            for (offset, day) in days.enumerated() {
                strategy.repeatDays.append(try string(day, "repeatDays[\(offset)]", parameter) ?? "")
            }
        case let other?: throw .invalidParameter(parameter, "repeatDays must be an array, got \(other.kindName).")
        }
        switch object.exactMember("workingTime") {
        case nil, .null?: break
        case .array(let windows)?:
            for (offset, window) in windows.enumerated() {
                strategy.workingTime.append(.init(
                    beginTime: try string(window.exactMember("beginTime"), "workingTime[\(offset)].beginTime", parameter) ?? "",
                    endTime: try string(window.exactMember("endTime"), "workingTime[\(offset)].endTime", parameter) ?? ""))
            }
        case let other?: throw .invalidParameter(parameter, "workingTime must be an array, got \(other.kindName).")
        }
        return strategy
    }

    /// RecallStrategyJson: emptyNumberIgnore, inArrearsIgnore, outOfServiceIgnore (all false by default).
    static func recallStrategy(_ text: String?, parameter: String) throws(GatewayError) -> RecallStrategy {
        var recall = RecallStrategy()
        guard let object = try object(text, parameter) else { return recall }
        recall.emptyNumberIgnore = try boolean(object.exactMember("emptyNumberIgnore"), "emptyNumberIgnore", parameter) ?? false
        recall.inArrearsIgnore = try boolean(object.exactMember("inArrearsIgnore"), "inArrearsIgnore", parameter) ?? false
        recall.outOfServiceIgnore = try boolean(object.exactMember("outOfServiceIgnore"), "outOfServiceIgnore", parameter) ?? false
        return recall
    }

    /// FlashSmsExtras: templateId, configId.
    static func flashSmsExtras(_ text: String?, parameter: String) throws(GatewayError) -> FlashSmsExtras {
        var extras = FlashSmsExtras()
        guard let object = try object(text, parameter) else { return extras }
        extras.templateId = try string(object.exactMember("templateId"), "templateId", parameter) ?? ""
        extras.configId = try string(object.exactMember("configId"), "configId", parameter) ?? ""
        return extras
    }

    // MARK: Pieces

    /// The JSON object in `text`; nil when `text` is absent or empty.
    private static func object(_ text: String?, _ parameter: String) throws(GatewayError) -> JSONValue? {
        guard let text, !text.isEmpty else { return nil }
        guard case .success(let document) = JSONValue.parse(Array(text.utf8)) else {
            throw .invalidParameter(parameter, "it is not valid JSON.")
        }
        guard case .object = document else {
            throw .invalidParameter(parameter, "it must be a JSON object, got \(document.kindName).")
        }
        return document
    }

    private static func extras(_ value: JSONValue?, _ parameter: String) throws(GatewayError) -> [Job.Extra] {
        switch value {
        case nil, .null?: return []
        case .array(let items)?:
            var extras: [Job.Extra] = []
            for (offset, item) in items.enumerated() {
                guard let key = try string(item.exactMember("key"), "extras[\(offset)].key", parameter), !key.isEmpty else {
                    throw .invalidParameter(parameter, "extras[\(offset)].key is required.")
                }
                extras.append(.init(key: key, value: try string(item.exactMember("value"), "extras[\(offset)].value", parameter) ?? ""))
            }
            return extras
        case let other?:
            throw .invalidParameter(parameter, "extras must be an array, got \(other.kindName).")
        }
    }

    /// A string, or a number or boolean written out; nil when absent or null.
    private static func string(_ value: JSONValue?, _ field: String, _ parameter: String) throws(GatewayError) -> String? {
        guard let value, value != .null else { return nil }
        guard let text = value.scalarText else {
            throw .invalidParameter(parameter, "\(field) must be a string, got \(value.kindName).")
        }
        return text
    }

    /// An integer, or a string holding one; nil when absent or null.
    private static func integer(_ value: JSONValue?, _ field: String, _ parameter: String) throws(GatewayError) -> Int64? {
        switch value {
        case nil, .null?: return nil
        case .integer(let number)?: return number
        case .string(let text)? where Int64(text) != nil: return Int64(text)
        case let other?: throw .invalidParameter(parameter, "\(field) must be an integer, got \(other.kindName).")
        }
    }

    /// true / false, or a string holding one; nil when absent or null.
    private static func boolean(_ value: JSONValue?, _ field: String, _ parameter: String) throws(GatewayError) -> Bool? {
        switch value {
        case nil, .null?: return nil
        case .bool(let flag)?: return flag
        case .string(let text)? where ScalarCheck.parseBoolean(text) != nil: return ScalarCheck.parseBoolean(text)
        case let other?: throw .invalidParameter(parameter, "\(field) must be true or false, got \(other.kindName).")
        }
    }
}
