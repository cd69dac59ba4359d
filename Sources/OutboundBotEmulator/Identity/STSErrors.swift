/// STS's own error answers, in the gateway's error shape.
extension GatewayError {
    /// `InvalidParameter.<Name>`, the message naming the parameter.
    static func invalidSTSParameter(_ name: String, _ reason: String) -> GatewayError {
        GatewayError(status: 400, code: "InvalidParameter." + name,
                     message: "The specified parameter \(name) is not valid: \(reason)")
    }

    /// A token in the URL ends up in proxy and server logs; STS takes it only in the body.
    static let oidcTokenInURL = GatewayError(
        status: 400, code: "InvalidParameter.OIDCToken",
        message: "The OIDCToken must not be sent in the URL (query string); send it in the application/x-www-form-urlencoded body.")

    static func oidcTokenInvalid(_ detail: String) -> GatewayError {
        GatewayError(status: 401, code: "AuthenticationFail.OIDCToken.Invalid",
                     message: "The specified OIDCToken is invalid. \(detail)")
    }
}
