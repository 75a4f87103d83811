public import HTTPTypes
public import PonderCore

/// An error the server answers with, in OpenAI's envelope (`{"error": {"message", "type", "param", "code"}}`).
public typealias ServerError = CodedError<ServerErrorCode>

/// What went wrong with a request, and so its HTTP status.
public enum ServerErrorCode: Hashable, Sendable {
    /// The request is malformed or asks for something unsupported (400); `param` names the field.
    case invalidRequest(param: String?)
    /// The API key is missing or wrong (401).
    case unauthorized
    /// The model (or alias) is not served here (404).
    case modelNotFound
    /// No such route (404).
    case notFound
    /// The method is not allowed on the route (405).
    case methodNotAllowed
    /// The body is larger than the configured limit (413).
    case bodyTooLarge(limit: Int)
    /// The queue of waiting requests is full (429); retry after the given seconds.
    case overloaded(retryAfter: Int)
    /// The backend cannot serve now (503).
    case backendUnavailable
    /// A failure inside the search (500).
    case internalError

    /// The HTTP status.
    public var status: HTTPResponse.Status {
        switch self {
        case .invalidRequest: .badRequest
        case .unauthorized: .unauthorized
        case .modelNotFound, .notFound: .notFound
        case .methodNotAllowed: .methodNotAllowed
        case .bodyTooLarge: .contentTooLarge
        case .overloaded: .tooManyRequests
        case .backendUnavailable: .serviceUnavailable
        case .internalError: .internalServerError
        }
    }

    /// OpenAI's error `type`.
    public var type: String {
        switch self {
        case .invalidRequest, .modelNotFound, .notFound, .methodNotAllowed, .bodyTooLarge: "invalid_request_error"
        case .unauthorized: "authentication_error"
        case .overloaded: "rate_limit_error"
        case .backendUnavailable: "service_unavailable_error"
        case .internalError: "server_error"
        }
    }

    /// OpenAI's error `code`.
    public var code: String? {
        switch self {
        case .invalidRequest: "invalid_value"
        case .unauthorized: "invalid_api_key"
        case .modelNotFound: "model_not_found"
        case .notFound: "not_found"
        case .methodNotAllowed: "method_not_allowed"
        case .bodyTooLarge: "request_too_large"
        case .overloaded: "queue_full"
        case .backendUnavailable: "backend_unavailable"
        case .internalError: "internal_error"
        }
    }

    /// The parameter at fault, if any.
    public var param: String? {
        if case .invalidRequest(let param) = self { return param }
        return nil
    }
}

extension CodedError where Code == ServerErrorCode {
    /// A bad value of `param`.
    public static func invalidValue(_ param: String, _ message: String) -> ServerError {
        ServerError(.invalidRequest(param: param), message)
    }

    /// A request that is not JSON of the expected shape.
    public static func malformed(_ message: String) -> ServerError {
        ServerError(.invalidRequest(param: nil), message)
    }

    /// A field the server does not support.
    public static func unsupported(_ param: String, _ why: String) -> ServerError {
        ServerError(.invalidRequest(param: param), "Parameter '\(param)' is not supported: \(why)")
    }

    /// A missing or wrong API key.
    public static func unauthorized() -> ServerError {
        ServerError(.unauthorized, "Missing or invalid API key: send 'Authorization: Bearer KEY'")
    }

    /// An unknown model.
    public static func modelNotFound(_ model: String, known: [String]) -> ServerError {
        ServerError(
            .modelNotFound,
            "Model '\(model)' does not exist: this server has \(known.map { "'\($0)'" }.joined(separator: ", ")) and aliases MODEL@STRATEGY-N"
        )
    }

    /// A body over the limit.
    public static func bodyTooLarge(limit: Int) -> ServerError {
        ServerError(.bodyTooLarge(limit: limit), "Request body is larger than the limit of \(limit) bytes")
    }

    /// A full queue.
    public static func overloaded(running: Int, waiting: Int, retryAfter: Int) -> ServerError {
        ServerError(
            .overloaded(retryAfter: retryAfter),
            "Server is busy: \(running) requests running and \(waiting) waiting, the most it queues; retry after \(retryAfter) s"
        )
    }

    /// A backend that failed to answer.
    public static func backendUnavailable(_ reason: String) -> ServerError {
        ServerError(.backendUnavailable, "Backend is unavailable: \(reason)")
    }

    /// A failure inside the search.
    public static func internalError(_ reason: String) -> ServerError {
        ServerError(.internalError, "Search failed: \(reason)")
    }
}
