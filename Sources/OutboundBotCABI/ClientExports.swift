import COutboundBotHeader
import OutboundBot
import OutboundBotSigner

#if canImport(Glibc)
import Glibc
#endif

/// The size of obb_client_config's first version (0.1.0, up to user_agent_suffix),
/// frozen: smaller struct_size values are refused.
let clientConfigFirstSize = endOffset(of: \obb_client_config.user_agent_suffix)

@c @implementation
public func obb_client_config_init(_ config: UnsafeMutablePointer<obb_client_config>?, _ structSize: Int) -> obb_status {
    guard let config else { return OBB_ERR_INVALID_ARGUMENT }
    guard structSize >= clientConfigFirstSize, structSize <= Int(UInt32.max) else { return OBB_ERR_INVALID_ARGUMENT }
    // The defaults as OBB_CLIENT_CONFIG_INIT has them, cut to the caller's size.
    var defaults = obb_client_config()
    defaults.max_attempts = Int32(RetryPolicy.defaultMaxAttempts)
    defaults.retry_base_delay_ms = RetryPolicy.defaultBaseDelayMilliseconds
    defaults.retry_max_delay_ms = RetryPolicy.defaultMaxDelayMilliseconds
    memset(config, 0, structSize)
    withUnsafeBytes(of: &defaults) { bytes in
        guard let source = bytes.baseAddress else { return }
        UnsafeMutableRawPointer(config).copyMemory(from: source, byteCount: min(structSize, bytes.count))
    }
    UnsafeMutableRawPointer(config).storeBytes(of: UInt32(structSize), as: UInt32.self)
    return OBB_OK
}

@c @implementation
public func obb_client_new(
    _ outClient: UnsafeMutablePointer<OpaquePointer?>?,
    _ config: UnsafePointer<obb_client_config>?,
    _ outError: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?
) -> obb_status {
    outError?.pointee = nil
    guard let outClient else {
        return fail(outError, ABIError(OBB_ERR_INVALID_ARGUMENT, "out_client: must not be NULL"))
    }
    outClient.pointee = nil
    do throws(ABIError) {
        let configuration = try clientConfiguration(from: config)
        let client: OutboundBotClient
        do throws(OutboundBotError) {
            client = try OutboundBotClient(configuration: configuration)
        } catch {
            throw ABIError(status(of: error.kind), error.message)
        }
        outClient.pointee = OpaquePointer(Unmanaged.passRetained(client).toOpaque())
        return OBB_OK
    } catch {
        return fail(outError, error)
    }
}

@c @implementation
public func obb_client_free(_ client: OpaquePointer?) {
    guard let client else { return }
    // The client's deinit completes its asynchronous calls in flight first.
    Unmanaged<OutboundBotClient>.fromOpaque(UnsafeRawPointer(client)).release()
}

@c @implementation
public func obb_string_free(_ string: UnsafeMutablePointer<CChar>?) {
    free(string)
}

/// The client a handle stands for, without taking ownership.
func client(from handle: OpaquePointer) -> OutboundBotClient {
    Unmanaged<OutboundBotClient>.fromOpaque(UnsafeRawPointer(handle)).takeUnretainedValue()
}

private func fail(_ outError: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?, _ error: ABIError) -> obb_status {
    outError?.pointee = CStrings.copy(error.message)
    return error.status
}

