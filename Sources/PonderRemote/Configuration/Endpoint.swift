import Foundation
import PonderCore

/// One server of a role: the base URL its API paths hang off (`http://127.0.0.1:8080`).
public struct Endpoint: Sendable, Hashable, CustomStringConvertible {
    /// The base URL without a trailing slash; a `/v1` suffix is dropped, since paths are added per API.
    public let baseURL: String

    /// Parses and checks a server URL.
    ///
    /// - Throws: ``RemoteError`` when the URL is not `http` or `https` with a host.
    public init(_ url: String) throws {
        var trimmed = url.trimmingCharacters(in: .whitespaces)
        while trimmed.hasSuffix("/") { trimmed.removeLast() }
        if trimmed.hasSuffix("/v1") { trimmed.removeLast(3) }
        guard let components = URLComponents(string: trimmed), let scheme = components.scheme?.lowercased() else {
            throw RemoteError.invalidURL(url, reason: "expected a URL such as http://127.0.0.1:8000")
        }
        guard scheme == "http" || scheme == "https" else {
            throw RemoteError.invalidURL(url, reason: "expected the scheme http or https")
        }
        guard let host = components.host, !host.isEmpty else {
            throw RemoteError.invalidURL(url, reason: "expected a host")
        }
        guard components.query == nil, components.fragment == nil else {
            throw RemoteError.invalidURL(url, reason: "expected no query or fragment")
        }
        self.baseURL = trimmed
    }

    /// The full URL of `path` (which starts with `/`).
    public func url(_ path: String) -> String { baseURL + path }

    public var description: String { baseURL }
}
