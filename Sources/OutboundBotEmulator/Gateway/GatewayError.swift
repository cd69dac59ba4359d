/// An error answer: HTTP status, the service's error code and message.
///
/// Codes and messages follow the real gateway's wording where it is known, so
/// clients that match on them (the old Python SDK parses the V1
/// SignatureDoesNotMatch message) behave as they would against Alibaba Cloud.
struct GatewayError: Error, Sendable, Equatable {
    var status: Int
    var code: String
    var message: String
    /// Set for throttling: sent as `x-acs-retry-after` (milliseconds, as the
    /// gateway does) and `Retry-After` (seconds, rounded up).
    var retryAfterMilliseconds: Int?

    init(status: Int, code: String, message: String, retryAfterMilliseconds: Int? = nil) {
        self.status = status
        self.code = code
        self.message = message
        self.retryAfterMilliseconds = retryAfterMilliseconds
    }
}

extension GatewayError {
    // MARK: Routing

    static let invalidActionNotFound = GatewayError(
        status: 404, code: "InvalidAction.NotFound",
        message: "Specified api is not found, please check your url and method.")

    static func invalidVersion(_ version: String) -> GatewayError {
        GatewayError(status: 400, code: "InvalidVersion",
                     message: "Specified parameter Version is not valid: \(version). Supported: 2019-12-26.")
    }

    static let methodNotAllowed = GatewayError(
        status: 405, code: "UnsupportedHTTPMethod", message: "This http method is not supported; use GET or POST.")

    static let bodyTooLarge = GatewayError(
        status: 413, code: "RequestEntityTooLarge", message: "The request body is too large.")

    // MARK: Authentication

    static func incompleteSignature(_ detail: String) -> GatewayError {
        GatewayError(status: 400, code: "IncompleteSignature",
                     message: "The request signature does not conform to Aliyun standards. \(detail)")
    }

    /// The message carries the server's string to sign, as the real gateway's does,
    /// so a client can tell a wrong secret from a wrongly built request.
    static func signatureDoesNotMatch(stringToSign: String) -> GatewayError {
        GatewayError(status: 400, code: "SignatureDoesNotMatch",
                     message: "Specified signature is not matched with our calculation. server string to sign is:" + stringToSign)
    }

    static let contentHashMismatch = GatewayError(
        status: 400, code: "SignatureDoesNotMatch",
        message: "Specified signature is not matched with our calculation. x-acs-content-sha256 does not match the SHA-256 of the request body.")

    static let accessKeyNotFound = GatewayError(
        status: 404, code: "InvalidAccessKeyId.NotFound", message: "Specified access key is not found.")

    static let securityTokenMismatch = GatewayError(
        status: 400, code: "InvalidSecurityToken.MismatchWithAccessKey",
        message: "Specified SecurityToken mismatch with the AccessKey.")

    /// An issued (STS) credential used after its expiry.
    static let securityTokenExpired = GatewayError(
        status: 400, code: "InvalidSecurityToken.Expired", message: "Specified SecurityToken is expired.")

    static func timestampExpired(_ value: String) -> GatewayError {
        GatewayError(status: 400, code: "InvalidTimeStamp.Expired",
                     message: "Specified time stamp or date value is expired or malformed: \(value)")
    }

    static let missingNonce = GatewayError(
        status: 400, code: "MissingSignatureNonce", message: "SignatureNonce is mandatory for this action.")

    static let nonceUsed = GatewayError(
        status: 400, code: "SignatureNonceUsed", message: "Specified signature nonce was used already.")

    // MARK: Parameters

    static func missing(_ parameter: String) -> GatewayError {
        GatewayError(status: 400, code: "Missing" + parameter, message: "\(parameter) is mandatory for this action.")
    }

    static func invalidParameter(_ parameter: String, _ reason: String) -> GatewayError {
        GatewayError(status: 400, code: "InvalidParameter",
                     message: "The specified parameter \(parameter) is not valid: \(reason)")
    }

    static let malformedEncoding = GatewayError(
        status: 400, code: "InvalidParameter",
        message: "The request query or form body is not valid percent-encoded UTF-8.")

    // MARK: Service

    static let instanceNameDuplicated = GatewayError(
        status: 400, code: "InvalidInstanceName.Duplicated", message: "The specified InstanceName already exists.")

    static let concurrencyLimitExceeded = GatewayError(
        status: 400, code: "LimitExceeded.ConcurrentConversation",
        message: "The maximum number of concurrent conversations is exceeded.")

    static let instanceNotFound = GatewayError(
        status: 404, code: "InvalidInstanceId.NotFound", message: "The specified InstanceId does not exist.")

    // The job workflow's codes, as OutboundBot's API reference lists them for its job actions.

    static let instanceNotExist = GatewayError(
        status: 404, code: "NotExist.Instance", message: "The specified Instance does not exist.")

    static let jobGroupNotExist = GatewayError(
        status: 404, code: "NotExist.JobGroup", message: "The specified JobGroup does not exist.")

    static let jobNotExist = GatewayError(
        status: 404, code: "NotExist.Job", message: "The specified Job does not exist.")

    // MARK: The emulator's own

    /// A catalogued action the emulator does not carry out. Its signature and
    /// parameters were checked; nothing was done. Never a made-up success.
    static func actionNotImplemented(_ action: String) -> GatewayError {
        GatewayError(status: 501, code: "Emulator.ActionNotImplemented",
                     message: "outboundbot-emulator does not implement \(action). The signature and the parameters were checked; nothing was done. See docs/emulator.md for the actions it implements.")
    }

    static let internalError = GatewayError(
        status: 500, code: "InternalError",
        message: "An error occurred while processing your request. Please try again later. Submit a ticket if the error still exists.")

    static func throttling(retryAfterMilliseconds: Int) -> GatewayError {
        GatewayError(status: 400, code: "Throttling.User", message: "Request was denied due to user flow control.",
                     retryAfterMilliseconds: retryAfterMilliseconds)
    }
}
