import Foundation

/// A table written as CSV (RFC 4180: comma-separated, fields with commas, quotes or line breaks quoted).
package struct CSVTable: Sendable, Hashable {
    /// The column names.
    package var header: [String]
    /// The rows, each as long as the header.
    package var rows: [[String]]

    /// Creates a table.
    package init(header: [String], rows: [[String]]) {
        self.header = header
        self.rows = rows
    }

    /// The CSV text, lines ending in `\r\n` as RFC 4180 says.
    package var text: String {
        ([header] + rows).map { $0.map(Self.field).joined(separator: ",") }.joined(separator: "\r\n") + "\r\n"
    }

    static func field(_ value: String) -> String {
        guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