/// Converts and checks a C configuration; NULL means every default.
private func clientConfiguration(from pointer: UnsafePointer<obb_client_config>?) throws(ABIError) -> ClientConfiguration {
    var configuration = ClientConfiguration()
    guard pointer != nil else { return configuration }
    let versioned = try readVersionedStruct(pointer, name: "config", firstSize: clientConfigFirstSize)
    let config = versioned.value

    if let region = try CStrings.read(config.region, field: "region") {
        guard !region.isEmpty else { throw ABIError(OBB_ERR_INVALID_ARGUMENT, "region: must not be empty") }
        configuration.region = region
    }
    if let endpoint = try CStrings.read(config.endpoint, field: "endpoint") {
        guard !endpoint.isEmpty else { throw ABIError(OBB_ERR_INVALID_ARGUMENT, "endpoint: must not be empty") }
        configuration.endpoint = endpoint
    }
    switch config.protocol {
    case Int32(OBB_PROTOCOL_HTTPS.rawValue): configuration.scheme = .https
    case Int32(OBB_PROTOCOL_HTTP.rawValue): configuration.scheme = .http
    default: throw ABIError(OBB_ERR_INVALID_ARGUMENT, "protocol: \(config.protocol) is not an obb_protocol")
    }
    switch config.signature_version {
    case Int32(OBB_SIGNATURE_V3.rawValue): configuration.signatureVersion = .v3
    case Int32(OBB_SIGNATURE_V1.rawValue): configuration.signatureVersion = .v1
    default: throw ABIError(OBB_ERR_INVALID_ARGUMENT, "signature_version: \(config.signature_version) is not an obb_signature_version")
    }
    let accessKeyId = try CStrings.read(config.access_key_id, field: "access_key_id")
    let accessKeySecret = try CStrings.read(config.access_key_secret, field: "access_key_secret")
    let securityToken = try CStrings.read(config.security_token, field: "security_token")
    if let accessKeyId {
        guard let accessKeySecret else {
            throw ABIError(OBB_ERR_CREDENTIALS, "access_key_secret: must be set when access_key_id is set")
        }
        configuration.credentials = Credentials(accessKeyId: accessKeyId, accessKeySecret: accessKeySecret,
                                                securityToken: securityToken.flatMap { $0.isEmpty ? nil : $0 })
    } else if accessKeySecret != nil || securityToken != nil {
        throw ABIError(OBB_ERR_CREDENTIALS, "access_key_id: must be set when access_key_secret or security_token is set")
    }
    if config.connect_timeout_ms != 0 { configuration.connectTimeoutMilliseconds = config.connect_timeout_ms }
    if config.read_timeout_ms != 0 { configuration.readTimeoutMilliseconds = config.read_timeout_ms }
    configuration.caFile = try CStrings.read(config.ca_file, field: "ca_file")
    configuration.userAgentSuffix = try CStrings.read(config.user_agent_suffix, field: "user_agent_suffix")
    // Since 0.2.0; absent from a 0.1.0 host's struct. 0 means the default.
    if versioned.has(\.max_idle_connections), config.max_idle_connections != 0 {
        configuration.maxIdleConnections = Int(config.max_idle_connections)
    }
    if versioned.has(\.max_response_bytes), config.max_response_bytes != 0 {
        configuration.maxResponseBytes = Int(config.max_response_bytes)
    }
    try readCredentialSettings(versioned, into: &configuration)
    try readNetworkSettings(versioned, into: &configuration)
    return configuration
}

/// The retry and network fields added in 0.4.0; a 0.3.0 host's struct lacks
/// them and keeps every default. The core checks the ranges.
private func readNetworkSettings(_ versioned: VersionedStruct<obb_client_config>,
                                 into configuration: inout ClientConfiguration) throws(ABIError) {
    let config = versioned.value
    if versioned.has(\.max_attempts) { configuration.retryPolicy.maxAttempts = Int(config.max_attempts) }
    if versioned.has(\.retry_base_delay_ms) { configuration.retryPolicy.baseDelayMilliseconds = config.retry_base_delay_ms }
    if versioned.has(\.retry_max_delay_ms) { configuration.retryPolicy.maxDelayMilliseconds = config.retry_max_delay_ms }
    if versioned.has(\.deadline_ms) { configuration.deadlineMilliseconds = config.deadline_ms }
    if versioned.has(\.proxy) { configuration.proxy = try CStrings.read(config.proxy, field: "proxy") }
    if versioned.has(\.no_proxy) { configuration.noProxy = try CStrings.read(config.no_proxy, field: "no_proxy") }
    if versioned.has(\.tls_min_version) {
        switch config.tls_min_version {
        case Int32(OBB_TLS_1_2.rawValue): configuration.minimumTLSVersion = .v1_2
        case Int32(OBB_TLS_1_3.rawValue): configuration.minimumTLSVersion = .v1_3
        default: throw ABIError(OBB_ERR_INVALID_ARGUMENT, "tls_min_version: \(config.tls_min_version) is not an obb_tls_version")
        }
    }
}

