public import Foundation
import PonderCore

/// A list of problem ids to run (`--ids FILE`), read from JSON or plain text.
///
/// Accepted forms: an object with an `ids` array (the shared `math500-s100.json`:
/// `{"name", "seed", "quota", "ids": [...]}`), a JSON array of ids, or plain text with one id per line
/// (blank lines and lines starting with `#` ignored). Order is kept: it is the order problems run in.
public enum ProblemIDList {
    /// Reads the ids in `path`.
    ///
    /// - Throws: ``EvalError`` when the file cannot be read, holds no ids, or repeats one.
    public static func load(path: String) throws -> [String] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw EvalError.unreadableFile(path, reason: "no such file, or not readable")
        }
        return try parse(data, source: path)
    }

    /// Parses ids from a file's bytes; `source` names the file in errors.
    ///
    /// - Throws: ``EvalError`` when the data holds no ids or repeats one.
    public static func parse(_ data: Data, source: String) throws -> [String] {
        let text = String(decoding: data, as: UTF8.self)
        let ids: [String]
        let first = text.first(where: { !$0.isWhitespace })
        if first == "{" || first == "[" {
            let json: Any
            do {
                json = try JSONSerialization.jsonObject(with: data)
            } catch {
                throw EvalError.unreadableFile(source, reason: "not valid JSON")
            }
            let array: Any? = if let object = json as? [String: Any] { object["ids"] } else { json }
            guard let strings = array as? [String] else {
                throw EvalError.unreadableFile(
                    source, reason: "expected an array of id strings, or an object with one under 'ids'")
            }
            ids = strings
        } else {
            ids = text.split(whereSeparator: \.isNewline)
                .map { $0.trimmingCharacters(in: .whitespaces) }
                .filter { !$0.isEmpty && !$0.hasPrefix("#") }
        }
        guard !ids.isEmpty else { throw EvalError.unreadableFile(source, reason: "it lists no ids") }
        var seen = Set<String>()
        for id in ids where !seen.insert(id).inserted {
            throw EvalError.unreadableFile(source, reason: "id '\(id)' is listed twice")
        }
        return ids
    }
}
