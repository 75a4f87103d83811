import AsyncHTTPClient
public import Foundation
public import Logging
import NIOCore
import NIOHTTP1
import NIOSSL
import PonderCore
import Synchronization

/// The HTTP client of model fetching: small JSON or HTML replies, the head of a Hub file, and resumable
/// downloads into a part file. Redirects are followed here, hop by hop, so a token stays on its own host.
///
/// - Important: Call ``shutdown()`` when done.
public final class ModelHTTPClient: Sendable {
    let client: HTTPClient
    /// How requests are timed out and retried.
    public let configuration: TransferConfiguration
    let logger: Logger
    private let isShutDown = Mutex(false)
    /// The most redirects followed for one request.
    static let maxRedirects = 10
    /// The largest small reply accepted (index pages, file listings).
    static let maxReplyBytes = 32 << 20

    /// Creates a client.
    ///
    /// - Throws: ``ModelsError`` when the certificate file cannot be read.
    public init(configuration: TransferConfiguration = TransferConfiguration(), logger: Logger) throws {
        var http = HTTPClient.Configuration()
        http.redirectConfiguration = .disallow
        // A refused connection fails at once; the download's own attempts decide what happens next.
        http.connectionPool.retryConnectionEstablishment = false
        http.decompression = .disabled
        http.timeout = .init(
            connect: .nanoseconds(Int64(configuration.requestTimeout.seconds * 1e9)),
            read: .nanoseconds(Int64(configuration.readTimeout.seconds * 1e9)))
        if let file = configuration.certificateFile {
            guard FileManager.default.isReadableFile(atPath: file) else {
                throw ModelsError.fileSystem(
                    "read the certificate bundle", path: file, error: CocoaError(.fileReadNoSuchFile))
            }
            var tls = TLSConfiguration.makeClientConfiguration()
            tls.trustRoots = .file(file)
            http.tlsConfiguration = tls
        }
        if let proxy = configuration.proxy, let host = proxy.host {
            http.proxy = .server(host: host, port: proxy.port ?? 80)
        }
        client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: http)
        self.configuration = configuration
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

    /// A reply's status, headers and the URL that answered (after redirects).
    struct Head: Sendable {
        var status: Int
        var headers: HTTPHeaders
        var url: URL
    }

    /// Sends one request, following redirects unless `followRedirects` is false; the token goes only to its
    /// host. The body is left unread for the caller.
    func send(
        _ method: HTTPMethod, _ url: URL, headers: [(String, String)] = [], token: BearerToken?,
        followRedirects: Bool = true
    ) async throws -> (Head, HTTPClientResponse) {
        var current = url
        for _ in 0...Self.maxRedirects {
            var request = HTTPClientRequest(url: current.absoluteString)
            request.method = method
            request.headers.add(name: "User-Agent", value: "ponder/0.3 (model fetching)")
            for (name, value) in headers { request.headers.add(name: name, value: value) }
            if let token, current.host == token.host {
                request.headers.add(name: "Authorization", value: token.headerValue)
            }
            logger.debug("HTTP request", metadata: ["method": "\(method.rawValue)", "url": "\(current)"])
            let response = try await client.execute(
                request, timeout: .nanoseconds(Int64(configuration.requestTimeout.seconds * 1e9)), logger: logger)
            let status = Int(response.status.code)
            if followRedirects, (300..<400).contains(status), status != 304,
                let location = response.headers.first(name: "Location"),
                let next = URL(string: location, relativeTo: current)?.absoluteURL
            {
                try await Self.discard(response)
                current = next
                continue
            }
            return (Head(status: status, headers: response.headers, url: current), response)
        }
        throw ModelsError.httpStatus(310, url: url.absoluteString, detail: "more than \(Self.maxRedirects) redirects")
    }

    /// GETs a small reply, following redirects.
    ///
    /// - Throws: ``ModelsError`` for an error status (with the start of the body, token redacted), a
    ///   connection failure or a reply larger than 32 MiB.
    func get(_ url: URL, accept: String? = nil, token: BearerToken?) async throws -> (Head, Data) {
        let (head, data) = try await getAnyStatus(url, accept: accept, token: token)
        guard (200..<300).contains(head.status) else {
            throw ModelsError.httpStatus(head.status, url: url.absoluteString, detail: token.redact(Self.excerpt(data)))
        }
        return (head, data)
    }

    /// GETs a small reply of any status, following redirects.
    ///
    /// - Throws: ``ModelsError`` for a connection failure or a reply larger than 32 MiB.
    func getAnyStatus(_ url: URL, accept: String? = nil, token: BearerToken?) async throws -> (Head, Data) {
        let headers = accept.map { [("Accept", $0)] } ?? []
        do {
            let (head, response) = try await send(.GET, url, headers: headers, token: token)
            let body = try await response.body.collect(upTo: Self.maxReplyBytes)
            return (head, Data(body.readableBytesView))
        } catch let error as ModelsError {
            throw error
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            throw ModelsError.transfer(url: url.absoluteString, attempts: 1, reason: token.redact("\(error)"))
        }
    }

    /// The first 200 characters of a body, on one line.
    static func excerpt(_ data: Data) -> String {
        String(decoding: data.prefix(200), as: UTF8.self).split(whereSeparator: \.isNewline).joined(separator: " ")
    }

    /// Reads a body to its end and drops it, so the connection can be reused.
    static func discard(_ response: HTTPClientResponse) async throws {
        for try await _ in response.body {}
    }
}
