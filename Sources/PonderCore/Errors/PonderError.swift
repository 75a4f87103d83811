/// An error from Ponder's domain layer: bad parameters, impossible budgets, empty input.
///
/// Shaped like async-http-client's errors: a struct over a private code, with the offending value and
/// the limit in the message.
public struct PonderError: Error, Sendable, Hashable, CustomStringConvertible {
    private enum Code: Hashable, Sendable {
        case invalidParameter
        case emptyProblem
        case budgetTooLarge
        case unknownName
        case verifierMismatch
    }

    private let code: Code
    /// A sentence fragment describing the error.
    public let message: String

    private init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }

    /// A parameter outside its range.
    public static func invalidParameter(_ name: String, _ value: String, expected: String) -> PonderError {
        PonderError(.invalidParameter, "Invalid \(name) '\(value)': expected \(expected)")
    }

    /// A problem with no text.
    public static func emptyProblem() -> PonderError {
        PonderError(.emptyProblem, "Problem is empty: give the problem text as an argument, with --file, or on stdin")
    }

    /// A budget the backend cannot run in one call.
    public static func budgetTooLarge(_ n: Int, maximum: Int, model: String) -> PonderError {
        PonderError(.budgetTooLarge, "Budget '\(n)' needs \(n) parallel sequences but the policy allows at most \(maximum) (model '\(model)')")
    }

    /// A name (strategy, rule, model) that is not known.
    public static func unknownName(_ kind: String, _ name: String, known: [String]) -> PonderError {
        PonderError(.unknownName, "Unknown \(kind) '\(name)': expected one of \(known.joined(separator: ", "))")
    }

    /// A verifier that returned the wrong number of scores.
    public static func verifierMismatch(_ verifier: String, expected: Int, got: Int) -> PonderError {
        PonderError(.verifierMismatch, "Verifier '\(verifier)' returned \(got) scores where \(expected) were asked for")
    }

    /// Whether two errors have the same code (messages may differ).
    public func isSameKind(as other: PonderError) -> Bool { code == other.code }
}
