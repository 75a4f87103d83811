public import PonderCore

/// One problem of an evaluation dataset: the statement, the gold answer, and what is known of it.
public struct DatasetProblem: Sendable, Hashable, Codable {
    /// The dataset's id of the problem (`test/precalculus/807.json`), or `line-N` when the line had none.
    public var id: String
    /// The problem statement (LaTeX allowed).
    public var statement: String
    /// The gold answer, as the dataset holds it.
    public var answer: String
    /// The difficulty level the dataset assigns (MATH: 1–5), if any.
    public var level: Int?
    /// The subject the dataset assigns, if any.
    public var subject: String?
    /// The line of the file the problem came from (1-based).
    public var line: Int

    /// Creates a problem.
    public init(id: String, statement: String, answer: String, level: Int? = nil, subject: String? = nil, line: Int = 0)
    {
        self.id = id
        self.statement = statement
        self.answer = answer
        self.level = level
        self.subject = subject
        self.line = line
    }

    /// The problem as search strategies take it, with its gold answer as the reference.
    public var problem: Problem { Problem(id: id, statement: statement, referenceAnswer: answer) }
}
