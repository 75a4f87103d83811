public import Foundation
import NIOHTTP1

/// A simple-repository package index (PyPI or a mirror): lists a project's files with their digests.
public struct PackageIndex: Sendable {
    /// Where the index is and how to reach it.
    public var settings: PackageIndexSettings
    let http: ModelHTTPClient

    /// An index reached through `http`.
    public init(settings: PackageIndexSettings, http: ModelHTTPClient) {
        self.settings = settings
        self.http = http
    }

    /// The wheel of `requirement`, with its URL and SHA-256.
    ///
    /// Asks for the JSON form of the project page (PEP 691) and reads the HTML form (PEP 503) when that is
    /// what comes back, as pip does.
    ///
    /// - Throws: ``ModelsError`` when the index has no wheel for it or cannot be reached.
    public func wheel(_ requirement: WheelRequirement) async throws -> IndexFile {
        let page = settings.indexURL.appendingPathComponent(requirement.normalizedName).appendingPathComponent("")
        let (head, data) = try await http.get(
            page, accept: "application/vnd.pypi.simple.v1+json, text/html;q=0.1", token: nil)
        let files = try IndexFile.parse(data, contentType: head.headers.first(name: "Content-Type"), page: head.url)
        let wheels = files.filter { requirement.matches(wheel: $0.fileName) }
        guard let wheel = wheels.first(where: { $0.fileName.hasSuffix("-none-any.whl") }) ?? wheels.first else {
            throw ModelsError.wheelNotFound(
                requirement.description, index: settings.indexURL.absoluteString, files: files.map(\.fileName))
        }
        return wheel
    }
}
