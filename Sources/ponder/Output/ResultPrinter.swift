import Foundation
import PonderCore

/// Human and JSON renderings of a search result; the API key is taken out of both (``SecretRedaction``), in
/// case a server put it into a model name or a generated text.
enum ResultPrinter {
    static func printHeader(
        problem: Problem, strategy: any SearchStrategy, model: ModelDescriptor, verifier: (any ProcessRewardModel)?
    ) {
        let out = { (line: String) in Swift.print(SecretRedaction.redact(line)) }
        out("Problem: \(problem.statement.trimmingCharacters(in: .whitespacesAndNewlines))")
        let judge = verifier.map { " · verifier \($0.name)\($0.descriptor.map { " (\($0.name))" } ?? "")" } ?? ""
        out("Strategy: \(strategy.name), N = \(strategy.budget) · model \(model.name)\(judge)")
        out("")
    }

    static func json(_ result: SearchResult) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        // snake_case, like the CSV files and the OpenAI-style APIs users know (`stop_reason`, `step_scores`).
        encoder.keyEncodingStrategy = .convertToSnakeCase
        return SecretRedaction.redact(String(decoding: try encoder.encode(result), as: UTF8.self))
    }

    static func show(_ result: SearchResult, showSolutions: Bool) {
        let out = { (line: String) in Swift.print(SecretRedaction.redact(line)) }
        switch result.stopReason {
        case .completed: break
        case .cancelled: out("(cancelled: partial result)")
        case .settled
        where result.strategy == TreeSearch.Shape.beam.rawValue
            || result.strategy == TreeSearch.Shape.dvts.rawValue:
            out("(settled after \(result.samplesSpent) finished paths; the beams still expanding stopped)")
        case .settled: out("(settled after \(result.samplesSpent) of \(result.budget) samples)")
        case .dispersed:
            let tree = [TreeSearch.Shape.beam.rawValue, TreeSearch.Shape.dvts.rawValue].contains(result.strategy)
            out(
                "(gave up after \(result.samplesSpent) \(tree ? "finished paths" : "of \(result.budget) samples"): "
                    + "the answers are too dispersed for any to win; the vote so far answers)")
        case .deadline: out("(deadline: best answer after \(result.samplesSpent) finished candidates)")
        case .budget: out("(FLOPs budget reached: best answer after \(result.samplesSpent) finished candidates)")
        }
        if result.accounting.failedRequests > 0 {
            out(
                "(degraded: \(result.accounting.failedRequests) server requests failed after their retries; their branches ended early)"
            )
        }
        if let winner = result.votes.winner, let first = result.votes.groups[winner].members.first {
            out("Solution (candidate #\(first)):")
            out(indent(result.candidates[first].text))
            out("")
        }
        out("Answer: \(result.answer ?? "(none)")")
        out("")
        out("Votes (\(result.votes.rule.name)):")
        let answerWidth = min(40, max(8, result.votes.groups.map(\.answer.count).max() ?? 8))
        out("  " + pad("answer", answerWidth) + "  votes  score     candidates")
        for (index, group) in result.votes.groups.enumerated() {
            let mark = index == result.votes.winner ? "*" : " "
            out(
                "\(mark) " + pad(group.answer, answerWidth) + "  " + pad("\(group.members.count)", 5) + "  "
                    + pad(format(group.score), 8) + "  " + group.members.map(String.init).joined(separator: ","))
        }
        let unanswered = result.candidates.filter { $0.answer == nil }.map(\.index)
        if !unanswered.isEmpty {
            out(
                "  " + pad("(no answer)", answerWidth) + "  " + pad("\(unanswered.count)", 5) + "  " + pad("", 8) + "  "
                    + unanswered.map(String.init).joined(separator: ","))
        }
        out("")
        if let plan = result.plan {
            out("Plan (\(plan.profile)):")
            for line in plan.explanation.split(separator: "\n") { out("  \(line)") }
            out("")
        }
        out("Candidates:")
        for candidate in result.candidates {
            let score =
                (candidate.score.map { " score \(String(format: "%.3f", $0))" } ?? "")
                + (candidate.outcomeScore.map { " outcome \(String(format: "%.3f", $0))" } ?? "")
            out(
                "  #\(pad("\(candidate.index)", 3)) " + pad(candidate.answer?.text ?? "-", answerWidth)
                    + "  \(candidate.generatedTokens) tokens, \(candidate.steps.count) steps, \(candidate.finishReason.rawValue)\(score)"
            )
            if showSolutions { out(indent(candidate.text, by: 8)) }
        }
        out("")
        out("Compute:")
        for (role, compute) in [("policy", result.accounting.policy), ("verifier", result.accounting.verifier)] {
            guard let compute else { continue }
            let usage = compute.usage
            out(
                "  \(role) \(compute.model), \(compute.parameterCount) parameters, \(String(format: "%.1f", compute.seconds)) s"
            )
            out(
                "    tokens evaluated \(usage.promptTokensEvaluated), reused from KV cache \(usage.promptTokensReused), generated \(usage.generatedTokens)"
            )
            out("    FLOPs \(String(format: "%.3g", compute.flops)) (2 × parameters × \(usage.processedTokens) tokens)")
        }
        let policy = result.accounting.policy
        let rate = policy.seconds > 0 ? Double(policy.usage.generatedTokens) / policy.seconds : 0
        out(
            "  total FLOPs \(String(format: "%.3g", result.accounting.totalFLOPs)), wall \(String(format: "%.1f", result.accounting.wallSeconds)) s, \(String(format: "%.1f", rate)) generated tokens/s"
        )
    }

    private static func pad(_ text: String, _ width: Int) -> String {
        let clipped = text.count > width ? String(text.prefix(width - 1)) + "…" : text
        return clipped.padding(toLength: width, withPad: " ", startingAt: 0)
    }

    private static func format(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e9 ? String(Int(value)) : String(format: "%.4f", value)
    }

    private static func indent(_ text: String, by spaces: Int = 4) -> String {
        let prefix = String(repeating: " ", count: spaces)
        return text.split(separator: "\n", omittingEmptySubsequences: false).map { prefix + $0 }.joined(separator: "\n")
    }
}