/// The credentials and logging fields added in 0.3.0; a 0.2.0 host's struct
/// lacks them and keeps every default.
private func readCredentialSettings(_ versioned: VersionedStruct<obb_client_config>,
                                    into configuration: inout ClientConfiguration) throws(ABIError) {
    let config = versioned.value
    if versioned.has(\.credentials_source) {
        guard let source = credentialsSources[config.credentials_source] else {
            throw ABIError(OBB_ERR_INVALID_ARGUMENT, "credentials_source: \(config.credentials_source) is not an obb_credentials_source")
        }
        configuration.credentialsSource = source
    }
    if versioned.has(\.ecs_metadata_timeout_ms), config.ecs_metadata_timeout_ms != 0 {
        configuration.ecsMetadataTimeoutMilliseconds = config.ecs_metadata_timeout_ms
    }
    if versioned.has(\.profile) { configuration.profile = try CStrings.read(config.profile, field: "profile") }
    if versioned.has(\.sts_endpoint) { configuration.stsEndpoint = try CStrings.read(config.sts_endpoint, field: "sts_endpoint") }
    if versioned.has(\.ecs_metadata_endpoint) {
        configuration.ecsMetadataEndpoint = try CStrings.read(config.ecs_metadata_endpoint, field: "ecs_metadata_endpoint")
    }
    if versioned.has(\.ecs_role_name) { configuration.ecsRoleName = try CStrings.read(config.ecs_role_name, field: "ecs_role_name") }
    if versioned.has(\.log_level), let callback = config.log_callback {
        let level: LogLevel
        if config.log_level == 0 {
            level = .info
        } else if let given = LogLevel(rawValue: Int(config.log_level)) {
            level = given
        } else {
            throw ABIError(OBB_ERR_INVALID_ARGUMENT, "log_level: \(config.log_level) is not an obb_log_level")
        }
        let sink = CLogSink(callback: callback, userData: config.log_user_data)
        configuration.log = LogHandler(level: level) { level, message in sink.emit(level, message) }
    }
}

private let credentialsSources: [Int32: ClientConfiguration.CredentialsSource] = [
    Int32(OBB_CREDENTIALS_AUTO.rawValue): .automatic,
    Int32(OBB_CREDENTIALS_DEFAULT_CHAIN.rawValue): .defaultChain,
    Int32(OBB_CREDENTIALS_STATIC.rawValue): .staticKey,
    Int32(OBB_CREDENTIALS_ENVIRONMENT.rawValue): .environment,
    Int32(OBB_CREDENTIALS_OIDC.rawValue): .oidc,
    Int32(OBB_CREDENTIALS_CLI_PROFILE.rawValue): .cliProfile,
    Int32(OBB_CREDENTIALS_FILE.rawValue): .credentialsFile,
    Int32(OBB_CREDENTIALS_ECS_RAM_ROLE.rawValue): .ecsRamRole,
    Int32(OBB_CREDENTIALS_URI.rawValue): .credentialsURI,
]

/// The host's log callback and its user data. The host promises the
/// callback is thread-safe (the header says so), hence `@unchecked`.
private final class CLogSink: @unchecked Sendable {
    let callback: obb_log_callback
    let userData: UnsafeMutableRawPointer?

    init(callback: obb_log_callback, userData: UnsafeMutableRawPointer?) {
        self.callback = callback
        self.userData = userData
    }

    func emit(_ level: LogLevel, _ message: String) {
        // One line: a message never carries a newline into the host's log.
        let line = String(decoding: message.utf8.map { $0 == UInt8(ascii: "\n") || $0 == UInt8(ascii: "\r") ? UInt8(ascii: " ") : $0 },
                          as: UTF8.self)
        line.withCString { callback(userData, Int32(level.rawValue), $0) }
    }
}
