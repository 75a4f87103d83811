/// An error from ``JSONLGrading``: input that cannot be read, with the line it was on.
public struct MathGraderError: Error, Equatable, CustomStringConvertible {
    private enum Code: Equatable {
        case invalidJSON
        case notAnObject
        case missingField(String)
        case unreadableFile(String)
    }

    private let code: Code
    /// The 1-based line number of the offending input line (0 when not about a line).
    public let lineNumber: Int

    private init(_ code: Code, lineNumber: Int) {
        self.code = code
        self.lineNumber = lineNumber
    }

    /// The line is not valid JSON.
    public static func invalidJSON(line: Int) -> MathGraderError { MathGraderError(.invalidJSON, lineNumber: line) }

    /// The line is JSON but not an object.
    public static func notAnObject(line: Int) -> MathGraderError { MathGraderError(.notAnObject, lineNumber: line) }

    /// The object lacks a string (or number) field.
    public static func missingField(_ name: String, line: Int) -> MathGraderError {
        MathGraderError(.missingField(name), lineNumber: line)
    }

    /// A file could not be read as UTF-8 text.
    public static func unreadableFile(_ path: String) -> MathGraderError {
        MathGraderError(.unreadableFile(path), lineNumber: 0)
    }

    /// The message, naming the line: `Line 3 is not valid JSON`.
    public var description: String {
        switch code {
        case .invalidJSON: "Line \(lineNumber) is not valid JSON"
        case .notAnObject: "Line \(lineNumber) is not a JSON object"
        case .missingField(let name): "Line \(lineNumber) has no string field '\(name)'"
        case .unreadableFile(let path): "Cannot read '\(path)' as UTF-8 text"
        }
    }
}
