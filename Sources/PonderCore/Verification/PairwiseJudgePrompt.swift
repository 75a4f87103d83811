import Foundation

/// The pairwise judge's prompt: two solutions of one problem that reach different final answers, and one
/// question, which of them has the correct final answer; the score is P(A) / (P(A) + P(B)) at the next token.
///
/// A judge that sees both solutions can weigh one against the other, where an outcome judge (``OutcomeJudgePrompt``)
/// scores each alone and a rare right solution must outscore every wrong one by its own score. Small judges favour
/// one position, so ``ChampionChallenger`` asks in both orders.
public enum PairwiseJudgePrompt {
    /// The answer naming the first solution.
    public static let first = "A"
    /// The answer naming the second solution.
    public static let second = "B"

    /// The system message.
    public static let systemPrompt =
        "You are a meticulous math teacher. Two students solved the same problem and reached different final "
        + "answers, so at most one of them is right."

    /// The judging conversation for `first` (Solution A) against `second` (Solution B), each the texts of its
    /// steps.
    public static func messages(problem: Problem, first: [String], second: [String]) -> [ChatMessage] {
        func text(_ steps: [String]) -> String { steps.joined().trimmingCharacters(in: .whitespacesAndNewlines) }
        let user = """
            Problem:
            \(problem.statement.trimmingCharacters(in: .whitespacesAndNewlines))

            Solution \(Self.first):
            \(text(first))

            Solution \(Self.second):
            \(text(second))

            Which solution has the correct final answer? Answer \(Self.first) or \(Self.second).
            """
        return [ChatMessage(role: .system, content: systemPrompt), ChatMessage(role: .user, content: user)]
    }
}

/// Two solutions of one problem for a pairwise judge to compare.
public struct PairwiseComparisonRequest: Sendable, Hashable {
    /// The problem.
    public var problem: Problem
    /// Solution A.
    public var first: [Step]
    /// Solution B.
    public var second: [Step]

    /// Creates a request.
    public init(problem: Problem, first: [Step], second: [Step]) {
        self.problem = problem
        self.first = first
        self.second = second
    }
}

/// What a pairwise judge said of two solutions.
public struct PairwiseComparison: Sendable, Hashable {
    /// P(A) / (P(A) + P(B)): the judge's preference for the first solution.
    public var probabilityFirst: Double
    /// What the comparison cost the judge.
    public var usage: TokenUsage

    /// Creates a comparison.
    public init(probabilityFirst: Double, usage: TokenUsage = .zero) {
        self.probabilityFirst = probabilityFirst
        self.usage = usage
    }
}

/// A judge that compares two solutions of one problem (``PairwiseJudgePrompt``).
public protocol PairwiseJudge: Sendable {
    /// The judge's name in results.
    var name: String { get }
    /// The model behind it.
    var descriptor: ModelDescriptor? { get }
    /// Compares each request's two solutions, all in one batch where the backend can.
    func compare(_ requests: [PairwiseComparisonRequest]) async throws -> [PairwiseComparison]
}
