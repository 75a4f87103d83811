import AsyncHTTPClient
import Foundation
public import Logging
import NIOCore
import NIOHTTP1
import PonderCore
import Synchronization

/// The HTTP client every remote backend sends through: JSON requests with a deadline, errors mapped to
/// ``RemoteError``, and server-sent events for streamed replies.
///
/// One transport can serve both roles. Connection failures surface at once (the client does not retry
/// connecting on its own), so ``RetryPolicy`` and the load balancer decide what happens next.
///
/// - Important: Call ``shutdown()`` when done. A transport released without it starts the shutdown of its
///   client on the way out instead of leaking it.
public final class RemoteTransport: Sendable {
    let client: HTTPClient
    private let isShutDown = Mutex(false)
    /// Where requests are logged (at `debug`; API keys never appear).
    public let logger: Logger
    /// The largest reply body accepted.
    static let maxBodyBytes = 256 << 20

    /// Creates a transport.
    ///
    /// - Parameters:
    ///   - maxConnectionsPerServer: connections kept per server; set it at least to the requests in flight.
    ///   - connectTimeout: how long connecting to a server may take.
    ///   - logger: where requests are logged.
    public init(
        maxConnectionsPerServer: Int = 64, connectTimeout: Duration = .seconds(10),
        logger: Logger = Logger(label: "ponder.remote")
    ) {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool = .init(
            idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: max(1, maxConnectionsPerServer))
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.timeout = .init(connect: .nanoseconds(Int64(connectTimeout.seconds * 1e9)))
        configuration.decompression = .disabled
        client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        self.logger = logger
    }

    deinit {
        let needed = isShutDown.withLock { done in
            defer { done = true }
            return !done
        }
        if needed { client.shutdown().whenComplete { _ in } }
    }

    /// Shuts the client down; later requests fail.
    public func shutdown() async throws {
        let needed = isShutDown.withLock { done in
            defer { done = true }
            return !done
        }
        if needed { try await client.shutdown() }
    }

    // MARK: - Requests

    /// Sends a JSON request and decodes the JSON reply.
    ///
    /// - Throws: ``RemoteError`` for connection failures, error statuses, a passed deadline or a reply that
    ///   does not decode; `CancellationError` when the task is cancelled.
    func send<Reply: Decodable>(
        _ method: HTTPMethod,
        _ path: String,
        to endpoint: Endpoint,
        body: (some Encodable)?,
        apiKey: APIKey?,
        deadline: ContinuousClock.Instant,
        as type: Reply.Type
    ) async throws -> Reply {
        let bytes = try await sendRaw(method, path, to: endpoint, body: body, apiKey: apiKey, deadline: deadline)
        do {
            return try Self.decode(type, from: bytes, endpoint: endpoint, path: path)
        } catch let error as RemoteError {
            throw error.redacting(apiKey)
        }
    }

    /// Sends a `GET` and decodes the JSON reply.
    func get<Reply: Decodable>(
        _ path: String, from endpoint: Endpoint, apiKey: APIKey?, deadline: ContinuousClock.Instant, as type: Reply.Type
    ) async throws -> Reply {
        try await send(.GET, path, to: endpoint, body: nil as NoBody?, apiKey: apiKey, deadline: deadline, as: type)
    }

    /// Sends a `POST` with a JSON body and decodes the JSON reply.
    func post<Reply: Decodable>(
        _ path: String, to endpoint: Endpoint, body: some Encodable, apiKey: APIKey?,
        deadline: ContinuousClock.Instant, as type: Reply.Type
    ) async throws -> Reply {
        try await send(.POST, path, to: endpoint, body: body, apiKey: apiKey, deadline: deadline, as: type)
    }

