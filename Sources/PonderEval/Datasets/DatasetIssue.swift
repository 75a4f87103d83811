/// A dataset line that was not a problem, with the reason.
public struct DatasetIssue: Sendable, Hashable, CustomStringConvertible {
    /// The line number (1-based).
    public var line: Int
    /// What is wrong with it (`missing 'answer'`, `not a JSON object`).
    public var reason: String

    /// Creates an issue.
    public init(line: Int, reason: String) {
        self.line = line
        self.reason = reason
    }

    public var description: String { "line \(line): \(reason)" }
}
