public import Foundation
public import Logging
import NIOHTTP1
import PonderCore

/// Fetches model files from the Hugging Face Hub (or a server with its API) into the Hub's shared cache.
///
/// Speaks the Hub's documented shapes: `GET /api/models/REPO/tree/REVISION` lists the files,
/// `HEAD /REPO/resolve/REVISION/FILE` gives `X-Repo-Commit`, the `ETag` (`X-Linked-Etag` for LFS files: their
/// SHA-256) and size before the redirect to storage, and the download itself resumes with `Range`.
public struct HubClient: Sendable {
    /// Where the Hub is, the token and the cache.
    public var settings: HubSettings
    /// The cache files go into and are found in.
    public var cache: HubCache { HubCache(root: settings.cacheDirectory) }
    let http: ModelHTTPClient
    let logger: Logger

    /// A client reaching the Hub through `http`.
    public init(settings: HubSettings, http: ModelHTTPClient, logger: Logger) {
        self.settings = settings
        self.http = http
        self.logger = logger
    }

    /// The cached file `reference` means, found without the network; `nil` when the cache does not hold one.
    ///
    /// - Throws: ``ModelsError`` when the cached snapshot holds several matching files and no choice.
    public func cachedPath(for reference: HubReference) throws -> String? {
        try cache.cachedPath(for: reference)
    }

    // MARK: - Network

    /// One entry of the tree listing (`/api/models/REPO/tree/REVISION`).
    struct TreeEntry: Decodable {
        struct LFS: Decodable {
            var oid: String
            var size: Int64?
        }
        var type: String
        var path: String
        var oid: String?
        var size: Int64?
        var lfs: LFS?
    }

    /// The files of the repository at `reference`'s revision, from the tree API (following `Link: rel="next"`
    /// pages).
    ///
    /// - Throws: ``ModelsError`` for an unknown or gated repository, or a reply not in the Hub's shape.
    public func files(of reference: HubReference) async throws -> [String] {
        var next: URL? = apiURL(reference)
        var files: [String] = []
        while let url = next {
            let (head, data) = try await hubGet(url, reference: reference)
            guard let entries = try? JSONDecoder().decode([TreeEntry].self, from: data) else {
                throw ModelsError.malformedReply(url: url.absoluteString, expected: "a Hub tree listing (JSON array)")
            }
            files += entries.filter { $0.type == "file" }.map(\.path)
            next = Self.nextPage(head.headers, relativeTo: url)
        }
        return files
    }

    /// What the Hub says of one file before downloading it.
    public struct FileMetadata: Sendable, Hashable {
        /// The commit the revision resolved to (`X-Repo-Commit`).
        public var commit: String
        /// The blob's name in the cache: the SHA-256 of an LFS file, the git oid of a small one.
        public var etag: String
        /// The size, when given.
        public var bytes: Int64?
        /// Where the bytes are (the redirect's target, or the resolve URL itself).
        public var location: URL
    }

    /// `HEAD /REPO/resolve/REVISION/FILE` as `huggingface_hub` asks: relative redirects (a renamed repository)
    /// are followed, the redirect to storage on another host is not, so its headers can be read.
    ///
    /// - Throws: ``ModelsError`` for error statuses or a reply without commit or ETag.
    public func metadata(of file: String, in reference: HubReference) async throws -> FileMetadata {
        var url = resolveURL(file, reference)
        var head: ModelHTTPClient.Head
        var hops = 0
        while true {
            do {
                (head, _) = try await http.send(
                    .HEAD, url, headers: [("Accept-Encoding", "identity")], token: settings.token,
                    followRedirects: false)
            } catch let error as ModelsError {
                throw error
            } catch {
                throw ModelsError.transfer(
                    url: url.absoluteString, attempts: 1, reason: settings.token.redact("\(error)"))
            }
            guard (300..<400).contains(head.status), hops < ModelHTTPClient.maxRedirects,
                let location = head.headers.first(name: "Location"), location.hasPrefix("/"),
                let next = URL(string: location, relativeTo: url)?.absoluteURL
            else { break }
            url = next
            hops += 1
        }
        guard (200..<400).contains(head.status) else {
            throw Self.statusError(head.status, url: url, reference: reference)
        }
        let headers = head.headers
        guard let commit = headers.first(name: "X-Repo-Commit"),
            let etag = (headers.first(name: "X-Linked-Etag") ?? headers.first(name: "ETag")).map(Self.unquoted)
        else {
            throw ModelsError.malformedReply(
                url: url.absoluteString, expected: "a Hub file head with X-Repo-Commit and ETag headers")
        }
        let bytes = (headers.first(name: "X-Linked-Size") ?? headers.first(name: "Content-Length")).flatMap {
            Int64($0)
        }
        var location = url
        if (300..<400).contains(head.status), let target = headers.first(name: "Location"),
            let resolved = URL(string: target, relativeTo: url)?.absoluteURL
        {
            location = resolved
        }
        return FileMetadata(commit: commit, etag: etag, bytes: bytes, location: location)
    }

