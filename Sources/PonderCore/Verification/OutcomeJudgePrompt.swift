import Foundation

/// The generative verifier's prompt for a whole solution (an outcome judge): an instruct model sees the
/// problem and the complete solution and answers whether its final answer is correct; the score is
/// P(Yes) / (P(Yes) + P(No)) at the next token, as for steps (``JudgePrompt``).
///
/// The variants are data, measured rather than chosen by taste: `ponder judge` scores stored, graded
/// candidates with a variant and prints its AUROC; docs/RESULTS.md records what each variant measured.
/// The judge only reads the solution it is given; it never writes one of its own to compare against.
public struct OutcomeJudgePrompt: Sendable, Hashable, CustomStringConvertible {
    /// How the solution appears in the prompt.
    public enum Layout: String, Sendable, Hashable {
        /// The solution's text as the policy wrote it.
        case text
        /// One `Step i: …` line per step, as the step judge lists them.
        case steps
    }

    /// The variant's name.
    public var name: String
    /// The system message.
    public var system: String
    /// The heading above the solution (`Student's solution:`).
    public var heading: String
    /// How the solution appears.
    public var layout: Layout
    /// The question after the solution; it must ask for ``JudgePrompt/yes`` or ``JudgePrompt/no``.
    public var question: String

    /// Creates a variant.
    public init(name: String, system: String, heading: String, layout: Layout, question: String) {
        self.name = name
        self.system = system
        self.heading = heading
        self.layout = layout
        self.question = question
    }

    public var description: String { name }

    /// The judging conversation for a whole solution.
    public func messages(problem: Problem, steps: [String]) -> [ChatMessage] {
        var user = "Problem:\n\(problem.statement.trimmingCharacters(in: .whitespacesAndNewlines))\n\n\(heading)\n"
        switch layout {
        case .text:
            user += steps.joined().trimmingCharacters(in: .whitespacesAndNewlines) + "\n"
        case .steps:
            for (index, step) in steps.enumerated() {
                user += "Step \(index + 1): \(PRMFormat.strip(step))\n"
            }
        }
        user += "\n\(question)"
        return [ChatMessage(role: .system, content: system), ChatMessage(role: .user, content: user)]
    }

    // MARK: - Variants

    /// The solution as written, and one question: is its final answer correct?
    ///
    /// Measured with the 1.5B judge on 152 candidates of 19 problems (0.5B majority samples, docs/RESULTS.md):
    /// AUROC 0.795 pooled, 0.708 within problems; scores 0.97 right against 0.87 wrong.
    public static let finalAnswer = OutcomeJudgePrompt(
        name: "final-answer",
        system: "You are a meticulous math teacher. You grade a student's solution by its final answer.",
        heading: "Student's solution:", layout: .text,
        question: "Is the final answer of this solution correct? Answer \(JudgePrompt.yes) or \(JudgePrompt.no).")

    /// The step judge's listing of the steps, asked about the whole: every step and the final answer.
    ///
    /// Measured as ``finalAnswer``: AUROC 0.780 pooled, 0.712 within problems, with 8% more prompt tokens.
    public static let steps = OutcomeJudgePrompt(
        name: "steps",
        system: JudgePrompt.systemPrompt,
        heading: "Solution:", layout: .steps,
        question:
            "Is this solution correct, every step and its final answer? Answer \(JudgePrompt.yes) or \(JudgePrompt.no)."
    )

    /// A strict grader told that most solutions are wrong, against a small judge's habit of saying Yes.
    ///
    /// Measured as ``finalAnswer``: AUROC 0.781 pooled, 0.740 within problems (the best within), and the widest
    /// spread of scores (0.91 right against 0.79 wrong). Answer agreement, with no model, ranks at 0.758 within.
    public static let skeptical = OutcomeJudgePrompt(
        name: "skeptical",
        system:
            "You are a strict math grader. Most solutions you are shown are wrong; you accept one only when its "
            + "reasoning holds and its final answer is right.",
        heading: "Proposed solution:", layout: .text,
        question:
            "Check the solution carefully. Is its final answer correct? Answer \(JudgePrompt.yes) or \(JudgePrompt.no)."
    )

    /// The variants Ponder ships, the default first.
    public static let builtIn: [OutcomeJudgePrompt] = [.finalAnswer, .steps, .skeptical]

    /// The variant the generative verifier uses unless told otherwise.
    public static let `default` = finalAnswer

    /// A built-in variant by name.
    ///
    /// - Throws: ``PonderError`` for an unknown name, listing the known ones.
    public init(parsing name: String) throws {
        guard let variant = Self.builtIn.first(where: { $0.name == name.lowercased() }) else {
            throw PonderError.unknownName("judge prompt", name, known: Self.builtIn.map(\.name))
        }
        self = variant
    }
}