    /// Sends a request and returns the reply body of a successful status.
    func sendRaw(
        _ method: HTTPMethod,
        _ path: String,
        to endpoint: Endpoint,
        body: (some Encodable)?,
        apiKey: APIKey?,
        deadline: ContinuousClock.Instant
    ) async throws -> [UInt8] {
        let request = try makeRequest(method, path, to: endpoint, body: body, apiKey: apiKey)
        logger.debug("Request", metadata: ["url": "\(endpoint)\(path)"])
        return try await redactingErrors(apiKey) {
            try await withDeadline(deadline, endpoint: endpoint, path: path) { [client] in
                let response = try await Self.execute(
                    client, request, deadline: deadline, endpoint: endpoint, path: path)
                let body = try await Self.collect(response, endpoint: endpoint, path: path)
                try Self.check(response.status, body: body, endpoint: endpoint, path: path, apiKey: apiKey)
                return body
            }
        }
    }

    /// Sends a request whose reply is a stream of server-sent events, handing each event's `data` to `onEvent`.
    func stream(
        _ path: String,
        to endpoint: Endpoint,
        body: some Encodable,
        apiKey: APIKey?,
        deadline: ContinuousClock.Instant,
        onEvent: @escaping @Sendable ([UInt8]) throws -> Void
    ) async throws {
        var streamRequest = try makeRequest(.POST, path, to: endpoint, body: body, apiKey: apiKey)
        // A stream gets a connection of its own: servers may close a streamed connection when it ends, and a
        // pooled connection closed that way would fail the next request sent on it.
        streamRequest.headers.replaceOrAdd(name: "Connection", value: "close")
        let request = streamRequest
        logger.debug("Streaming request", metadata: ["url": "\(endpoint)\(path)"])
        try await redactingErrors(apiKey) {
            try await withDeadline(deadline, endpoint: endpoint, path: path) { [client] in
                let response = try await Self.execute(
                    client, request, deadline: deadline, endpoint: endpoint, path: path)
                guard response.status.code < 400 else {
                    let body = try await Self.collect(response, endpoint: endpoint, path: path)
                    try Self.check(response.status, body: body, endpoint: endpoint, path: path, apiKey: apiKey)
                    return
                }
                var parser = ServerSentEventParser()
                do {
                    for try await buffer in response.body {
                        for event in parser.feed(buffer.readableBytesView) { try onEvent(event) }
                    }
                } catch let error as RemoteError {
                    throw error
                } catch is CancellationError {
                    throw CancellationError()
                } catch {
                    throw RemoteError.connectionLost(endpoint: endpoint.baseURL, path: path, detail: "\(error)")
                }
                for event in parser.finish() { try onEvent(event) }
            }
        }
    }

    // MARK: - Internals

    private struct NoBody: Encodable {}

