import OutboundBotJSON

/// The parameter rules STS applies to AssumeRole and AssumeRoleWithOIDC.
enum STSParameters {
    /// The STS API version; a request on `/` with it is an STS call.
    static let version = "2015-04-01"
    static let durationRange = 900...43_200
    static let defaultDurationSeconds = 3600

    /// A present, non-empty value, else `Missing<Name>`.
    static func required(_ name: String, in parameters: [String: String]) throws(GatewayError) -> String {
        guard let value = parameters[name], !value.isEmpty else { throw .missing(name) }
        return value
    }

    static func roleArn(_ parameters: [String: String]) throws(GatewayError) -> RAMResourceName {
        let text = try required("RoleArn", in: parameters)
        guard let role = RAMResourceName(parsing: text, kind: "role") else {
            throw .invalidSTSParameter("RoleArn", "it must look like acs:ram::<account id>:role/<role name>.")
        }
        return role
    }

    /// 2–64 characters of `[A-Za-z0-9.@_-]`.
    static func sessionName(_ text: String) throws(GatewayError) -> String {
        guard (2...64).contains(text.utf8.count), text.utf8.allSatisfy(RAMResourceName.isNameByte) else {
            throw .invalidSTSParameter("RoleSessionName", "it must be 2 to 64 characters of A-Z, a-z, 0-9, '.', '@', '_' and '-'.")
        }
        return text
    }

    /// `DurationSeconds`, 900…43200; 3600 when absent.
    static func duration(_ parameters: [String: String]) throws(GatewayError) -> Int {
        guard let text = parameters["DurationSeconds"], !text.isEmpty else { return defaultDurationSeconds }
        // Int(_:) returns nil for a number that does not fit, so no input can overflow.
        guard text.utf8.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }), let seconds = Int(text),
              durationRange.contains(seconds)
        else {
            throw .invalidSTSParameter("DurationSeconds",
                                       "it must be an integer from \(durationRange.lowerBound) to \(durationRange.upperBound).")
        }
        return seconds
    }

    /// `Policy`, when given, must be a JSON object; its content is not enforced.
    static func checkPolicy(_ parameters: [String: String]) throws(GatewayError) {
        guard let text = parameters["Policy"], !text.isEmpty else { return }
        guard case .success(let document) = JSONValue.parse(Array(text.utf8)), case .object = document else {
            throw .invalidSTSParameter("Policy", "it must be a JSON object.")
        }
    }
}
