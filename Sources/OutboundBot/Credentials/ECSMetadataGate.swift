/// Decides whether the default chain may contact the ECS metadata service.
/// Off an ECS instance it must cost nothing and send nothing, so it runs only
/// when something says this is ECS or asks for it.
enum ECSMetadataGate {
    static let disabledVariable = "ALIBABA_CLOUD_ECS_METADATA_DISABLED"
    static let roleVariable = "ALIBABA_CLOUD_ECS_METADATA"
    /// What cloud-init reads to recognise Alibaba Cloud (DataSourceAliYun).
    static let productNameFile = "/sys/class/dmi/id/product_name"
    static let vendorFile = "/sys/class/dmi/id/sys_vendor"

    enum Decision: Equatable {
        /// Run, with the role name if one is known, and why (for the log).
        case run(roleName: String?, reason: String)
        case skip(reason: String)
    }

    /// `configuredRole` is the configuration's role name; `configAsks` is true
    /// when the configuration chose this provider or names a role.
    static func decide(environment: CredentialsEnvironment, configuredRole: String?, configAsks: Bool) -> Decision {
        if isDisabled(environment) { return .skip(reason: disabledReason) }
        let named = environment.nonEmptyVariable(roleVariable)
        let role = configuredRole ?? named
        if configAsks { return .run(roleName: role, reason: "the configuration asks for it") }
        if named != nil { return .run(roleName: role, reason: "\(roleVariable) names a role") }
        if isAlibabaCloudECS(environment) { return .run(roleName: role, reason: "DMI says this is an Alibaba Cloud ECS instance") }
        return .skip(reason: "not an ECS instance (DMI), no \(roleVariable), and the configuration does not ask for it")
    }

    /// `ALIBABA_CLOUD_ECS_METADATA_DISABLED=true`: no metadata request at all,
    /// whoever asks (the chain, a profile, the configuration).
    static func isDisabled(_ environment: CredentialsEnvironment) -> Bool {
        environment.nonEmptyVariable(disabledVariable)?.lowercased() == "true"
    }

    static let disabledReason = "\(disabledVariable)=true"

    /// cloud-init's test: the DMI product name is "Alibaba Cloud ECS"; the
    /// vendor "Alibaba Cloud" is accepted too.
    static func isAlibabaCloudECS(_ environment: CredentialsEnvironment) -> Bool {
        func dmi(_ path: String) -> String? {
            guard case .bytes(let bytes) = environment.readFile(path) else { return nil }
            return String(decoding: bytes, as: UTF8.self).trimmingSuffix(while: { $0.isWhitespace }).lowercased()
        }
        if let product = dmi(productNameFile), product.hasPrefix("alibaba cloud ecs") { return true }
        return dmi(vendorFile) == "alibaba cloud"
    }
}
