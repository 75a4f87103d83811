import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import PonderCore
import PonderModels
import Synchronization

/// An in-process stand-in for the Hugging Face Hub and for a PyPI simple index, serving the real APIs' shapes:
///
/// - Hub: `GET /api/models/OWNER/REPO/tree/REVISION` (a JSON array of `{type, path, oid, size, lfs}`),
///   `HEAD`/`GET /OWNER/REPO/resolve/REVISION/FILE` (a 302 to `/cdn/SHA256` with `X-Repo-Commit`,
///   `X-Linked-Etag`, `X-Linked-Size` and `ETag`), and `GET /cdn/SHA256` with `Range` support.
/// - Index: `GET /simple/NAME/` as PEP 691 JSON (or PEP 503 HTML), and `GET /files/FILENAME` with `Range`.
///
/// Switches inject the failures the client must survive; every request is recorded.
final class FakeModelServer: Sendable {
    struct Recorded: Sendable {
        var method: String
        var path: String
        var authorization: String?
        var range: String?
    }

    struct Behaviour: Sendable {
        /// Hub repositories: `OWNER/REPO` → file path → bytes.
        var repositories: [String: [String: Data]] = [:]
        /// The commit every Hub revision resolves to.
        var commit = String(repeating: "a1b2c3d4e5", count: 4)
        /// A token the Hub requires (401 without it), or `nil` for a public Hub.
        var requiredToken: String?
        /// Blob downloads (by SHA-256) whose body is cut after this many bytes, once each.
        var cutAfter: [String: Int] = [:]
        /// Blob downloads answered with these bytes instead of the real ones (a corrupt store).
        var corrupted: [String: Data] = [:]
        /// Index projects: normalised name → (wheel file name, bytes).
        var projects: [String: [(name: String, data: Data)]] = [:]
        /// Whether index pages are HTML (PEP 503) instead of JSON (PEP 691).
        var htmlIndex = false
        /// A digest the index claims for every wheel instead of the real one.
        var wrongWheelDigest: String?
    }

    private let state = Mutex<(behaviour: Behaviour, requests: [Recorded], cutsDone: Set<String>)>(
        (Behaviour(), [], []))

    init(_ behaviour: Behaviour) {
        state.withLock { $0.behaviour = behaviour }
    }

    var requests: [Recorded] { state.withLock { $0.requests } }
    func update(_ change: (inout Behaviour) -> Void) { state.withLock { change(&$0.behaviour) } }

    static func sha256(_ data: Data) -> String {
        SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
    }

    // MARK: - Server

