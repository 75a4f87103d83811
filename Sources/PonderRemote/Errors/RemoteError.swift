public import PonderCore

/// An error from a remote backend: a bad URL, a server that cannot be reached or answers with an error,
/// a reply that does not parse or does not fit the request, a deadline that passed.
///
/// A ``CodedError`` over ``RemoteErrorCode``: compare `error.code`. ``isRetryable`` tells the retry policy
/// whether another attempt can help.
public typealias RemoteError = CodedError<RemoteErrorCode>

/// What went wrong with a remote backend.
public enum RemoteErrorCode: Hashable, Sendable {
    case invalidURL
    case invalidConfiguration
    case connectionFailed
    case connectionLost
    /// The server answered with this HTTP error status.
    case httpStatus(Int)
    case deadlineExceeded
    case malformedResponse
    case rowCountMismatch
    case unsupported
    case noReplicaAvailable
    case promptTooLong
}

extension CodedError where Code == RemoteErrorCode {
    /// The HTTP status the server answered with, for ``RemoteErrorCode/httpStatus(_:)`` errors.
    public var status: Int? {
        if case .httpStatus(let status) = code { return status }
        return nil
    }

    /// Whether another attempt may succeed: connection failures, deadlines of one attempt, HTTP 429 and 5xx.
    /// Other 4xx statuses, malformed replies and configuration errors are not retried.
    public var isRetryable: Bool {
        switch code {
        case .connectionFailed, .connectionLost, .deadlineExceeded: true
        case .httpStatus(let status): status == 429 || status >= 500
        default: false
        }
    }

    /// Whether the error says the server is unhealthy (unreachable, timing out, or failing with 5xx), so the
    /// load balancer should steer away from it; 429 only asks for a pause.
    var indicatesUnhealthyServer: Bool {
        switch code {
        case .connectionFailed, .connectionLost, .deadlineExceeded: true
        case .httpStatus(let status): status >= 500
        default: false
        }
    }

    /// The same error with `key` removed from its message: errors built from a server's reply may quote the
    /// `Authorization` header the server received.
    public func redacting(_ key: APIKey?) -> RemoteError {
        guard let key else { return self }
        return RemoteError(code, key.redact(message))
    }

    /// A server URL that does not parse or is not plain HTTP(S).
    public static func invalidURL(_ value: String, reason: String) -> RemoteError {
        RemoteError(.invalidURL, "Invalid server URL '\(value)': \(reason)")
    }

    /// A remote configuration value outside its range.
    public static func invalidConfiguration(_ name: String, _ value: String, expected: String) -> RemoteError {
        RemoteError(.invalidConfiguration, "Invalid \(name) '\(value)': expected \(expected)")
    }

    /// The connection to a server failed (refused, reset, closed early).
    public static func connectionFailed(endpoint: String, path: String, detail: String) -> RemoteError {
        RemoteError(.connectionFailed, "Cannot reach '\(endpoint)\(path)': \(detail)")
    }

    /// The server closed the connection before the reply was complete.
    public static func connectionLost(endpoint: String, path: String, detail: String) -> RemoteError {
        RemoteError(.connectionLost, "Server '\(endpoint)' closed the connection during '\(path)': \(detail)")
    }

    /// The server answered with an HTTP error status.
    public static func httpStatus(_ status: Int, endpoint: String, path: String, detail: String) -> RemoteError {
        let suffix = detail.isEmpty ? "" : ": \(detail)"
        return RemoteError(.httpStatus(status), "Server '\(endpoint)' answered \(status) to '\(path)'\(suffix)")
    }

    /// A call did not finish before its deadline.
    public static func deadlineExceeded(endpoint: String, path: String, timeout: Duration) -> RemoteError {
        RemoteError(.deadlineExceeded, "Request '\(endpoint)\(path)' did not finish within its deadline (\(timeout))")
    }

    /// A reply that is not the JSON the request expects.
    public static func malformedResponse(endpoint: String, path: String, detail: String) -> RemoteError {
        RemoteError(.malformedResponse, "Malformed reply from '\(endpoint)\(path)': \(detail)")
    }

    /// A `/pooling` reply whose rows do not match the step tags sent.
    public static func rowCountMismatch(endpoint: String, input: Int, expected: Int, got: Int) -> RemoteError {
        RemoteError(
            .rowCountMismatch,
            "Server '\(endpoint)' returned \(got) reward rows for input \(input) but \(expected) step tags were sent")
    }

    /// A server that lacks a feature the backend needs.
    public static func unsupported(endpoint: String, feature: String) -> RemoteError {
        RemoteError(.unsupported, "Server '\(endpoint)' does not support \(feature)")
    }

    /// Every replica of a role is down or failed the request.
    public static func noReplicaAvailable(role: String, replicas: Int, lastError: String?) -> RemoteError {
        let last = lastError.map { "; last error: \($0)" } ?? ""
        return RemoteError(.noReplicaAvailable, "No \(role) replica of \(replicas) is available\(last)")
    }

    /// A prompt longer than the server's context.
    public static func promptTooLong(tokens: Int, contextLength: Int, model: String) -> RemoteError {
        RemoteError(
            .promptTooLong, "Prompt needs \(tokens) tokens but context length is \(contextLength) (model '\(model)')")
    }
}
