import Foundation

/// The generative verifier's judging prompt ("LLM as PRM"), shared by every backend that runs it: an
/// instruct model sees the problem and the steps so far, and answers whether the last one is correct.
///
/// Steps are listed as `Step i: …` lines with the judged step last, so the prompts of siblings share
/// everything up to the judged step, and a path judged again one step deeper reuses its earlier lines
/// from a prefix cache. The score is P(Yes) / (P(Yes) + P(No)) at the next token.
public enum JudgePrompt {
    /// The system message of the judging prompt.
    public static let systemPrompt =
        "You are a meticulous math teacher. You check one step of a student's solution at a time."

    /// The answer that scores a step as correct.
    public static let yes = "Yes"
    /// The answer that scores a step as wrong.
    public static let no = "No"

    /// The judging conversation for the last of `steps`.
    public static func messages(problem: Problem, steps: [String]) -> [ChatMessage] {
        var user =
            "Problem:\n\(problem.statement.trimmingCharacters(in: .whitespacesAndNewlines))\n\nSolution so far:\n"
        for (index, step) in steps.enumerated() {
            user += "Step \(index + 1): \(PRMFormat.strip(step))\n"
        }
        user += "\nIs Step \(steps.count) mathematically correct and a sensible way forward? Answer \(yes) or \(no)."
        return [ChatMessage(role: .system, content: systemPrompt), ChatMessage(role: .user, content: user)]
    }
}
