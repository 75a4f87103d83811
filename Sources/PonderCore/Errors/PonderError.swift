/// An error from Ponder's domain layer: bad parameters, impossible budgets, empty input.
public typealias PonderError = CodedError<PonderErrorCode>

/// What went wrong in Ponder's domain layer.
public enum PonderErrorCode: Hashable, Sendable {
    /// A parameter outside its range.
    case invalidParameter
    /// A problem with no text.
    case emptyProblem
    /// A budget the backend cannot run in one call.
    case budgetTooLarge
    /// A name (strategy, rule, model) that is not known.
    case unknownName
    /// A verifier that returned the wrong number of scores.
    case verifierMismatch
}

extension CodedError where Code == PonderErrorCode {
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
        PonderError(
            .budgetTooLarge,
            "Budget '\(n)' needs \(n) parallel sequences but the policy allows at most \(maximum) (model '\(model)')")
    }

    /// A name (strategy, rule, model) that is not known.
    public static func unknownName(_ kind: String, _ name: String, known: [String]) -> PonderError {
        PonderError(.unknownName, "Unknown \(kind) '\(name)': expected one of \(known.joined(separator: ", "))")
    }

    /// A verifier that returned the wrong number of scores.
    public static func verifierMismatch(_ verifier: String, expected: Int, got: Int) -> PonderError {
        PonderError(.verifierMismatch, "Verifier '\(verifier)' returned \(got) scores where \(expected) were asked for")
    }
}