    /// Downloads the file `reference` means into the cache (or finds it there) and returns its snapshot path.
    ///
    /// The blob is written as `blobs/ETAG.incomplete`, resumed after cut connections, checked against the
    /// SHA-256 when the ETag is one, then renamed and linked from the snapshot; a checksum mismatch deletes it,
    /// so nothing is left behind. A split GGUF brings all its parts and returns the first.
    ///
    /// - Throws: ``ModelsError``; `CancellationError` when cancelled (the incomplete blob stays for next time).
    public func download(_ reference: HubReference, progress: ProgressReporter? = nil) async throws -> String {
        let listing = try await files(of: reference)
        let file = try HubFileChoice.choose(reference, among: listing)
        let parts = HubFileChoice.parts(of: file, among: listing)
        var first: String?
        for (index, part) in parts.enumerated() {
            let path = try await fetch(
                part, reference: reference, position: (index + 1, parts.count), progress: progress)
            if first == nil { first = path }
        }
        return first ?? ""
    }

    /// Downloads one file of the repository into the cache, unless its blob is there already.
    func fetch(
        _ file: String, reference: HubReference, position: (file: Int, files: Int), progress: ProgressReporter?
    ) async throws -> String {
        let metadata = try await metadata(of: file, in: reference)
        let repository = reference.repository
        let blob = cache.blob(metadata.etag, in: repository)
        if !FileManager.default.fileExists(atPath: blob.path) {
            logger.info("Downloading from the Hub", metadata: ["file": "\(file)", "url": "\(metadata.location)"])
            let expectation = ModelHTTPClient.Expectation(
                bytes: metadata.bytes, sha256: FileDigest.isSHA256(metadata.etag) ? metadata.etag : nil)
            try await http.download(
                metadata.location, to: blob, part: blob.appendingPathExtension("incomplete"), expecting: expectation,
                token: settings.token, label: file, position: position, progress: progress)
        }
        try cache.link(file, commit: metadata.commit, etag: metadata.etag, revision: reference.revision, in: repository)
        return cache.snapshot(file, commit: metadata.commit, in: repository).path
    }

    // MARK: - URLs and replies

    private func apiURL(_ reference: HubReference) -> URL {
        url(
            "api/models/\(Self.encodedPath(reference.repository))/tree/\(Self.encodedSegment(reference.revision))"
                + "?recursive=true")
    }

    private func resolveURL(_ file: String, _ reference: HubReference) -> URL {
        url(
            "\(Self.encodedPath(reference.repository))/resolve/\(Self.encodedSegment(reference.revision))/"
                + Self.encodedPath(file))
    }

    /// `path` under the endpoint (which may itself have a path).
    private func url(_ path: String) -> URL {
        let base = settings.endpoint.absoluteString
        return URL(string: (base.hasSuffix("/") ? base : base + "/") + path) ?? settings.endpoint
    }

    private func hubGet(_ url: URL, reference: HubReference) async throws -> (ModelHTTPClient.Head, Data) {
        let (head, data) = try await http.getAnyStatus(url, accept: "application/json", token: settings.token)
        guard (200..<300).contains(head.status) else {
            if [401, 403, 404].contains(head.status) {
                throw Self.statusError(head.status, url: url, reference: reference)
            }
            throw ModelsError.httpStatus(
                head.status, url: url.absoluteString,
                detail: settings.token.redact(ModelHTTPClient.excerpt(data)))
        }
        return (head, data)
    }

    static func statusError(_ status: Int, url: URL, reference: HubReference) -> ModelsError {
        let hint: String
        switch status {
        case 401, 403: hint = "the repository is private or gated: set HF_TOKEN to a token with access"
        case 404: hint = "no such repository, revision or file"
        default: hint = ""
        }
        return ModelsError.httpStatus(status, url: url.absoluteString, detail: hint)
    }

    /// Text as one URL path segment, `/` included (`refs/pr/1` → `refs%2Fpr%2F1`).
    static func encodedSegment(_ text: String) -> String {
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: "/?#%")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }

    /// A path whose segments are encoded one by one, the `/` between them kept.
    static func encodedPath(_ path: String) -> String {
        path.split(separator: "/", omittingEmptySubsequences: false).map { encodedSegment(String($0)) }
            .joined(separator: "/")
    }

    /// An ETag without `W/` and quotes.
    static func unquoted(_ etag: String) -> String {
        var text = etag.trimmingCharacters(in: .whitespaces)
        if text.hasPrefix("W/") { text.removeFirst(2) }
        return text.trimmingCharacters(in: CharacterSet(charactersIn: "\""))
    }

    /// The `rel="next"` target of a `Link` header.
    static func nextPage(_ headers: HTTPHeaders, relativeTo url: URL) -> URL? {
        guard let link = headers.first(name: "Link") else { return nil }
        for part in link.split(separator: ",") where part.contains("rel=\"next\"") {
            guard let open = part.firstIndex(of: "<"), let close = part.firstIndex(of: ">") else { continue }
            return URL(string: String(part[part.index(after: open)..<close]), relativeTo: url)?.absoluteURL
        }
        return nil
    }
}
