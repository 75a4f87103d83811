import Foundation
import PonderTesting

/// Locates the shared evaluation data (never copied into the repository).
///
/// `PONDER_DATA_DIR` wins when set; otherwise `../shared/data` beside the repository (``SharedData``).
enum TestData {
    static var directory: URL { URL(fileURLWithPath: SharedData.directory, isDirectory: true) }

    static func url(_ name: String) -> URL { directory.appendingPathComponent(name) }

    static func isAvailable(_ name: String) -> Bool { FileManager.default.fileExists(atPath: url(name).path) }

    /// The rows of a JSONL file as dictionaries of their string (and integer) fields.
    static func rows(_ name: String) -> [[String: String]] {
        guard let text = try? String(contentsOf: url(name), encoding: .utf8) else { return [] }
        return text.split(separator: "\n").compactMap { line in
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
                return nil
            }
            var row: [String: String] = [:]
            for (key, value) in object {
                if let string = value as? String {
                    row[key] = string
                } else if let number = value as? Int {
                    row[key] = String(number)
                }
            }
            return row
        }
    }
}