    /// Runs `body` with the server up on 127.0.0.1 (a port the system chose), and stops it afterwards.
    func withServer<T: Sendable>(_ body: (URL) async throws -> T) async throws -> T {
        var logger = Logger(label: "fake-model-server")
        logger.logLevel = .critical
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let app = Application(
            router: router(),
            configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in
                continuation.yield(channel.localAddress?.port ?? 0)
                continuation.finish()
            },
            logger: logger)
        // This function owns the task: it is cancelled and awaited on every way out.
        let task = Task { try await app.runService(gracefulShutdownSignals: []) }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next(), port > 0, let url = URL(string: "http://127.0.0.1:\(port)") else {
            task.cancel()
            throw ModelsError(.transfer, "fake server did not start")
        }
        do {
            let value = try await body(url)
            task.cancel()
            _ = await task.result
            return value
        } catch {
            task.cancel()
            _ = await task.result
            throw error
        }
    }

    private static func name(_ text: String) -> HTTPField.Name {
        HTTPField.Name(text) ?? .contentType
    }

    private func record(_ request: Request) {
        state.withLock {
            $0.requests.append(
                Recorded(
                    method: request.method.rawValue, path: request.uri.path,
                    authorization: request.headers[.authorization], range: request.headers[.range]))
        }
    }

    private func router() -> Router<BasicRequestContext> {
        let router = Router()
        router.get("/api/models/:owner/:repo/tree/:revision") { request, context in
            self.record(request)
            if let denied = self.denied(request) { return denied }
            let repository = "\(context.parameters.get("owner") ?? "")/\(context.parameters.get("repo") ?? "")"
            guard let files = self.state.withLock({ $0.behaviour.repositories[repository] }) else {
                return Response(status: .notFound, body: .init(byteBuffer: ByteBuffer(string: "Repository not found")))
            }
            let entries: [[String: Any]] = files.keys.sorted().map { path in
                let data = files[path] ?? Data()
                return [
                    "type": "file", "path": path, "oid": String(Self.sha256(data).prefix(40)), "size": data.count,
                    "lfs": ["oid": Self.sha256(data), "size": data.count, "pointerSize": 134],
                ]
            }
            let json = try JSONSerialization.data(withJSONObject: entries)
            return Response(
                status: .ok, headers: [.contentType: "application/json"],
                body: .init(byteBuffer: ByteBuffer(bytes: json)))
        }
        let resolve: @Sendable (Request, BasicRequestContext) async throws -> Response = { request, context in
            self.record(request)
            if let denied = self.denied(request) { return denied }
            let repository = "\(context.parameters.get("owner") ?? "")/\(context.parameters.get("repo") ?? "")"
            let file = context.parameters.getCatchAll().joined(separator: "/")
            let (data, commit) = self.state.withLock {
                ($0.behaviour.repositories[repository]?[file], $0.behaviour.commit)
            }
            guard let data else {
                return Response(status: .notFound, headers: [Self.name("X-Error-Code"): "EntryNotFound"])
            }
            let digest = Self.sha256(data)
            // Storage lives on another host, as the Hub's LFS redirects go to a CDN: here `localhost` for
            // `127.0.0.1`, so the token must not follow.
            let storage = (request.head.authority ?? "").replacingOccurrences(of: "127.0.0.1", with: "localhost")
            return Response(
                status: .found,
                headers: [
                    .location: "http://\(storage)/cdn/\(digest)", Self.name("X-Repo-Commit"): commit,
                    Self.name("X-Linked-Etag"): "\"\(digest)\"", Self.name("X-Linked-Size"): "\(data.count)",
                    .eTag: "\"\(String(digest.prefix(40)))\"",
                ])
        }
        router.get("/:owner/:repo/resolve/:revision/**", use: resolve)
        router.head("/:owner/:repo/resolve/:revision/**", use: resolve)
        router.get("/cdn/:digest") { request, context in
            self.record(request)
            let digest = context.parameters.get("digest") ?? ""
            let (data, cut) = self.state.withLock { state -> (Data?, Int?) in
                let all = state.behaviour.repositories.values.flatMap(\.values)
                var data = all.first { Self.sha256($0) == digest }
                if let corrupt = state.behaviour.corrupted[digest] { data = corrupt }
                var cut: Int?
                if let limit = state.behaviour.cutAfter[digest], !state.cutsDone.contains(digest) {
                    state.cutsDone.insert(digest)
                    cut = limit
                }
                return (data, cut)
            }
            guard let data else { return Response(status: .notFound) }
            return Self.serve(data, request: request, cutAfter: cut)
        }
        router.get("/simple/:project/") { request, context in
            self.record(request)
            let project = context.parameters.get("project") ?? ""
            let (files, html, wrong) = self.state.withLock {
                ($0.behaviour.projects[project], $0.behaviour.htmlIndex, $0.behaviour.wrongWheelDigest)
            }
            guard let files else { return Response(status: .notFound) }
            if html {
                let links = files.map { file in
                    "<a href=\"../../files/\(file.name)#sha256=\(wrong ?? Self.sha256(file.data))\" "
                        + "data-requires-python=\"&gt;=3.8\">\(file.name)</a><br/>"
                }
                let page = "<!DOCTYPE html><html><body><h1>Links for \(project)</h1>\(links.joined())</body></html>"
                return Response(
                    status: .ok, headers: [.contentType: "text/html"],
                    body: .init(byteBuffer: ByteBuffer(string: page)))
            }
            let entries: [[String: Any]] = files.map { file in
                [
                    "filename": file.name, "url": "/files/\(file.name)", "size": file.data.count,
                    "hashes": ["sha256": wrong ?? Self.sha256(file.data)], "yanked": false,
                ]
            }
            let json = try JSONSerialization.data(
                withJSONObject: ["meta": ["api-version": "1.1"], "name": project, "files": entries])
            return Response(
                status: .ok, headers: [.contentType: "application/vnd.pypi.simple.v1+json"],
                body: .init(byteBuffer: ByteBuffer(bytes: json)))
        }
        router.get("/files/:file") { request, context in
            self.record(request)
            let name = context.parameters.get("file") ?? ""
            let (data, cut) = self.state.withLock { state -> (Data?, Int?) in
                let data = state.behaviour.projects.values.flatMap { $0 }.first { $0.name == name }?.data
                var cut: Int?
                if let limit = state.behaviour.cutAfter[name], !state.cutsDone.contains(name) {
                    state.cutsDone.insert(name)
                    cut = limit
                }
                return (data, cut)
            }
            guard let data else { return Response(status: .notFound) }
            return Self.serve(data, request: request, cutAfter: cut)
        }
        return router
    }

    /// A 401 when the Hub wants a token and the request lacks it.
    private func denied(_ request: Request) -> Response? {
        guard let token = state.withLock({ $0.behaviour.requiredToken }),
            request.headers[.authorization] != "Bearer \(token)"
        else { return nil }
        return Response(
            status: .unauthorized, headers: [Self.name("X-Error-Code"): "GatedRepo"],
            // Echoes the header back, as a careless server or proxy does, so tests see that clients redact it.
            body: .init(
                byteBuffer: ByteBuffer(
                    string: "Access to this repository is restricted (got \(request.headers[.authorization] ?? "none"))"
                )))
    }

    private struct Cut: Error {}

    /// `data` or the range of it the request asks for; with `cutAfter`, the connection drops after that many
    /// body bytes although the head promised more.
    private static func serve(_ data: Data, request: Request, cutAfter: Int?) -> Response {
        var start = 0
        var status = HTTPResponse.Status.ok
        var headers: HTTPFields = [.acceptRanges: "bytes", .contentType: "application/octet-stream"]
        if let range = request.headers[.range], range.hasPrefix("bytes="),
            let from = Int(range.dropFirst(6).split(separator: "-").first ?? "")
        {
            guard from < data.count else {
                return Response(status: .rangeNotSatisfiable, headers: [.contentRange: "bytes */\(data.count)"])
            }
            start = from
            status = .partialContent
            headers[.contentRange] = "bytes \(from)-\(data.count - 1)/\(data.count)"
        }
        let slice = data[data.index(data.startIndex, offsetBy: start)...]
        let length = slice.count
        return Response(
            status: status, headers: headers,
            body: ResponseBody(contentLength: length) { writer in
                if let cutAfter {
                    try await writer.write(ByteBuffer(bytes: slice.prefix(cutAfter)))
                    throw Cut()
                }
                var offset = slice.startIndex
                while offset < slice.endIndex {
                    let end = min(offset + 4096, slice.endIndex)
                    try await writer.write(ByteBuffer(bytes: slice[offset..<end]))
                    offset = end
                }
                try await writer.finish(nil)
            })
    }
}
