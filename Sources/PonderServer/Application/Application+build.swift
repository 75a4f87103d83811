import Foundation
import HTTPTypes
public import Hummingbird
public import Logging
import NIOCore
import PonderCore
import PonderRemote

/// The server's application: the router over a ``CompletionService``, bound to the configured address.
/// Separate from the command (as Hummingbird's templates do) so tests run it in-process.
public func buildApplication(service: CompletionService, logger: Logger) -> some ApplicationProtocol {
    let configuration = service.configuration
    return Application(
        router: buildRouter(service: service),
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "ponder"),
        logger: logger)
}

/// The routes: `/v1/chat/completions`, `/v1/completions`, `/v1/models`, `/health`, `/metrics`, `/openapi.json`.
public func buildRouter(service: CompletionService) -> Router<BasicRequestContext> {
    let router = Router(context: BasicRequestContext.self)
    router.middlewares.add(ErrorEnvelopeMiddleware(metrics: service.metrics))
    router.middlewares.add(APIKeyMiddleware(key: service.configuration.apiKey))
    let endpoints = Endpoints(service: service)
    router.post("/v1/chat/completions") { request, context in
        try await endpoints.complete(request, endpoint: .chat)
    }
    router.post("/v1/completions") { request, context in
        try await endpoints.complete(request, endpoint: .text)
    }
    router.get("/v1/models") { _, _ in endpoints.models() }
    router.get("/health") { _, _ in
        Response(
            status: .ok, headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(string: #"{"status":"ok"}"#)))
    }
    router.get("/metrics") { _, _ in
        Response(
            status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: service.metrics.text())))
    }
    router.get("/openapi.json") { _, _ in
        Response(
            status: .ok, headers: [.contentType: "application/json"],
            body: .init(
                byteBuffer: ByteBuffer(
                    string: OpenAPIDocument.json(
                        limits: service.configuration.limits, model: service.configuration.modelName))))
    }
    return router
}

/// Every error leaves as OpenAI's envelope with its status; a 429 carries `Retry-After`.
struct ErrorEnvelopeMiddleware<Context: RequestContext>: RouterMiddleware {
    let metrics: ServerMetrics

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            let serverError = Self.serverError(error)
            metrics.failed(status: Int(serverError.code.status.code))
            return Self.response(serverError)
        }
    }

    static func serverError(_ error: any Error) -> ServerError {
        switch error {
        case let error as ServerError: return error
        case let error as HTTPError:
            switch error.status {
            case .notFound: return ServerError(.notFound, "No such route")
            case .methodNotAllowed: return ServerError(.methodNotAllowed, "Method not allowed on this route")
            case .contentTooLarge: return ServerError(.bodyTooLarge(limit: 0), "Request body is too large")
            default: return ServerError(.invalidRequest(param: nil), error.body ?? "Bad request")
            }
        case let error as PonderError: return ServerError(.invalidRequest(param: nil), error.message)
        case let error as RemoteError: return .backendUnavailable(error.message)
        case is CancellationError: return ServerError(.internalError, "Request was cancelled")
        default: return .internalError("\(error)")
        }
    }

    static func response(_ error: ServerError) -> Response {
        var headers: HTTPFields = [.contentType: "application/json"]
        if case .overloaded(let seconds) = error.code {
            headers[.retryAfter] = "\(seconds)"
        }
        if error.code == .unauthorized {
            headers[.wwwAuthenticate] = "Bearer"
        }
        // The OpenAI clients retry 5xx twice by default, which would run a failed search three times; only a
        // full queue or a backend that is down is worth retrying.
        if error.code.status != .tooManyRequests, error.code.status != .serviceUnavailable,
            let name = HTTPField.Name("x-should-retry")
        {
            headers[name] = "false"
        }
        return Response(
            status: error.code.status, headers: headers,
            body: .init(byteBuffer: ByteBuffer(bytes: ErrorEnvelope(error).json())))
    }
}

/// `Authorization: Bearer KEY` on `/v1/` routes when the server has a key; compared in constant time.
struct APIKeyMiddleware<Context: RequestContext>: RouterMiddleware {
    let key: String?

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        guard let key, request.uri.path.hasPrefix("/v1/") else { return try await next(request, context) }
        let sent = request.headers[.authorization].flatMap { value -> String? in
            value.lowercased().hasPrefix("bearer ") ? String(value.dropFirst(7)) : nil
        }
        guard let sent, Self.constantTimeEqual(Array(sent.utf8), Array(key.utf8)) else {
            throw ServerError.unauthorized()
        }
        return try await next(request, context)
    }

    /// Equal bytes, in a time that depends only on the lengths.
    static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        var difference = UInt8(a.count == b.count ? 0 : 1)
        for index in 0..<max(a.count, b.count) {
            difference |= (index < a.count ? a[index] : 0) ^ (index < b.count ? b[index] : 0)
        }
        return difference == 0
    }
}
