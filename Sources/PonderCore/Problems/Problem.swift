/// A problem to solve, with its reference answer when known.
public struct Problem: Sendable, Hashable, Codable {
    /// A stable id (a dataset's id, or empty for an ad-hoc problem).
    public var id: String
    /// The problem statement (LaTeX allowed).
    public var statement: String
    /// The reference answer, when known.
    public var referenceAnswer: String?

    /// Creates a problem.
    public init(id: String = "", statement: String, referenceAnswer: String? = nil) {
        self.id = id
        self.statement = statement
        self.referenceAnswer = referenceAnswer
    }

    /// Checks the problem once, before any work.
    ///
    /// - Throws: ``PonderError`` when the statement is empty.
    public func validated() throws -> Problem {
        guard statement.contains(where: { !$0.isWhitespace }) else { throw PonderError.emptyProblem() }
        return self
    }
}