    private func makeRequest(
        _ method: HTTPMethod, _ path: String, to endpoint: Endpoint, body: (some Encodable)?, apiKey: APIKey?
    ) throws -> HTTPClientRequest {
        var request = HTTPClientRequest(url: endpoint.url(path))
        request.method = method
        request.headers.add(name: "Accept", value: "application/json")
        if let apiKey { request.headers.add(name: "Authorization", value: apiKey.headerValue) }
        if let body {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.withoutEscapingSlashes]
            let data = try encoder.encode(body)
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: data))
        }
        return request
    }

    private static func execute(
        _ client: HTTPClient, _ request: HTTPClientRequest, deadline: ContinuousClock.Instant, endpoint: Endpoint,
        path: String
    ) async throws -> HTTPClientResponse {
        let remaining = max(.zero, deadline - .now)
        do {
            return try await client.execute(
                request, deadline: .now() + .nanoseconds(Int64(remaining.seconds * 1e9)))
        } catch let error as HTTPClientError where error == .deadlineExceeded {
            throw RemoteError.deadlineExceeded(endpoint: endpoint.baseURL, path: path, timeout: remaining)
        } catch let error as HTTPClientError where error == .cancelled {
            throw CancellationError()
        } catch is CancellationError {
            throw CancellationError()
        } catch let error as HTTPClientError where error == .remoteConnectionClosed {
            throw RemoteError.connectionLost(endpoint: endpoint.baseURL, path: path, detail: "\(error)")
        } catch {
            throw RemoteError.connectionFailed(endpoint: endpoint.baseURL, path: path, detail: "\(error)")
        }
    }

    private static func collect(_ response: HTTPClientResponse, endpoint: Endpoint, path: String) async throws
        -> [UInt8]
    {
        do {
            var buffer = try await response.body.collect(upTo: maxBodyBytes)
            return buffer.readBytes(length: buffer.readableBytes) ?? []
        } catch is CancellationError {
            throw CancellationError()
        } catch let error as NIOTooManyBytesError {
            throw RemoteError.malformedResponse(
                endpoint: endpoint.baseURL, path: path, detail: "reply larger than \(maxBodyBytes) bytes (\(error))")
        } catch {
            throw RemoteError.connectionLost(endpoint: endpoint.baseURL, path: path, detail: "\(error)")
        }
    }

    /// Throws for an error status, with the server's message (or the start of its body) as the detail; the key
    /// is taken out of the body before it is cut, so a cut cannot leave part of it.
    private static func check(
        _ status: HTTPResponseStatus, body: [UInt8], endpoint: Endpoint, path: String, apiKey: APIKey?
    ) throws {
        guard status.code >= 400 else { return }
        let redact = { (text: String) in apiKey?.redact(text) ?? text }
        let detail: String
        if let message = (try? JSONDecoder().decode(ErrorBody.self, from: Data(body)))?.text {
            detail = redact(message)
        } else {
            let start = body.prefix(300 + 8 * (apiKey?.value.utf8.count ?? 0))
            detail = String(redact(String(decoding: start, as: UTF8.self)).prefix(300))
        }
        throw RemoteError.httpStatus(Int(status.code), endpoint: endpoint.baseURL, path: path, detail: detail)
    }

    /// Runs `operation`, taking `apiKey` out of the message of any ``RemoteError`` it throws: replies, streamed
    /// events and client errors are the server's words, and a server may echo the header it received.
    private func redactingErrors<T: Sendable>(_ apiKey: APIKey?, _ operation: () async throws -> T) async throws -> T {
        do {
            return try await operation()
        } catch let error as RemoteError {
            throw error.redacting(apiKey)
        }
    }

    static func decode<Reply: Decodable>(_ type: Reply.Type, from bytes: [UInt8], endpoint: Endpoint, path: String)
        throws -> Reply
    {
        do {
            return try JSONDecoder().decode(type, from: Data(bytes))
        } catch {
            throw RemoteError.malformedResponse(endpoint: endpoint.baseURL, path: path, detail: Self.describe(error))
        }
    }

    /// A short description of a decoding error: what was expected where.
    static func describe(_ error: any Error) -> String {
        guard let error = error as? DecodingError else { return "\(error)" }
        func at(_ path: [any CodingKey]) -> String {
            path.isEmpty
                ? "the top level"
                : "'" + path.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".") + "'"
        }
        switch error {
        case .dataCorrupted(let context):
            return "not valid JSON at \(at(context.codingPath)) (\(context.debugDescription))"
        case .keyNotFound(let key, let context):
            return "missing field '\(key.stringValue)' at \(at(context.codingPath))"
        case .typeMismatch(let type, let context): return "expected \(type) at \(at(context.codingPath))"
        case .valueNotFound(let type, let context): return "expected \(type) at \(at(context.codingPath)), found null"
        @unknown default: return "\(error)"
        }
    }

    /// Runs `operation`, failing with a deadline error if it has not finished by `deadline` (the client's
    /// own deadline only covers the response head, not the body).
    private func withDeadline<T: Sendable>(
        _ deadline: ContinuousClock.Instant, endpoint: Endpoint, path: String,
        _ operation: @escaping @Sendable () async throws -> T
    ) async throws -> T {
        let timeout = max(.zero, deadline - .now)
        return try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask { try await operation() }
            group.addTask {
                try await Task.sleep(until: deadline, clock: .continuous)
                return nil
            }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let value = first else {
                throw RemoteError.deadlineExceeded(endpoint: endpoint.baseURL, path: path, timeout: timeout)
            }
            return value
        }
    }
}
